#include "searcher/query/searcher.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <sys/stat.h>
#include <set>
#include <unordered_map>

#include <rassegna/collection.h>
#include <rassegna/dates.h>
#include <rassegna/error.h>
#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

#include "searcher/query/ranking.h"
#include "searcher/query/read_retry.h"
#include "searcher/query/direct_match.h"
#include "searcher/query/facets.h"
#include "searcher/query/given_idf_weight.h"
#include "searcher/query/lowering.h"
#include "searcher/query/remote_facets.h"
#include <rassegna/analysis/languages.h>

namespace rassegna {
namespace {

Xapian::Database open_database(const std::string& path) {
  try {
    Xapian::Database db(path);
    schema::check_schema_version(db, path);
    return db;
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::unavailable,
                "cannot open database '" + path + "': " + e.get_msg() + " (build it with rassegna-index --db " + path + ")");
  }
}

std::string date_bound(const std::string& value, const char* param, bool upper) {
  if (value.empty()) return {};
  auto d = parse_date_bound(value, upper);
  if (!d) throw Error(ErrorCode::invalid_argument, param, "'" + value + "' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD");
  return d->day_key();
}

void check_query_size(const std::string& query, const SearchLimits& limits) {
  if (query.size() > limits.max_query_bytes) {
    throw Error(ErrorCode::invalid_argument, "query",
                "is " + std::to_string(query.size()) + " bytes long; the limit is " + std::to_string(limits.max_query_bytes));
  }
}

Xapian::Query and_all(const std::vector<Xapian::Query>& parts) {
  if (parts.empty()) return Xapian::Query();
  if (parts.size() == 1) return parts[0];
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query filtered(const Xapian::Query& text, const std::vector<Xapian::Query>& filters) {
  Xapian::Query f = and_all(filters);
  if (f.empty()) return text;
  return Xapian::Query(Xapian::Query::OP_FILTER, text, f);
}

}  // namespace

Searcher::Searcher(const std::string& db_path, SearcherOptions options) : path_(db_path), options_(options) {
  open();
  load_gazetteer();
}

namespace {

// What tells a rewritten stub (a new partition) from the one opened.
template <class Stamp>
Stamp stamp_of(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return Stamp{};
  return Stamp{static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
               static_cast<int64_t>(st.st_ino), static_cast<int64_t>(st.st_size)};
}

}  // namespace

void Searcher::open() {
  // A --compact may replace partitions by the archive (and remove them) between reading the
  // stub and opening what it lists: then the stub has changed, and its new list is opened.
  for (int attempt = 0;; ++attempt) {
    try {
      open_once();
      return;
    } catch (const Error&) {
      if (stub_.empty() || attempt >= 4 || stamp_of<StubStamp>(stub_) == stub_stamp_) throw;
    }
  }
}

void Searcher::open_once() {
  parts_.clear();
  remote_.reset();
  stub_ = collection::stub_of(path_);
  if (stub_.empty()) {
    db_ = open_database(path_);
    parts_.push_back(Part{db_, nullptr, {}, {}, {}, {}});
    return;
  }
  stub_stamp_ = stamp_of<StubStamp>(stub_);
  const std::optional<std::vector<std::string>> locals = collection::local_parts(stub_);
  if (!locals) {  // remote parts: Xapian alone searches it, without the parts that fail
    remote_ = std::make_unique<RemoteParts>(stub_, options_.remote);
    db_ = remote_->database();
    return;
  }
  db_ = Xapian::Database();
  registry_ = FacetRegistry();
  for (const auto& p : *locals) {
    const std::string version_file = p + "/iamglass";
    const StubStamp before = stamp_of<StubStamp>(version_file);  // before opening: a commit after it reopens
    Xapian::Database part = open_database(p);
    db_.add_database(part);
    parts_.push_back(Part{part, nullptr, version_file, before, {}, {}});
  }
}

std::string Searcher::newest_metadata(const std::string& key) {
  if (parts_.size() <= 1) return db_.get_metadata(key);
  // Partitions not written by the last runs keep older metadata: the newest is the one to use.
  std::string newest_update, value;
  for (const auto& part : parts_) {
    std::string update = part.db.get_metadata(std::string(schema::kLastUpdateMetadataKey));
    if (update >= newest_update) {
      std::string v = part.db.get_metadata(key);
      if (!v.empty() || value.empty()) {
        newest_update = update;
        value = std::move(v);
      }
    }
  }
  return value;
}

void Searcher::load_gazetteer() {
  std::string text = newest_metadata(std::string(schema::kGazetteerMetadataKey));
  if (text == gazetteer_text_ && (gazetteer_ || text.empty())) return;
  gazetteer_text_ = text;
  gazetteer_.reset();
  if (!text.empty()) {
    try {
      gazetteer_ = std::make_unique<entities::Gazetteer>(entities::Gazetteer::parse(text, path_ + " (gazetteer)"));
    } catch (const Error&) {
      gazetteer_.reset();  // company names are then matched as given
    }
  }
}

void Searcher::refresh() {
  try {
    if (!stub_.empty() && stamp_of<StubStamp>(stub_) != stub_stamp_) {
      open();  // partitions were added (or the stub edited): open the new list
      load_gazetteer();
      return;
    }
    if (remote_) {
      if (remote_->refresh()) {
        db_ = remote_->database();
        load_gazetteer();
      }
      return;
    }
    if (parts_.size() > 1) {
      // A collection: only the partitions whose version file changed (a commit replaces it) are
      // reopened; reopening all of them reads every version file on every search. Unknown
      // stamps (another backend) reopen every time.
      bool changed = false;
      for (auto& part : parts_) {
        const StubStamp now = stamp_of<StubStamp>(part.version_file);
        if (now != StubStamp{} && now == part.version_stamp) continue;
        part.version_stamp = now;
        try {
          if (part.db.reopen()) changed = true;
        } catch (const Xapian::DatabaseModifiedError&) {
          throw;
        } catch (const Xapian::Error&) {
          // Gone since the stub was checked: merged into the archive by a --compact, whose new
          // list is in the stub now.
          open();
          load_gazetteer();
          return;
        }
      }
      if (changed) load_gazetteer();
      return;
    }
    if (db_.reopen()) load_gazetteer();
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;  // on_newest_revision reads again
  } catch (const Xapian::NetworkError&) {
    throw;  // on_answering_parts reads again without the part
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::unavailable, "database '" + path_ + "' became unreadable: " + e.get_msg());
  }
}

