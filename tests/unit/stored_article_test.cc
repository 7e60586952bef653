#include <gtest/gtest.h>

#include <rassegna/error.h>
#include <rassegna/stored_article.h>

namespace rassegna {
namespace {

TEST(StoredArticle, RoundTripsEveryField) {
  Article a;
  a.id = "x-1";
  a.title = "Titolo è";
  a.body = std::string(100000, 'b') + "\nfine";
  a.date = "2020-09-14T10:00:00+02:00";
  a.lang = "it";
  a.source = "Fonte";
  a.url = "https://example.org/a";
  a.orgs = {"ORCL.N", "MSFT.O"};
  a.companies = {"Microsoft", "Oracle"};
  Article b = decode_article(encode_article(a));
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(b.date, a.date);
  EXPECT_EQ(b.lang, a.lang);
  EXPECT_EQ(b.source, a.source);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.orgs, a.orgs);
  EXPECT_EQ(b.companies, a.companies);
}

TEST(StoredArticle, RejectsForeignData) {
  EXPECT_THROW(decode_article("{\"id\": 1}"), Error);
  std::string truncated = encode_article(Article{"id", "t", "body", "", "", "", "", {}, {}});
  truncated.resize(truncated.size() - 2);
  EXPECT_THROW(decode_article(truncated), Error);
}

}  // namespace
}  // namespace rassegna
