#include <gtest/gtest.h>

#include <rassegna/dates.h>

namespace rassegna {
namespace {

TEST(Dates, ParsesArticleDates) {
  const std::vector<std::pair<std::string, std::string>> good = {
      {"2020-09-14", "20200914000000"},
      {"1987-02-26T15:02:20", "19870226150220"},
      {"2006-10-20T16:25:00-04:00", "20061020162500"},
      {"2024-09-21T08:00:00Z", "20240921080000"},
      {"2024-09-21 08:00", "20240921080000"},
      {"2024-02-29", "20240229000000"},
  };
  for (const auto& [in, key] : good) {
    auto d = parse_article_date(in);
    ASSERT_TRUE(d) << in;
    EXPECT_EQ(d->timestamp_key(), key) << in;
  }
  for (const char* bad : {"", "yesterday", "2023-02-29", "2020-13-01", "2020-9-1", "14/09/2020", "2020-09-14T25:00",
                          "2020-09-14Tnoon", "2020-09-14T10:00:00+99:00"}) {
    EXPECT_FALSE(parse_article_date(bad)) << bad;
  }
}

TEST(Dates, BoundsAreInclusive) {
  EXPECT_EQ(parse_date_bound("2020", false)->day_key(), "20200101");
  EXPECT_EQ(parse_date_bound("2020", true)->day_key(), "20201231");
  EXPECT_EQ(parse_date_bound("2020-02", true)->day_key(), "20200229");
  EXPECT_EQ(parse_date_bound("2021-02", true)->day_key(), "20210228");
  EXPECT_EQ(parse_date_bound("2020-09-30", true)->day_key(), "20200930");
  EXPECT_FALSE(parse_date_bound("2020-9", false));
  EXPECT_FALSE(parse_date_bound("20", false));
  EXPECT_FALSE(parse_date_bound("2020-02-30", false));
}

}  // namespace
}  // namespace rassegna