template <class Read>
auto Searcher::on_answering_parts(Read&& read) -> decltype(read()) {
  for (size_t attempt = 0;; ++attempt) {
    try {
      return on_newest_revision(read);
    } catch (const Xapian::NetworkError& e) {
      // Every recover() drops a part or reconnects to it; a part that fails again and again
      // must not hold the search.
      if (!remote_ || attempt > 2 * remote_->failed().size() + 4) {
        throw Error(ErrorCode::unavailable, "database '" + path_ + "': " + e.get_type() + ": " + e.get_msg() +
                                                " (" + e.get_context() + ")");
      }
      remote_->recover(e);
      db_ = remote_->database();
    }
  }
}

SearchResult Searcher::search(const SearchRequest& request) {
  check_request(request);
  const auto start = std::chrono::steady_clock::now();
  return on_answering_parts([&] {
    refresh();
    SearchResult r = search_once(request);
    r.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (remote_) {
      r.failed_parts = remote_->failed();
      r.partial = !r.failed_parts.empty();
    }
    return r;
  });
}

void Searcher::with_ranked_docids(const SearchRequest& request, size_t max,
                                  const std::function<void(const std::vector<Xapian::docid>&)>& use) {
  SearchRequest r = request;
  r.offset = 0;
  r.limit = 1;
  r.snippets = false;
  r.facets = false;
  check_request(r);
  r.limit = std::max<size_t>(max, 1);
  on_answering_parts([&] {
    refresh();
    std::vector<Xapian::docid> ranked;
    ranked_ = &ranked;
    try {
      search_once(r);
    } catch (...) {
      ranked_ = nullptr;
      throw;
    }
    ranked_ = nullptr;
    if (ranked.size() > max) ranked.resize(max);
    use(ranked);
  });
}

