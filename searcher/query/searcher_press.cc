// Searcher members for the press-office features (exports, feeds, company profiles, spelling
// suggestions): kept apart from searcher.cc, which they use only through with_ranked_docids().

#include <algorithm>
#include <cctype>

#include <rassegna/error.h>
#include <rassegna/schema.h>

#include "searcher/query/facets.h"
#include "searcher/query/searcher.h"
#include "searcher/query/spelling.h"

namespace rassegna {

std::vector<std::string> Searcher::match_ids(const SearchRequest& request, size_t max) {
  std::vector<std::string> ids;
  SearchRequest r = request;
  r.snippets = false;
  with_ranked_docids(request, max, [&](const std::vector<Xapian::docid>& ranked) {
    ids.clear();
    ids.reserve(ranked.size());
    const ParsedQuery none;
    for (Xapian::docid d : ranked) ids.push_back(make_hit(d, 0, r, none).id);
  });
  return ids;
}

std::vector<FacetBucket> Searcher::co_mentions(const SearchRequest& request, const std::string& company, size_t n,
                                               uint64_t* mentions) {
  SearchRequest r = request;
  r.companies = {company};
  r.sort = SortOrder::relevance;
  std::vector<FacetBucket> top;
  with_ranked_docids(r, db_.get_doccount() + 1, [&](const std::vector<Xapian::docid>& ranked) {
    // The companies of each match from its value slot (db_'s docids: a collection's too).
    CompanyCountSpy spy(nullptr);
    for (Xapian::docid d : ranked) spy(db_.get_document(d, Xapian::DOC_ASSUME_VALID), 0);
    if (mentions != nullptr) *mentions = ranked.size();
    top = spy.top(n + 1);
  });
  const std::string key = schema::company_key(gazetteer_ && gazetteer_->resolve(company) >= 0
                                                  ? gazetteer_->companies()[static_cast<size_t>(gazetteer_->resolve(company))].name
                                                  : company);
  top.erase(std::remove_if(top.begin(), top.end(), [&](const FacetBucket& b) { return schema::company_key(b.value) == key; }),
            top.end());
  if (top.size() > n) top.resize(n);
  return top;
}

std::string Searcher::suggest(const std::string& query, const std::string& lang) {
  if (query.size() > options_.limits.max_query_bytes) {
    throw Error(ErrorCode::invalid_argument, "query",
                "is " + std::to_string(query.size()) + " bytes long; the limit is " + std::to_string(options_.limits.max_query_bytes));
  }
  for (int attempt = 1;; ++attempt) {
    try {
      refresh();
      // A large part's words are read from its lexicon (built at the first suggestion after the
      // part changed, shared by the Searchers of the process); a small one is scanned.
      std::vector<spelling::WordSource> sources;
      for (Part& part : parts_) {
        if (part.db.get_doccount() >= spelling::kLexiconDocs) {
          part.lexicon = spelling::Lexicon::current(part.db);
        } else {
          part.lexicon.reset();
        }
        sources.push_back(spelling::WordSource{&part.db, part.lexicon});
      }
      return spelling::suggest_query(db_, analyzer_, query, lang, sources);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 3) throw Error(ErrorCode::unavailable, "the database kept changing while being read; retry");
    }
  }
}

}  // namespace rassegna
