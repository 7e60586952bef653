#pragma once
// The searcher over one Rassegna database or collection: ranked hits with snippets, exact facets,
// filters, sorting, single articles and database statistics. Sees new commits of a concurrent
// indexer (reopens before each call, retries on DatabaseModifiedError) and new partitions of a
// collection (the stub file is checked before each call).
//
// A collection (rassegna/collection.h, or any stub listing local databases) is searched
// partition by partition with the collection's statistics, each partition with a DocTable of
// its own (a commit rebuilds only the table of the partition it changed), so hits, scores,
// totals and facets equal those of one database holding the same articles. A stub listing remote
// parts (xapian-tcpsrv) is searched through Enquire alone, its facets with Xapian's own spies
// (remote_facets.h), and answers with the parts that answer (remote_parts.h).
// Not thread-safe: a Xapian::Database must not be shared between threads. Use one per thread.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <xapian.h>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/article.h>
#include <rassegna/gazetteer.h>

#include "searcher/query/doc_table.h"
#include "searcher/query/facet_registry.h"
#include "searcher/query/query_parser.h"
#include "searcher/query/remote_parts.h"
#include "searcher/query/search_limits.h"
#include "searcher/query/search_request.h"
#include "searcher/query/snippet.h"
#include "searcher/query/spelling.h"

namespace rassegna {

struct DatabaseStats {
  uint64_t articles = 0;
  std::map<std::string, uint64_t> by_lang;
  std::string first_date, last_date;  // YYYY-MM-DD, empty when no dated article
  uint64_t undated = 0;
  uint64_t companies = 0;             // distinct companies tagged
  std::string last_update;            // ISO-8601 time of the last commit by rassegna-index
};

struct SearcherOptions {
  SnippetOptions snippet;
  SearchLimits limits;  // query bytes, hits per request and paging depth are checked here
  // Plain conjunctions of words run on the direct matcher (direct_match.h); false sends every
  // query through Xapian's Enquire (tests compare the two).
  bool direct_match = true;
  // Timeouts and retries for a stub that lists remote parts (remote_parts.h).
  RemoteOptions remote;
};

class Searcher {
 public:
  // Throws rassegna::Error(unavailable) when the database is missing or unreadable.
  explicit Searcher(const std::string& db_path, SearcherOptions options = {});

  // Throws rassegna::Error(invalid_argument) whose param() names the SearchRequest field at
  // fault ("query", "from", "to", "lang", "limit", "offset").
  SearchResult search(const SearchRequest& request);

  // The whole article; throws rassegna::Error(not_found).
  Article article(const std::string& id);

  // The article's body with the words of `query` marked (HTML-escaped), for a full view.
  // Throws rassegna::Error(invalid_argument) with param() "query" for a bad query.
  std::string highlighted_body(const Article& a, const std::string& query);
  // The article's title, marked the same way (what a hit's title_html holds).
  std::string highlighted_title(const Article& a, const std::string& query);

  DatabaseStats stats();

  // --- press-office features (their code: export.cc, spelling.cc; their callers: api/feeds.cc,
  // query/trends.cc) -----------------------------------------------------------------------------

  // The ids of every match of `request` in the order search() ranks them (its offset, limit,
  // snippets and facets are ignored), at most `max`. Ids, not docids: they stay valid across
  // commits, so an export can read the articles in batches afterwards. Errors as search().
  std::vector<std::string> match_ids(const SearchRequest& request, size_t max);

  // How often each company is named together with `company` in the matches of `request` (its
  // company filter replaced by `company`): the `n` most frequent, `company` itself left out.
  // Exact: every match is read. `mentions` receives the number of matches.
  std::vector<FacetBucket> co_mentions(const SearchRequest& request, const std::string& company, size_t n,
                                       uint64_t* mentions = nullptr);

  // A spelling suggestion for `query` (words replaced by close, more frequent indexed words in
  // `lang`, or in any language when empty); empty when every word is fine or nothing is close.
  std::string suggest(const std::string& query, const std::string& lang);

  // The gazetteer the database was tagged with; null when it has none.
  const entities::Gazetteer* gazetteer() {
    refresh();
    return gazetteer_.get();
  }

  // The articles most like article `id` (related.cc): Xapian's relevance feedback, the terms
  // of its expand set as a query, without the article and its own story (its near-duplicates),
  // one hit per story. `days` > 0: only articles dated within that many days of it.
  // Throws rassegna::Error(not_found) for an unknown id, invalid_argument ("limit", "days").
  SearchResult related(const std::string& id, size_t days = 0, size_t limit = 10);

  const std::string& path() const { return path_; }

 private:
  SearchResult search_once(const SearchRequest& request);
  void check_request(const SearchRequest& request) const;  // search()'s refusals
  // Calls `use` with the docids of db_ that match `request`, in search()'s order, at most `max`;
  // when the database changes under `use`, reopens and calls it again.
  void with_ranked_docids(const SearchRequest& request, size_t max,
                          const std::function<void(const std::vector<Xapian::docid>&)>& use);
  // `id`: a docid of db_ (for a collection, interleaved: partition k's document d is
  // (d - 1) * partitions + k + 1, as Xapian numbers a multi-database).
  // `doc`: the document when already fetched (a remote part's, with MSet::fetch).
  Hit make_hit(Xapian::docid id, double score, const SearchRequest& request, const ParsedQuery& parsed,
               const Xapian::Document* doc = nullptr);
  // Runs `read` on the newest revision; with remote parts, again without a part that failed.
  template <class Read>
  auto on_answering_parts(Read&& read) -> decltype(read());
  // Fills h.duplicate_* from the story of document `id` of db_ (`local` of `part_db`). With
  // `part` (an index into parts_), the story's members are looked for in that partition only.
  void add_duplicates(Hit& h, Xapian::docid id, Xapian::Database& part_db, Xapian::docid local,
                      std::optional<size_t> part = std::nullopt);
  SearchResult related_once(const std::string& id, size_t days, size_t limit);
  void open();
  void open_once();
  void refresh();
  bool refresh_tables();  // true when every part has a table
  void load_gazetteer();
  std::string newest_metadata(const std::string& key);  // of the part last updated

  struct StubStamp {  // (also of a partition's version file, which every commit replaces)
    int64_t mtime_ns = 0, inode = 0, size = 0;
    bool operator==(const StubStamp&) const = default;
  };
  struct Part {
    Xapian::Database db;                       // shares its internals with db_: reopened with it
    std::shared_ptr<const DocTable> table;     // null when the database cannot have one
    // A collection's partition is reopened only when its version file changed.
    std::string version_file;
    StubStamp version_stamp;
    FacetRegistry::Maps facet_maps;            // of `table`, in registry_ (collections)
    std::shared_ptr<const spelling::Lexicon> lexicon;  // its words, once a suggestion needed them (large parts)
  };

  std::string path_;
  SearcherOptions options_;
  Xapian::Database db_;      // everything, as one database (Enquire, articles, statistics)
  std::vector<Part> parts_;  // db_'s local databases; empty when a stub lists remote ones
  std::unique_ptr<RemoteParts> remote_;  // a stub listing remote parts: db_ is its database()
  std::string stub_;         // the stub file, for a collection
  StubStamp stub_stamp_;
  FacetRegistry registry_;   // a collection's facet ids across partitions
  analysis::Analyzer analyzer_;
  std::unique_ptr<entities::Gazetteer> gazetteer_;
  std::string gazetteer_text_;
  std::vector<Xapian::docid>* ranked_ = nullptr;  // set by match_ids: search_once lists docids, makes no hits
};

}  // namespace rassegna