void Searcher::check_request(const SearchRequest& request) const {
  const SearchLimits& limits = options_.limits;
  if (request.limit > limits.max_limit) {
    throw Error(ErrorCode::invalid_argument, "limit",
                std::to_string(request.limit) + " is more than " + std::to_string(limits.max_limit));
  }
  if (request.offset > limits.max_offset) {
    throw Error(ErrorCode::invalid_argument, "offset",
                "paging stops at " + std::to_string(limits.max_offset) + " hits; narrow the search with filters");
  }
  if (!request.lang.empty() && !analysis::is_stemmed_language(request.lang)) {
    throw Error(ErrorCode::invalid_argument, "lang", "'" + request.lang + "' is not one of: " + analysis::stemmed_language_list());
  }
  check_query_size(request.query, limits);
}

SearchResult Searcher::search_once(const SearchRequest& request) {
  QueryParser parser(analyzer_, gazetteer_.get());
  ParsedQuery parsed = parser.parse(request.query, request.lang);
  // The query's own filters (children of its top-level AND) join the request's: companies,
  // dates and languages each must hold, and each facet leaves out the filters of its kind.
  SplitQuery split = split_filters(parsed.tree);

  std::vector<std::string> any_company;  // the request's companies: one of them
  for (const auto& c : request.companies) {
    if (!c.empty()) any_company.push_back(parser.resolve_company(c));
  }
  std::vector<std::vector<std::string>> company_groups;  // each group: one of its companies
  if (!any_company.empty()) company_groups.push_back(any_company);
  for (const auto& c : split.companies) company_groups.push_back({c});
  std::vector<std::string> selected;  // every company filtered by: always listed in its facet
  for (const auto& group : company_groups) selected.insert(selected.end(), group.begin(), group.end());
  std::string from = date_bound(request.from, "from", false);
  std::string to = date_bound(request.to, "to", true);
  if (!from.empty() && !to.empty() && from > to) {
    throw Error(ErrorCode::invalid_argument, "to", "'" + request.to + "' is before from: '" + request.from + "'");
  }
  if (!split.from.empty()) from = std::max(from, split.from);
  if (!split.to.empty()) to = to.empty() ? split.to : std::min(to, split.to);
  std::vector<std::string> langs = split.langs;
  if (!request.lang.empty()) langs.push_back(request.lang);
  std::sort(langs.begin(), langs.end());
  langs.erase(std::unique(langs.begin(), langs.end()), langs.end());

  std::optional<Xapian::Query> company_filter, date_filter;
  std::vector<Xapian::Query> other_filters;
  if (!company_groups.empty()) {
    std::vector<Xapian::Query> groups;
    for (const auto& group : company_groups) {
      std::vector<Xapian::Query> terms;
      for (const auto& c : group) terms.emplace_back(std::string(schema::kCompany) + schema::company_key(c));
      groups.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
    company_filter = and_all(groups);
  }
  if (!from.empty() || !to.empty()) date_filter = date_range_query(from, to);
  for (const auto& l : langs) other_filters.emplace_back(std::string(schema::kLang) + l);
  // A local collection: Enquire weighs each word with the whole collection's statistics
  // (given_idf_weight.h), as one database would.
  const bool given_idf = parts_.size() > 1 && !remote_;
  const TermWeights collection_idf = [this](const std::vector<std::string>& terms) {
    const Xapian::doccount n = db_.get_doccount();
    std::vector<Xapian::doccount> freqs;
    for (const auto& t : terms) freqs.push_back(db_.get_termfreq(t));  // summed over the parts
    const Xapian::doccount df = freqs.size() == 1 ? freqs[0] : synonym_termfreq(freqs, n);
    return df > 0 ? ranking::bm25_idf(n, df) : 0.0;
  };
  const Xapian::Query text = to_xapian(split.text, given_idf ? &collection_idf : nullptr);

  auto with = [&](bool use_company, bool use_date) {
    std::vector<Xapian::Query> f = other_filters;
    if (use_company && company_filter) f.push_back(*company_filter);
    if (use_date && date_filter) f.push_back(*date_filter);
    return filtered(text, f);
  };

  const bool table = refresh_tables();
  SearchResult result;
  result.query = request.query;

  const std::optional<Conjunction> conjunction =
      table && options_.direct_match ? to_conjunction(split.text) : std::nullopt;
  if (conjunction) {
    // Each part on its own, with the whole collection's statistics; hits merged as Xapian
    // ranks a multi-database (equal keys: the lower interleaved docid first).
    const size_t n = parts_.size();
    std::optional<CollectionStats> stats;
    // Each term's frequency in each partition (terms of the required groups, then of the
    // excluded ones): summed they are the collection's, and a partition lacking every term of
    // a required group is skipped without opening a posting list.
    size_t term_count = 0;
    for (const auto* groups : {&conjunction->required, &conjunction->excluded}) {
      for (const auto& group : *groups) term_count += group.size();
    }
    std::vector<Xapian::doccount> local_tf;
    if (n > 1) {
      stats.emplace();
      stats->doc_count = db_.get_doccount();
      stats->average_length = db_.get_avlength();
      local_tf.assign(n * term_count, 0);
      size_t i = 0;
      for (const auto* groups : {&conjunction->required, &conjunction->excluded}) {
        for (const auto& group : *groups) {
          for (const auto& t : group) {
            Xapian::doccount sum = 0;
            for (size_t k = 0; k < n; ++k) sum += local_tf[k * term_count + i] = parts_[k].db.get_termfreq(t);
            stats->termfreqs.emplace(t, sum);
            ++i;
          }
        }
      }
    }
    auto lacks_a_word = [&](size_t k) {
      const Xapian::doccount* tf = local_tf.data() + k * term_count;  // no words: empty, never read
      for (const auto& group : conjunction->required) {
        bool any = false;
        for (size_t j = 0; j < group.size(); ++j) any = any || tf[j] > 0;
        if (!any) return true;
        tf += group.size();
      }
      return false;
    };
    // A collection's facets: counted into arrays by registry id (facet_registry.h).
    std::vector<uint64_t> all_company_counts, all_day_counts;
    if (n > 1 && request.facets) {
      all_company_counts.assign(registry_.company_names().size(), 0);
      all_day_counts.assign(registry_.days().size(), 0);
    }
    struct Found {
      double score;
      uint64_t timestamp;
      Xapian::docid doc;  // of db_
      uint64_t story;     // with collapse: DocTable::story
    };
    // The languages the parser stemmed the words in (query_parser.h: the request's, or all).
    const std::vector<std::string> stem_languages =
        request.lang.empty() ? analysis::Analyzer::query_languages() : std::vector<std::string>{request.lang};
    std::set<uint64_t> stories;  // with collapse over several parts: every matched story
    uint64_t keyless = 0;       // and the matches that have none
    std::vector<Found> found;
    const bool by_date = request.sort == SortOrder::date;
    std::map<std::string, uint64_t> company_counts;
    std::map<uint32_t, uint64_t> day_counts;
    uint64_t undated = 0;
    result.total = 0;
    for (size_t k = 0; k < n; ++k) {
      const DocTable& t = *parts_[k].table;
      if (n > 1 && (t.doc_count() == 0 || lacks_a_word(k))) continue;  // no match here
      DirectQuery q;
      q.text = &*conjunction;
      q.collection = stats ? &*stats : nullptr;
      if (n > 1) {
        q.local_termfreqs = local_tf.data() + k * term_count;
        if (request.facets) {
          q.company_counts_out = &all_company_counts;
          q.company_map = parts_[k].facet_maps.companies.data();
          q.day_counts_out = &all_day_counts;
          q.day_map = parts_[k].facet_maps.days.data();
        }
      }
      if (langs.size() == 1) q.language = t.language_id(langs[0]);
      if (langs.size() > 1) q.language = -1;  // an article has one language
      for (const auto& group : company_groups) {
        auto& ids = q.companies.emplace_back();
        for (const auto& c : group) {
          int id = t.company_id(schema::company_key(c));
          if (id >= 0) ids.push_back(static_cast<uint16_t>(id));
        }
      }
      if (!from.empty() || !to.empty()) {
        q.days = t.day_range(from.empty() ? 0 : static_cast<uint32_t>(std::stoul(from)),
                             to.empty() ? 0 : static_cast<uint32_t>(std::stoul(to)));
        // A partition without a day in range adds nothing but to the date facet.
        if (n > 1 && !request.facets && q.days->first > q.days->second) continue;
      }
      q.sort = request.sort;
      q.offset = 0;
      q.limit = request.offset + request.limit;
      q.facets = request.facets;
      q.collapse = request.collapse;
      q.list_stories = request.collapse && n > 1;
      q.stem_languages = stem_languages;
      DirectResult r = direct_match(parts_[k].db, t, q);
      result.total += r.total;
      if (request.collapse) {
        keyless += r.total_stories - r.stories.size();
        stories.insert(r.stories.begin(), r.stories.end());
        if (n == 1) keyless = r.total_stories;
      }
      for (const auto& [local, score] : r.hits) {
        found.push_back(Found{score, by_date ? t.timestamp(local) : 0,
                              static_cast<Xapian::docid>((local - 1) * n + k + 1),
                              request.collapse ? t.story(local) : 0});
      }
      if (request.facets && n == 1) {
        for (size_t id = 0; id < r.company_counts.size(); ++id) {
          if (r.company_counts[id] > 0) company_counts[t.company_names()[id]] += r.company_counts[id];
        }
        for (size_t i = 1; i < r.day_counts.size(); ++i) {
          if (r.day_counts[i] > 0) day_counts[t.days()[i]] += r.day_counts[i];
        }
        if (!r.day_counts.empty()) undated += r.day_counts[0];
      }
    }
    result.total_exact = true;
    if (request.collapse) {
      // A story may span partitions: each gave its best, the best of those stands for it.
      result.collapsed = true;
      result.total_articles = result.total;
      result.total = keyless + stories.size();
    } else {
      result.total_articles = result.total;
    }
    if (request.facets && n > 1) {
      Facets facets;
      facets.company = company_facet(registry_.company_names(), all_company_counts, request.facet_size, selected);
      std::vector<std::pair<uint32_t, uint64_t>> by_day;
      for (size_t id = 1; id < all_day_counts.size(); ++id) {
        if (all_day_counts[id] > 0) by_day.emplace_back(registry_.days()[id], all_day_counts[id]);
      }
      std::sort(by_day.begin(), by_day.end());
      facets.date = date_histogram(by_day, all_day_counts.empty() ? 0 : all_day_counts[0]);
      result.facets = std::move(facets);
    } else if (request.facets) {
      Facets facets;
      std::vector<std::string> names;
      std::vector<uint64_t> counts;
      for (const auto& [name, count] : company_counts) {
        names.push_back(name);
        counts.push_back(count);
      }
      facets.company = company_facet(names, counts, request.facet_size, selected);
      facets.date = date_histogram(std::vector<std::pair<uint32_t, uint64_t>>(day_counts.begin(), day_counts.end()),
                                   undated);
      result.facets = std::move(facets);
    }
    auto better = [by_date](const Found& a, const Found& b) {
      if (by_date && a.timestamp != b.timestamp) return a.timestamp > b.timestamp;
      if (a.score != b.score) return a.score > b.score;
      return a.doc < b.doc;
    };
    std::sort(found.begin(), found.end(), better);
    if (request.collapse && n > 1) {
      std::set<uint64_t> seen;
      std::erase_if(found, [&seen](const Found& f) { return f.story != 0 && !seen.insert(f.story).second; });
    }
    if (found.size() > request.offset) {
      found.erase(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(request.offset));
    } else {
      found.clear();
    }
    if (found.size() > request.limit) found.resize(request.limit);
    if (ranked_ != nullptr) {  // match_ids: the order, no hits
      for (const Found& f : found) ranked_->push_back(f.doc);
      return result;
    }
    // Read the hits in docid order (neighbouring documents share B-tree blocks), then rank them.
    std::vector<size_t> order(found.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return found[a].doc < found[b].doc; });
    result.hits.resize(found.size());
    for (size_t i : order) result.hits[i] = make_hit(found[i].doc, found[i].score, request, parsed);
    return result;
  }

  Xapian::Enquire enquire(db_);
  if (given_idf) {
    enquire.set_weighting_scheme(ranking::GivenIdfWeight());
  } else {
    enquire.set_weighting_scheme(ranking::bm25_weight());  // the direct matcher's parameters
  }
  enquire.set_query(with(true, true));
  if (request.sort == SortOrder::date) {
    enquire.set_sort_by_value_then_relevance(schema::kSlotTimestamp, true);
  }
  if (request.collapse) enquire.set_collapse_key(schema::kSlotStory);
  const Xapian::doccount everything = std::max<Xapian::doccount>(db_.get_doccount(), 1);

  // A collection's spies read the value slots (their docids are the collection's).
  const DocTable* cache = parts_.size() == 1 ? parts_[0].table.get() : nullptr;
  CompanyCountSpy company_spy(cache);
  DateCountSpy date_spy(cache);
  // Matches seen before collapsing (match spies run before the collapser): the article count.
  struct MatchCounter : Xapian::MatchSpy {
    uint64_t n = 0;
    void operator()(const Xapian::Document&, double) override { ++n; }
  } articles;
  // (A remote part runs only Xapian's own spies: there the uncollapsed bounds count them.)
  if (request.collapse && request.facets && !remote_) enquire.add_matchspy(&articles);
  // Remote parts run only Xapian's own spies: ValueCountMatchSpies on value slots.
  SlotCompanySpies slot_companies(remote_ ? remote_->company_slots() : 0);
  SlotDateSpy slot_date;
  auto add_company_spy = [&](Xapian::Enquire& e) {
    if (remote_) {
      slot_companies.add_to(e);
    } else {
      e.add_matchspy(&company_spy);
    }
  };
  auto add_date_spy = [&](Xapian::Enquire& e) {
    if (remote_) {
      slot_date.add_to(e);
    } else {
      e.add_matchspy(&date_spy);
    }
  };
  // Over remote parts, spies on a search sorted by date counted some matches twice (seen with
  // Xapian 1.4.22 for a weightless query, e.g. company:microsoft by date): there they count
  // in a search of their own, unsorted.
  const bool spies_apart = remote_ && request.sort == SortOrder::date;
  if (request.facets && !spies_apart) {
    // A facet ignores its own filter: choosing Oracle still shows what Microsoft would give.
    if (!company_filter) add_company_spy(enquire);
    if (!date_filter) add_date_spy(enquire);
  }
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                       static_cast<Xapian::doccount>(request.limit),
                                       request.facets || remote_ ? everything : 0);  // remote: exact totals
  result.total = mset.get_matches_estimated();
  result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  if (remote_ && ranked_ == nullptr) {
    // Every hit's document in one round trip per part, not one per hit; read before any other
    // search runs on the parts' connections (the facets' below), which the replies share.
    // (Xapian 1.4.22's MSet::fetch crashes for a page that does not start at the first hit:
    // such pages read their documents one by one.)
    if (request.offset == 0) mset.fetch();
    result.hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document doc = it.get_document();
      result.hits.push_back(make_hit(*it, it.get_weight(), request, parsed, &doc));
    }
  }
  if (request.collapse) {
    result.collapsed = true;
    if (request.facets || remote_) {
      // Every match was seen (checkatleast: all), so the collapsed lower bound is the count of
      // stories; Xapian 1.4 still gives wider estimates when collapsing some queries (OP_SYNONYM),
      // and its uncollapsed bounds miss some, so the articles are counted by a spy.
      result.total = mset.get_matches_lower_bound();
      result.total_exact = true;
      if (remote_) {
        // Remote parts run no spy of ours: the articles are counted by an uncollapsed search.
        Xapian::Enquire count(db_);
        count.set_query(with(true, true));
        count.set_weighting_scheme(Xapian::BoolWeight());
        result.total_articles = count.get_mset(0, 0, everything).get_matches_lower_bound();
      } else {
        result.total_articles = articles.n;
      }
    } else {
      result.total_articles = mset.get_uncollapsed_matches_estimated();
      result.total_exact = result.total_exact &&
                           mset.get_uncollapsed_matches_lower_bound() == mset.get_uncollapsed_matches_upper_bound();
    }
  } else {
    result.total_articles = result.total;
  }

  if (request.facets) {
    auto count_apart = [&](bool use_company, bool use_date, const std::function<void(Xapian::Enquire&)>& add_spy) {
      Xapian::Enquire e(db_);
      e.set_query(with(use_company, use_date));
      e.set_weighting_scheme(Xapian::BoolWeight());
      add_spy(e);
      e.get_mset(0, 0, everything);
    };
    if (company_filter || spies_apart) count_apart(!company_filter, true, add_company_spy);
    if (date_filter || spies_apart) count_apart(true, !date_filter, add_date_spy);
    Facets facets;
    facets.company = remote_ ? slot_companies.top(request.facet_size, selected)
                             : company_spy.top(request.facet_size, selected);
    facets.date = remote_ ? slot_date.histogram() : date_spy.histogram();
    result.facets = std::move(facets);
  }

  if (ranked_ != nullptr) {  // match_ids: the order, no hits
    for (auto it = mset.begin(); it != mset.end(); ++it) ranked_->push_back(*it);
    return result;
  }
  if (remote_) return result;  // its hits are made above
  result.hits.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    result.hits.push_back(make_hit(*it, it.get_weight(), request, parsed));
  }
  return result;
}

