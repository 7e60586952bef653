#include "searcher/query/searcher.h"

#include <algorithm>
#include <chrono>

#include <rassegna/dates.h>
#include <rassegna/error.h>
#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

#include "searcher/query/direct_match.h"
#include "searcher/query/facets.h"

namespace rassegna {
namespace {

constexpr int kRetries = 5;

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
  if (!d) {
    throw Error(ErrorCode::invalid_argument,
                std::string(param) + ": '" + value + "' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD");
  }
  return d->day_key();
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

Searcher::Searcher(const std::string& db_path, SearcherOptions options)
    : path_(db_path), options_(options), db_(open_database(db_path)) {
  load_gazetteer();
}

void Searcher::load_gazetteer() {
  std::string text = db_.get_metadata(std::string(schema::kGazetteerMetadataKey));
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
    if (db_.reopen()) load_gazetteer();
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::unavailable, "database '" + path_ + "' became unreadable: " + e.get_msg());
  }
}

SearchResult Searcher::search(const SearchRequest& request) {
  if (request.limit > options_.max_limit) {
    throw Error(ErrorCode::invalid_argument,
                "limit: " + std::to_string(request.limit) + " is more than " + std::to_string(options_.max_limit));
  }
  if (request.offset > options_.max_offset) {
    throw Error(ErrorCode::invalid_argument, "offset: paging stops at " + std::to_string(options_.max_offset) +
                                                 " hits; narrow the search with filters");
  }
  if (!request.lang.empty() && request.lang != "it" && request.lang != "en") {
    throw Error(ErrorCode::invalid_argument, "lang: '" + request.lang + "' is not one of: it, en");
  }
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    try {
      refresh();
      SearchResult r = search_once(request);
      r.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      return r;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kRetries) throw Error(ErrorCode::unavailable, "the database kept changing during the search; retry");
      db_.reopen();
    }
  }
}

SearchResult Searcher::search_once(const SearchRequest& request) {
  QueryParser parser(analyzer_, gazetteer_.get());
  ParsedQuery parsed = parser.parse(request.query, request.lang);

  std::vector<std::string> companies;
  for (const auto& c : request.companies) {
    if (!c.empty()) companies.push_back(parser.resolve_company(c));
  }
  companies.insert(companies.end(), parsed.companies.begin(), parsed.companies.end());
  std::string from = date_bound(request.from, "from", false);
  std::string to = date_bound(request.to, "to", true);
  if (!parsed.date_from.empty()) from = std::max(from, parsed.date_from);
  if (!parsed.date_to.empty()) to = to.empty() ? parsed.date_to : std::min(to, parsed.date_to);
  if (!from.empty() && !to.empty() && from > to && !request.from.empty() && !request.to.empty()) {
    throw Error(ErrorCode::invalid_argument, "to: '" + request.to + "' is before from: '" + request.from + "'");
  }
  std::string lang = request.lang.empty() ? parsed.lang : request.lang;

  std::optional<Xapian::Query> company_filter, date_filter;
  std::vector<Xapian::Query> other_filters;
  if (!companies.empty()) {
    std::vector<Xapian::Query> terms;
    for (const auto& c : companies) terms.emplace_back(std::string(schema::kCompany) + schema::company_key(c));
    company_filter = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }
  if (!from.empty() || !to.empty()) date_filter = QueryParser::date_filter(from, to);
  if (!lang.empty()) other_filters.emplace_back(std::string(schema::kLang) + lang);

  auto with = [&](bool use_company, bool use_date) {
    std::vector<Xapian::Query> f = other_filters;
    if (use_company && company_filter) f.push_back(*company_filter);
    if (use_date && date_filter) f.push_back(*date_filter);
    return filtered(parsed.text, f);
  };

  if (!table_ || !table_->is_current(db_)) table_ = DocTable::current(db_);
  const bool table = table_ != nullptr;
  SearchResult result;
  result.query = request.query;

  if (table && options_.direct_match && parsed.conjunction) {
    DirectQuery q;
    q.text = &*parsed.conjunction;
    if (!lang.empty()) q.language = table_->language_id(lang);
    if (!companies.empty()) {
      q.companies.emplace();
      for (const auto& c : companies) {
        int id = table_->company_id(schema::company_key(c));
        if (id >= 0) q.companies->push_back(static_cast<uint16_t>(id));
      }
    }
    if (!from.empty() || !to.empty()) {
      q.days = table_->day_range(from.empty() ? 0 : static_cast<uint32_t>(std::stoul(from)),
                                to.empty() ? 0 : static_cast<uint32_t>(std::stoul(to)));
    }
    q.sort = request.sort;
    q.offset = request.offset;
    q.limit = request.limit;
    q.facets = request.facets;
    DirectResult r = direct_match(db_, *table_, q);
    result.total = r.total;
    result.total_exact = true;
    if (request.facets) {
      Facets facets;
      facets.company = top_companies(table_->company_names(), r.company_counts, request.facet_size);
      std::vector<std::pair<uint32_t, uint64_t>> days;
      for (size_t i = 1; i < r.day_counts.size(); ++i) {
        if (r.day_counts[i] > 0) days.emplace_back(table_->days()[i], r.day_counts[i]);
      }
      facets.date = date_histogram(days, r.day_counts.empty() ? 0 : r.day_counts[0]);
      result.facets = std::move(facets);
    }
    // Read the hits in docid order (neighbouring documents share B-tree blocks), then rank them.
    std::vector<size_t> order(r.hits.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return r.hits[a].first < r.hits[b].first; });
    result.hits.resize(r.hits.size());
    for (size_t i : order) {
      const auto& [doc, score] = r.hits[i];
      result.hits[i] = make_hit(doc, score, request, parsed);
    }
    return result;
  }

  Xapian::Enquire enquire(db_);
  enquire.set_query(with(true, true));
  if (request.sort == SortOrder::date) {
    enquire.set_sort_by_value_then_relevance(schema::kSlotTimestamp, true);
  }
  const Xapian::doccount everything = std::max<Xapian::doccount>(db_.get_doccount(), 1);

  const DocTable* cache = table_.get();
  CompanyCountSpy company_spy(cache);
  DateCountSpy date_spy(cache);
  if (request.facets) {
    // A facet ignores its own filter: choosing Oracle still shows what Microsoft would give.
    if (!company_filter) enquire.add_matchspy(&company_spy);
    if (!date_filter) enquire.add_matchspy(&date_spy);
  }
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                       static_cast<Xapian::doccount>(request.limit),
                                       request.facets ? everything : 0);
  result.total = mset.get_matches_estimated();
  result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();

  if (request.facets) {
    auto count_apart = [&](bool use_company, bool use_date, Xapian::MatchSpy* spy) {
      Xapian::Enquire e(db_);
      e.set_query(with(use_company, use_date));
      e.set_weighting_scheme(Xapian::BoolWeight());
      e.add_matchspy(spy);
      e.get_mset(0, 0, everything);
    };
    if (company_filter) count_apart(false, true, &company_spy);
    if (date_filter) count_apart(true, false, &date_spy);
    Facets facets;
    facets.company = company_spy.top(request.facet_size);
    facets.date = date_spy.histogram();
    result.facets = std::move(facets);
  }

  result.hits.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    result.hits.push_back(make_hit(*it, it.get_weight(), request, parsed));
  }
  return result;
}

