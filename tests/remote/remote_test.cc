// Remote parts served by real xapian-tcpsrv processes on loopback: a stub of 2 and of 3 parts
// (one of them local in the second) must return what one local database holding the same
// articles returns, for every grammar form and a few hundred generated queries: hits, scores
// (1e-9), totals, company facets, day counts, snippets. And the company slots must count an
// article with more companies than slots exactly.
#include <filesystem>
#include <gtest/gtest.h>
#include <map>

#include <rassegna/error.h>
#include <rassegna/schema.h>

#include "indexer/document_builder.h"
#include "searcher/query/searcher.h"
#include "tcpsrv.h"
#include "tests/common/test_support.h"
#include "tests/integration/grammar_forms.h"
#include "tests/integration/query_generator.h"
#include "tests/integration/tree_oracle.h"

namespace rassegna {
namespace {

using testing::TcpSrv;
using testing::TempDir;

#define SKIP_WITHOUT_TCPSRV()                                                                        \
  if (testing::tcpsrv_program().empty())                                                            \
  GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian package xapian-tools; scripts/install-deps.sh)"

std::string describe(const SearchRequest& r) {
  std::string s = "q='" + r.query + "'";
  if (!r.lang.empty()) s += " lang=" + r.lang;
  for (const auto& c : r.companies) s += " company=" + c;
  if (!r.from.empty()) s += " from=" + r.from;
  if (!r.to.empty()) s += " to=" + r.to;
  if (r.sort == SortOrder::date) s += " by date";
  return s + " offset=" + std::to_string(r.offset) + " limit=" + std::to_string(r.limit) +
         (r.facets ? " facets" : "") + (r.snippets ? " snippets" : "");
}

std::map<std::string, uint64_t> companies_of(const SearchResult& r) {
  std::map<std::string, uint64_t> out;
  for (const auto& b : r.facets->company) out[b.value + (b.selected ? " (selected)" : "")] = b.count;
  return out;
}

// `remote` must equal `local` in everything a search returns.
void expect_same(const SearchResult& local, const SearchResult& remote, const std::string& what) {
  EXPECT_FALSE(remote.partial) << what;
  EXPECT_TRUE(remote.total_exact) << what << "\n  remote totals are always exact";
  if (local.total_exact) {
    EXPECT_EQ(remote.total, local.total) << what;
  }
  ASSERT_EQ(remote.hits.size(), local.hits.size()) << what;
  for (size_t i = 0; i < local.hits.size(); ++i) {
    const Hit &a = local.hits[i], &b = remote.hits[i];
    EXPECT_NEAR(b.score, a.score, 1e-9) << what << "\n  hit " << i;
    // The parts number documents as the one database does, so even equal scores keep their order.
    EXPECT_EQ(b.id, a.id) << what << "\n  hit " << i;
    EXPECT_EQ(b.title, a.title) << what;
    EXPECT_EQ(b.date, a.date) << what;
    EXPECT_EQ(b.companies, a.companies) << what;
    EXPECT_EQ(b.snippet, a.snippet) << what << "\n  hit " << i;
    EXPECT_EQ(b.title_html, a.title_html) << what;
  }
  ASSERT_EQ(remote.facets.has_value(), local.facets.has_value()) << what;
  if (!local.facets) return;
  EXPECT_EQ(companies_of(remote), companies_of(local)) << what << "\n  company facet";
  const DateFacet &x = local.facets->date, &y = remote.facets->date;
  EXPECT_EQ(y.granularity, x.granularity) << what;
  EXPECT_EQ(y.undated, x.undated) << what;
  ASSERT_EQ(y.buckets.size(), x.buckets.size()) << what;
  for (size_t i = 0; i < x.buckets.size(); ++i) {
    EXPECT_EQ(y.buckets[i].value, x.buckets[i].value) << what;
    EXPECT_EQ(y.buckets[i].count, x.buckets[i].count) << what << " " << x.buckets[i].value;
  }
}

// The bundled corpus split into `n` parts, each but `local_parts` of them served by its own
// xapian-tcpsrv, listed in a stub.
struct Remote {
  Remote(size_t n, size_t local_parts = 0) {
    const std::vector<std::string> paths = testing::split_database(testing::bundled_db(), n, dir.path());
    std::vector<std::string> lines;
    for (size_t k = 0; k < n; ++k) {
      if (k >= n - local_parts) {
        lines.push_back("auto " + paths[k]);
      } else {
        servers.push_back(std::make_unique<TcpSrv>(paths[k]));
        lines.push_back("remote 127.0.0.1:" + std::to_string(servers.back()->port()));
      }
    }
    stub = dir / "XAPIANDB";
    testing::write_stub(stub, lines);
  }
  TempDir dir;
  std::vector<std::unique_ptr<TcpSrv>> servers;
  std::string stub;
};

void compare_on_every_query(Remote& remote, size_t generated) {
  Searcher local(testing::bundled_db()), parts(remote.stub);
  analysis::Analyzer analyzer;
  size_t cases = 0, with_hits = 0;
  auto same = [&](const SearchRequest& r) {
    const SearchResult a = local.search(r), b = parts.search(r);
    expect_same(a, b, describe(r));
    if (r.facets) {
      EXPECT_TRUE(b.total_exact) << describe(r);
    }
    ++cases;
    if (a.total > 0) ++with_hits;
  };
  for (auto [request, tree] : testing::grammar_forms(analyzer)) {
    same(request);
    request.snippets = true;  // snippets from the remote document data
    request.facet_size = 10;
    same(request);
    if (::testing::Test::HasFailure()) return;
  }
  testing::TreeOracle oracle(testing::bundled_db());
  testing::QueryGenerator generator(oracle, analyzer, 141414);
  for (size_t i = 0; i < generated; ++i) {
    SearchRequest r = generator.next(i % 2 == 0).request;
    r.snippets = i % 3 == 0;
    same(r);
    if (::testing::Test::HasFailure() && i > 10) break;
  }
  EXPECT_GE(with_hits, cases / 2);
  std::cout << cases << " requests, " << with_hits << " with hits: remote parts equal one database\n";
}

TEST(Remote, TwoRemotePartsEqualOneDatabase) {
  SKIP_WITHOUT_TCPSRV();
  Remote remote(2);
  compare_on_every_query(remote, 300);
}

TEST(Remote, TwoRemoteAndOneLocalPartEqualOneDatabase) {
  SKIP_WITHOUT_TCPSRV();
  Remote remote(3, 1);
  compare_on_every_query(remote, 200);
}

TEST(Remote, ThreeRemotePartsEqualOneDatabase) {
  SKIP_WITHOUT_TCPSRV();
  Remote remote(3);
  compare_on_every_query(remote, 200);
  // Articles and statistics also come through the parts.
  Searcher local(testing::bundled_db()), parts(remote.stub);
  EXPECT_EQ(parts.article(testing::kSeedId).body, local.article(testing::kSeedId).body);
  const DatabaseStats a = local.stats(), b = parts.stats();
  EXPECT_EQ(b.articles, a.articles);
  EXPECT_EQ(b.by_lang, a.by_lang);
  EXPECT_EQ(b.companies, a.companies);
  EXPECT_EQ(b.first_date, a.first_date);
  EXPECT_EQ(b.last_date, a.last_date);
  EXPECT_THROW(parts.article("no-such-id"), Error);
}

// Articles with 0 to 45 companies: the company slots hold 31 names and the rest joined in the
// last slot; the counts over remote parts must equal those of the local database's own spy,
// which decodes the whole list.
TEST(Remote, CompaniesBeyondTheSlotsAreCountedExactly) {
  SKIP_WITHOUT_TCPSRV();
  TempDir dir;
  const std::string one = dir / "one";
  {
    Xapian::WritableDatabase db(one, Xapian::DB_CREATE);
    db.set_metadata(std::string(schema::kSchemaMetadataKey), std::string(schema::kSchemaVersion));
    DocumentBuilder builder;
    const std::vector<size_t> sizes = {0, 1, 2, 30, 31, 32, 33, 45, 45, 3};
    for (size_t i = 0; i < sizes.size(); ++i) {
      Article a;
      a.id = "a" + std::to_string(i);
      a.title = "Mercato";
      a.body = "Il mercato oggi";
      a.lang = "it";
      a.date = "2024-03-0" + std::to_string(1 + i % 5);
      for (size_t c = 0; c < sizes[i]; ++c) a.companies.push_back("Azienda " + std::to_string((c * 7 + i) % 50));
      db.add_document(builder.build(a));
    }
    db.commit();
    Xapian::Document big = db.get_document(8);
    EXPECT_EQ(big.get_value(schema::kSlotCompanyFirst), "Azienda 7");
    EXPECT_NE(big.get_value(schema::kSlotCompanyFirst + schema::kCompanySlots - 1).find(schema::kListSeparator),
              std::string::npos)
        << "the last slot holds the rest of the list";
  }
  const std::vector<std::string> paths = testing::split_database(one, 2, dir.path());
  TcpSrv a(paths[0]), b(paths[1]);
  testing::write_stub(dir / "stub", {"remote " + a.name(), "remote " + b.name()});
  SearcherOptions enquire;
  enquire.direct_match = false;
  Searcher local(one, enquire), parts(dir / "stub");
  for (const std::string q : {"", "mercato", "oggi -nulla"}) {
    SearchRequest r;
    r.query = q;
    r.facets = true;
    r.facet_size = 1000;
    const SearchResult x = local.search(r), y = parts.search(r);
    ASSERT_EQ(x.facets->company.size(), 50u);
    expect_same(x, y, "q='" + q + "'");
  }
}

}  // namespace
}  // namespace rassegna