bool Searcher::refresh_tables() {
  if (parts_.empty()) return false;
  bool all = true;
  for (auto& part : parts_) {
    if (!part.table || !part.table->is_current(part.db)) {
      part.table = DocTable::current(part.db);
      if (part.table && parts_.size() > 1) part.facet_maps = registry_.map(*part.table);
    }
    all = all && part.table != nullptr;
  }
  return all;
}

Hit Searcher::make_hit(Xapian::docid id, double score, const SearchRequest& request, const ParsedQuery& parsed,
                       const Xapian::Document* fetched) {
  // A hit list needs the summary (in the DocTable, else in a value slot); snippets need the
  // whole stored article (compressed document data).
  Article a;
  const DocTable* table = nullptr;
  Xapian::Database* db = &db_;
  Xapian::docid local = id;
  std::optional<size_t> part_index;
  if (!parts_.empty()) {
    const size_t n = parts_.size();
    part_index = (id - 1) % n;
    Part& part = parts_[*part_index];
    table = part.table.get();
    db = &part.db;
    local = static_cast<Xapian::docid>((id - 1) / n + 1);
  }
  std::optional<std::string_view> held = table == nullptr ? std::nullopt : table->summary(local);
  if (held && held->empty()) held.reset();
  if (held && !request.snippets) {
    a = decode_article(*held);
  } else if (fetched != nullptr) {
    a = decode_article(fetched->get_value(schema::kSlotSummary));
    if (request.snippets) a.body = decode_body(fetched->get_data());  // the body is stored apart (schema 2)
  } else {
    Xapian::Document doc = db->get_document(local, Xapian::DOC_ASSUME_VALID);
    a = held ? decode_article(*held) : decode_article(doc.get_value(schema::kSlotSummary));
    if (request.snippets) a.body = decode_body(doc.get_data());  // the body is stored apart (schema 2)
  }
  Hit h;
  h.score = score;
  if (request.snippets) {
    h.snippet = make_snippet(a.body, a.lang, parsed, analyzer_, options_.snippet);
    h.title_html = highlight_all(a.title, a.lang, parsed, analyzer_);
  } else {
    h.title_html = html_escape(a.title);
  }
  h.id = std::move(a.id);
  h.title = std::move(a.title);
  h.date = std::move(a.date);
  h.lang = std::move(a.lang);
  h.source = std::move(a.source);
  h.url = std::move(a.url);
  h.companies = std::move(a.companies);
  // The table knows which stories have other members: most articles are alone and cost no
  // Xapian read here. On a local collection a story lives in one partition (stories are grouped
  // per period, and a period's writer puts a copy into the segment of the story it joins,
  // indexer/collection_writer.cc; only an article bridging stories of two segments leaves one
  // across them until --compact merges them), so its members are looked for there, not in
  // every partition. Without a table (remote parts): the whole database.
  if (table == nullptr) {
    add_duplicates(h, id, *db, local);
  } else if (table->story(local) != 0) {
    add_duplicates(h, id, *db, local, parts_.size() > 1 ? part_index : std::nullopt);
  }
  return h;
}