Hit Searcher::make_hit(Xapian::docid id, double score, const SearchRequest& request, const ParsedQuery& parsed) {
  // A hit list needs the summary (in the DocTable, else in a value slot); snippets need the
  // whole stored article (compressed document data).
  Article a;
  std::optional<std::string_view> held = request.snippets || !table_ ? std::nullopt : table_->summary(id);
  if (held && !held->empty()) {
    a = decode_article(*held);
  } else {
    Xapian::Document doc = db_.get_document(id, Xapian::DOC_ASSUME_VALID);
    std::string summary = request.snippets ? std::string() : doc.get_value(schema::kSlotSummary);
    a = decode_article(summary.empty() ? doc.get_data() : summary);
  }
  Hit h;
  h.score = score;
  if (request.snippets) h.snippet = make_snippet(a.body, a.lang, parsed, analyzer_, options_.snippet);
  h.id = std::move(a.id);
  h.title = std::move(a.title);
  h.date = std::move(a.date);
  h.lang = std::move(a.lang);
  h.source = std::move(a.source);
  h.url = std::move(a.url);
  h.companies = std::move(a.companies);
  return h;
}

Article Searcher::article(const std::string& id) {
  for (int attempt = 1;; ++attempt) {
    try {
      refresh();
      std::string term = std::string(schema::kId) + id;
      Xapian::PostingIterator p = db_.postlist_begin(term);
      if (p == db_.postlist_end(term)) throw Error(ErrorCode::not_found, "no article with id '" + id + "'");
      return decode_article(db_.get_document(*p).get_data());
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kRetries) throw Error(ErrorCode::unavailable, "the database kept changing; retry");
      db_.reopen();
    }
  }
}

std::string Searcher::highlighted_body(const Article& a, const std::string& query) {
  QueryParser parser(analyzer_, gazetteer_.get());
  ParsedQuery parsed = parser.parse(query);
  return highlight_all(a.body, a.lang, parsed, analyzer_);
}

DatabaseStats Searcher::stats() {
  for (int attempt = 1;; ++attempt) {
    try {
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
      return s;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kRetries) throw Error(ErrorCode::unavailable, "the database kept changing; retry");
      db_.reopen();
    }
  }
}

}  // namespace rassegna
