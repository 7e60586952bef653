// GET /api/search's parameters: defaults, every parameter, the page arithmetic, and refusals
// that name the parameter (in the error's param() and at the start of its message).
#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

#include <rassegna/error.h>

#include "searcher/api/params.h"

namespace rassegna::api {
namespace {

std::string error_message_for(const Params& params) {
  try {
    parse_search_params(params);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    return e.what();
  }
  return "(accepted)";
}

TEST(SearchParams, Defaults) {
  SearchParams p = parse_search_params({});
  EXPECT_EQ(p.page, 1u);
  EXPECT_EQ(p.size, 10u);
  EXPECT_EQ(p.request.offset, 0u);
  EXPECT_EQ(p.request.limit, 10u);
  EXPECT_TRUE(p.request.facets);
  EXPECT_TRUE(p.request.snippets);
  EXPECT_EQ(p.request.sort, SortOrder::relevance);
  EXPECT_TRUE(p.request.query.empty());
}

TEST(SearchParams, EveryParameter) {
  SearchParams p = parse_search_params({{"q", "tiktok oracle"},
                                        {"company", "Oracle"},
                                        {"company", "MSFT"},
                                        {"company", ""},
                                        {"lang", "it"},
                                        {"from", "2020-09"},
                                        {"to", "2020-09-30"},
                                        {"sort", "date"},
                                        {"page", "3"},
                                        {"size", "20"},
                                        {"facets", "false"},
                                        {"utm_source", "ignored"}});
  EXPECT_EQ(p.request.query, "tiktok oracle");
  EXPECT_EQ(p.request.companies, (std::vector<std::string>{"Oracle", "MSFT"}));
  EXPECT_EQ(p.request.lang, "it");
  EXPECT_EQ(p.request.from, "2020-09");
  EXPECT_EQ(p.request.to, "2020-09-30");
  EXPECT_EQ(p.request.sort, SortOrder::date);
  EXPECT_EQ(p.page, 3u);
  EXPECT_EQ(p.size, 20u);
  EXPECT_EQ(p.request.offset, 40u);
  EXPECT_EQ(p.request.limit, 20u);
  EXPECT_FALSE(p.request.facets);
}

TEST(SearchParams, FacetFlags) {
  EXPECT_TRUE(parse_search_params({{"facets", "1"}}).request.facets);
  EXPECT_TRUE(parse_search_params({{"facets", "true"}}).request.facets);
  EXPECT_FALSE(parse_search_params({{"facets", "0"}}).request.facets);
  EXPECT_FALSE(parse_search_params({{"facets", "false"}}).request.facets);
}

TEST(SearchParams, PagingDepth) {
  // (page - 1) * size may reach max_offset (10000), not pass it.
  EXPECT_EQ(parse_search_params({{"page", "1001"}}).request.offset, 10000u);
  EXPECT_EQ(parse_search_params({{"page", "101"}, {"size", "100"}}).request.offset, 10000u);
  EXPECT_EQ(error_message_for({{"page", "1002"}}).rfind("page: 1002 is too deep", 0), 0u);
  EXPECT_EQ(error_message_for({{"page", "102"}, {"size", "100"}}).rfind("page:", 0), 0u);
}

TEST(SearchParams, BadValuesNameTheParameter) {
  const std::string long_q(4097, 'a');
  const std::vector<std::pair<Params, std::string>> cases = {
      {{{"size", "0"}}, "size: '0' is not between 1 and 100"},
      {{{"size", "101"}}, "size: '101' is not between 1 and 100"},
      {{{"size", "abc"}}, "size: 'abc' is not a whole number between 1 and 100"},
      {{{"size", ""}}, "size: '' is not a whole number"},
      {{{"size", "-1"}}, "size: '-1' is not a whole number"},
      {{{"size", "10.5"}}, "size: '10.5' is not a whole number"},
      {{{"size", " 10"}}, "size: ' 10' is not a whole number"},
      {{{"size", "99999999999999999999999999"}}, "size: '99999999999999999999999999' is not between"},
      {{{"page", "0"}}, "page: '0' is not between 1 and"},
      {{{"page", "-3"}}, "page: '-3' is not a whole number"},
      {{{"page", "1e3"}}, "page: '1e3' is not a whole number"},
      {{{"page", "18446744073709551616"}}, "page: '18446744073709551616' is not between"},
      {{{"sort", "newest"}}, "sort: 'newest' is not one of: relevance, date"},
      {{{"lang", "fr"}}, "lang: 'fr' is not one of: it, en"},
      {{{"lang", "IT"}}, "lang: 'IT' is not one of: it, en"},
      {{{"facets", "yes"}}, "facets: 'yes' is not one of: 1, 0, true, false"},
      {{{"q", long_q}}, "q: is 4097 bytes long; the limit is 4096"},
      {{{"q", "caf\xC3"}}, "q: is not valid UTF-8"},
      {{{"q", "\xFF\xFE"}}, "q: is not valid UTF-8"},
      {{{"q", "\xC0\xAF"}}, "q: is not valid UTF-8"},          // overlong '/'
      {{{"q", "\xED\xA0\x80"}}, "q: is not valid UTF-8"},      // surrogate
      {{{"q", std::string("a\0b", 3)}}, "q: is not valid UTF-8 text (or holds a NUL byte)"},
      {{{"company", "\x80"}}, "company: is not valid UTF-8"},
      {{{"company", std::string(257, 'x')}}, "company: is 257 bytes long; the limit is 256"},
      {{{"from", "\xFF"}}, "from: is not valid UTF-8"},
      {{{"to", std::string(300, '2')}}, "to: is 300 bytes long"},
      {{{"q", "a"}, {"q", "b"}}, "q: given 2 times; give it once"},
      {{{"size", "5"}, {"size", "5"}}, "size: given 2 times"},
  };
  for (const auto& [params, expected] : cases) {
    std::string message = error_message_for(params);
    EXPECT_EQ(message.rfind(expected, 0), 0u) << "expected: " << expected << "\n     got: " << message;
  }
}

TEST(SearchParams, TooManyWords) {
  std::string q;
  for (int i = 0; i < 128; ++i) q += "w" + std::to_string(i) + (i % 2 ? "\t" : "  ");
  EXPECT_EQ(error_message_for({{"q", q}}), "(accepted)");
  EXPECT_EQ(error_message_for({{"q", q + "one-more"}}), "q: has 129 words; the limit is 128");
}

TEST(SearchParams, TooManyCompanies) {
  Params p;
  for (int i = 0; i < 21; ++i) p.emplace("company", "c" + std::to_string(i));
  EXPECT_EQ(error_message_for(p), "company: given more than 20 times");
  p.erase(p.begin());
  EXPECT_EQ(error_message_for(p), "(accepted)");
}

TEST(SearchParams, LongValuesAreCutInMessages) {
  std::string message = error_message_for({{"sort", std::string(5000, 'z')}});
  EXPECT_LT(message.size(), 200u);
  EXPECT_NE(message.find("(5000 bytes)"), std::string::npos);
}

TEST(SearchParams, TheErrorCarriesTheParameter) {
  try {
    parse_search_params({{"size", "0"}});
    ADD_FAILURE() << "size=0 accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.param(), "size");
    EXPECT_STREQ(e.message(), "'0' is not between 1 and 100");
  }
}

TEST(HighlightQuery, OptionalCheckedLikeASearchQuery) {
  EXPECT_EQ(parse_highlight_query({}), "");
  EXPECT_EQ(parse_highlight_query({{"q", "amministrazione"}, {"size", "ignored"}}), "amministrazione");
  for (const Params& bad : std::vector<Params>{{{"q", "\xFF"}}, {{"q", std::string(4097, 'a')}}, {{"q", "a"}, {"q", "b"}}}) {
    try {
      parse_highlight_query(bad);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.param(), "q") << e.what();
    }
  }
}

TEST(ParameterText, Utf8WithoutNul) {
  EXPECT_TRUE(is_parameter_text(""));
  EXPECT_TRUE(is_parameter_text("città 🙂"));
  EXPECT_FALSE(is_parameter_text(std::string("a\0b", 3)));
  EXPECT_FALSE(is_parameter_text("caf\xC3"));
}

TEST(QuoteValue, ShortAsIsLongCutAtACharacter) {
  EXPECT_EQ(quote_value("oracle"), "'oracle'");
  std::string long_value = std::string(59, 'a') + "\xC3\xA0" + std::string(100, 'b');  // 'à' across the cut
  EXPECT_EQ(quote_value(long_value), "'" + std::string(59, 'a') + "...' (" + std::to_string(long_value.size()) + " bytes)");
}

}  // namespace
}  // namespace rassegna::api