Article Searcher::article(const std::string& id) {
  return on_answering_parts([&] {
    refresh();
    std::string term = std::string(schema::kId) + id;
    Xapian::PostingIterator p = db_.postlist_begin(term);
    if (p == db_.postlist_end(term)) throw Error(ErrorCode::not_found, "no article with id '" + id + "'");
    return decode_document(db_.get_document(*p));
  });
}

std::string Searcher::highlighted_body(const Article& a, const std::string& query) {
  check_query_size(query, options_.limits);
  QueryParser parser(analyzer_, gazetteer_.get());
  ParsedQuery parsed = parser.parse(query);
  return highlight_all(a.body, a.lang, parsed, analyzer_);
}

std::string Searcher::highlighted_title(const Article& a, const std::string& query) {
  QueryParser parser(analyzer_, gazetteer_.get());
  ParsedQuery parsed = parser.parse(query);
  return highlight_all(a.title, a.lang, parsed, analyzer_);
}

DatabaseStats Searcher::stats() {
  return on_answering_parts([&] {
    refresh();
    DatabaseStats s;
    s.articles = db_.get_doccount();
    const std::string lang_prefix(schema::kLang);
    for (auto it = db_.allterms_begin(lang_prefix); it != db_.allterms_end(lang_prefix); ++it) {
      s.by_lang[(*it).substr(lang_prefix.size())] = it.get_termfreq();
    }
    const std::string company_prefix(schema::kCompany);
    for (auto it = db_.allterms_begin(company_prefix); it != db_.allterms_end(company_prefix); ++it) ++s.companies;
    s.undated = db_.get_termfreq(std::string(schema::kUndated));
    auto iso = [](const std::string& key) {
      return key.size() == 8 ? key.substr(0, 4) + "-" + key.substr(4, 2) + "-" + key.substr(6, 2) : std::string();
    };
    s.first_date = iso(db_.get_value_lower_bound(schema::kSlotDay));
    s.last_date = iso(db_.get_value_upper_bound(schema::kSlotDay));
    s.last_update = db_.get_metadata(std::string(schema::kLastUpdateMetadataKey));
    for (const auto& part : parts_) {  // a collection: its newest commit
      s.last_update = std::max(s.last_update, part.db.get_metadata(std::string(schema::kLastUpdateMetadataKey)));
    }
    return s;
  });
}

}  // namespace rassegna
