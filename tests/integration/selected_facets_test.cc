// The company facet keeps the companies the search is filtered by: with company=Oracle, Oracle is
// in facets.company with its count and marked selected, however small the count, on the direct
// matcher and on Xapian's Enquire alike (the facet ignores its own filter, so without this a
// rare company drops out of the top 20 and the filter vanishes from its own list).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "searcher/query/facets.h"
#include "searcher/query/searcher.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

using testing::bundled_db;

struct Path {
  const char* name;
  bool direct;
};
const Path kPaths[] = {{"direct matcher", true}, {"Enquire", false}};

Searcher searcher_for(const Path& p) {
  SearcherOptions o;
  o.direct_match = p.direct;
  return Searcher(bundled_db(), o);
}

SearchRequest request(const std::string& query, std::vector<std::string> companies) {
  SearchRequest r;
  r.query = query;
  r.companies = std::move(companies);
  r.facets = true;
  r.snippets = false;
  r.limit = 1;
  return r;  // facet_size stays 20, as the API asks
}

// Every company's count over the matches of `query` without any company filter.
std::map<std::string, uint64_t> all_counts(Searcher& s, const std::string& query) {
  SearchRequest r = request(query, {});
  r.facet_size = 100000;
  std::map<std::string, uint64_t> out;
  const SearchResult result = s.search(r);
  for (const auto& b : result.facets->company) out[b.value] = b.count;
  return out;
}

const FacetBucket* find(const std::vector<FacetBucket>& facet, const std::string& value) {
  for (const auto& b : facet) {
    if (b.value == value) return &b;
  }
  return nullptr;
}

// Queries whose company facet has more than 20 companies, among them Oracle, which does not
// make the top 20 (bundled corpus, every article: Oracle 10, the 20th 19; "said": Oracle a few).
const char* const kBroadQueries[] = {"", "said", "said OR mercato"};

TEST(SelectedFacets, ASelectedCompanyOutsideTheTopIsKeptWithItsCount) {
  for (const Path& p : kPaths) {
    Searcher s = searcher_for(p);
    for (const char* q : kBroadQueries) {
      const std::string what = std::string(p.name) + ", q='" + q + "'";
      const auto counts = all_counts(s, q);
      ASSERT_GT(counts.size(), 20u) << what;
      ASSERT_GT(counts.at("Oracle"), 0u) << what;
      SearchResult unfiltered = s.search(request(q, {}));
      ASSERT_EQ(find(unfiltered.facets->company, "Oracle"), nullptr) << what << ": Oracle is in the top 20 anyway";

      SearchResult r = s.search(request(q, {"Oracle"}));
      ASSERT_TRUE(r.facets) << what;
      const FacetBucket* oracle = find(r.facets->company, "Oracle");
      ASSERT_NE(oracle, nullptr) << what;
      EXPECT_EQ(oracle->count, counts.at("Oracle")) << what;
      EXPECT_TRUE(oracle->selected) << what;
      // The top 20 are still there, unselected, and the list stays in count order.
      EXPECT_EQ(r.facets->company.size(), 21u) << what;
      for (size_t i = 0; i < r.facets->company.size(); ++i) {
        const FacetBucket& b = r.facets->company[i];
        EXPECT_EQ(b.selected, b.value == "Oracle") << what << " " << b.value;
        EXPECT_EQ(b.count, counts.at(b.value)) << what << " " << b.value;
        if (i > 0) {
          EXPECT_GE(r.facets->company[i - 1].count, b.count) << what;
        }
      }
    }
  }
}

TEST(SelectedFacets, SelectedCompaniesInTheTopAreMarkedInPlace) {
  for (const Path& p : kPaths) {
    Searcher s = searcher_for(p);
    SearchResult plain = s.search(request("", {}));
    SearchResult r = s.search(request("", {"Apple", "Google"}));
    ASSERT_EQ(r.facets->company.size(), plain.facets->company.size()) << p.name;
    for (size_t i = 0; i < r.facets->company.size(); ++i) {
      EXPECT_EQ(r.facets->company[i].value, plain.facets->company[i].value) << p.name;
      EXPECT_EQ(r.facets->company[i].count, plain.facets->company[i].count) << p.name;
      const std::string& v = r.facets->company[i].value;
      EXPECT_EQ(r.facets->company[i].selected, v == "Apple" || v == "Google") << p.name << " " << v;
    }
  }
}

TEST(SelectedFacets, AliasesAFilterInTheQueryAndUnknownCompanies) {
  for (const Path& p : kPaths) {
    Searcher s = searcher_for(p);
    const auto counts = all_counts(s, "");
    // An alias or ticker is listed under the company's own name, once.
    SearchResult alias = s.search(request("", {"ORCL", "oracle"}));
    size_t oracles = 0;
    for (const auto& b : alias.facets->company) {
      if (b.value == "Oracle") {
        ++oracles;
        EXPECT_TRUE(b.selected) << p.name;
        EXPECT_EQ(b.count, counts.at("Oracle")) << p.name;
      }
    }
    EXPECT_EQ(oracles, 1u) << p.name;
    // company: in the query filters too, so it is selected too.
    SearchResult in_query = s.search(request("company:oracle", {}));
    const FacetBucket* oracle = find(in_query.facets->company, "Oracle");
    ASSERT_NE(oracle, nullptr) << p.name;
    EXPECT_TRUE(oracle->selected) << p.name;
    // A company no article has: listed, selected, with 0, so the page can still uncheck it.
    SearchResult unknown = s.search(request("", {"Nessuna Società Così"}));
    EXPECT_EQ(unknown.total, 0u) << p.name;
    const FacetBucket* none = find(unknown.facets->company, "Nessuna Società Così");
    ASSERT_NE(none, nullptr) << p.name;
    EXPECT_EQ(none->count, 0u) << p.name;
    EXPECT_TRUE(none->selected) << p.name;
    // Words no article has: no company counts, the selected one is still listed.
    SearchResult nothing = s.search(request("nessunaparolacosi", {"Oracle"}));
    ASSERT_EQ(nothing.facets->company.size(), 1u) << p.name;
    EXPECT_EQ(nothing.facets->company[0].value, "Oracle") << p.name;
    EXPECT_EQ(nothing.facets->company[0].count, 0u) << p.name;
  }
}

TEST(SelectedFacets, CompanyFacetFromCounts) {
  const std::vector<std::string> names = {"A", "B", "C", "D", "Ee"};
  const std::vector<uint64_t> counts = {5, 4, 3, 1, 0};
  auto values = [](const std::vector<FacetBucket>& f) {
    std::string out;
    for (const auto& b : f) out += b.value + (b.selected ? "*" : "") + "=" + std::to_string(b.count) + " ";
    return out;
  };
  EXPECT_EQ(values(company_facet(names, counts, 2)), "A=5 B=4 ");
  EXPECT_EQ(values(company_facet(names, counts, 2, {"D"})), "A=5 B=4 D*=1 ");
  EXPECT_EQ(values(company_facet(names, counts, 2, {"B"})), "A=5 B*=4 ");
  EXPECT_EQ(values(company_facet(names, counts, 2, {"ee", "Zed"})), "A=5 B=4 Zed*=0 ee*=0 ");
  EXPECT_EQ(values(company_facet(names, counts, 10, {"c", "C"})), "A=5 B=4 C*=3 D=1 ");
  EXPECT_EQ(values(company_facet(names, counts, 0, {"A"})), "A*=5 ");
}

}  // namespace
}  // namespace rassegna
