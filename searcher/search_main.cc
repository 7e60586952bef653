// rassegna-search: searches a Rassegna database from the terminal or a script.
#include <CLI/CLI.hpp>
#include <iostream>
#include <unistd.h>

#include <rassegna/analysis/languages.h>
#include <rassegna/collection.h>
#include <rassegna/error.h>

#include "rassegna_version.h"
#include "searcher/api/json_format.h"
#include "searcher/press_cli.h"
#include "searcher/query/searcher.h"

namespace {

std::vector<std::string> language_codes() {
  std::vector<std::string> out;
  for (const auto& l : rassegna::analysis::kStemmedLanguages) out.emplace_back(l.code);
  return out;
}

// Terminal rendering of an HTML snippet: <mark> becomes bold (or plain), entities decoded.
std::string render_snippet(const std::string& html, bool ansi) {
  std::string out;
  for (size_t i = 0; i < html.size();) {
    if (html.compare(i, 6, "<mark>") == 0) {
      out += ansi ? "\033[1m" : "";
      i += 6;
    } else if (html.compare(i, 7, "</mark>") == 0) {
      out += ansi ? "\033[0m" : "";
      i += 7;
    } else if (html[i] == '&') {
      static const std::pair<const char*, char> entities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
      bool done = false;
      for (const auto& [name, c] : entities) {
        size_t len = std::char_traits<char>::length(name);
        if (html.compare(i, len, name) == 0) {
          out.push_back(c);
          i += len;
          done = true;
          break;
        }
      }
      if (!done) out.push_back(html[i++]);
    } else {
      out.push_back(html[i++]);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  rassegna::collection::raise_open_file_limit();  // a collection holds files open per partition
  CLI::App app{"Searches a Rassegna database.\n"
               "Query syntax: words (all required), \"exact phrase\", OR, NOT, -word, title:word,\n"
               "company:NAME, date:2020-09-01..2020-09-30, lang:it. An empty query lists every article.",
               "rassegna-search"};
  std::string db_path;
  std::vector<std::string> words;
  rassegna::SearchRequest request;
  bool json = false;
  std::string sort = "relevance";
  app.add_option("--db", db_path, "Database folder (made by rassegna-index)")->required();
  app.add_option("query", words, "Query (several arguments are joined with spaces)");
  app.add_flag("--json", json, "Print one JSON object (the HTTP API's shape)");
  rassegna::SearcherOptions options;
  int remote_timeout_ms = static_cast<int>(options.remote.timeout.count());
  app.add_option("--remote-timeout", remote_timeout_ms,
                 "Milliseconds a remote part (xapian-tcpsrv) may take per operation before the search answers without it")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str();
  app.add_option("-n,--limit", request.limit, "Hits to show (at most 100)")->capture_default_str();
  app.add_option("--offset", request.offset, "Hits to skip")->capture_default_str();
  app.add_option("--company", request.companies, "Only articles about this company (name, alias or ticker; repeatable)")
      ->allow_extra_args(false);  // one value per --company, so a query may follow it
  app.add_option("--from", request.from, "From this date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive");
  app.add_option("--to", request.to, "To this date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive");
  app.add_option("--lang", request.lang, "Only articles in this language")->check(CLI::IsMember(language_codes()));
  app.add_option("--sort", sort, "Order of hits")->check(CLI::IsMember({"relevance", "date"}))->capture_default_str();
  app.add_flag("--facets", request.facets, "Count companies and dates over all matches");
  rassegna::cli::PressOptions press;
  app.add_option("--format", press.format,
                 "Other outputs: atom (a feed, newest first), csv or jsonl (every match), review (HTML press review)")
      ->check(CLI::IsMember({"atom", "csv", "jsonl", "review"}));
  app.add_option("--trend", press.trends, "Per-period counts of this company within the search (repeatable, up to 5)")
      ->allow_extra_args(false);
  app.add_option("--granularity", press.granularity, "Periods of --trend")
      ->check(CLI::IsMember({"day", "week", "month", "year"}))->capture_default_str();
  app.add_option("--profile", press.profile, "A company's aliases, mentions, dates and co-mentioned companies");
  app.add_option("--group", press.review_group, "Table of contents of --format review")
      ->check(CLI::IsMember({"company", "source", "none"}))->capture_default_str();
  bool all_copies = false;
  app.add_flag("--no-collapse", all_copies, "Show every copy of a story (near-duplicates are one hit by default)");
  std::string related_id;
  size_t related_days = 0;
  app.add_option("--related", related_id, "List the articles most like article ID (not its own copies)");
  app.add_option("--days", related_days, "With --related: only articles within this many days of it");
  app.set_version_flag("--version", std::string("rassegna-search ") + RASSEGNA_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  for (const auto& w : words) request.query += (request.query.empty() ? "" : " ") + w;
  request.sort = sort == "date" ? rassegna::SortOrder::date : rassegna::SortOrder::relevance;
  request.collapse = !all_copies;

  try {
    options.remote.timeout = std::chrono::milliseconds(remote_timeout_ms);
    rassegna::Searcher searcher(db_path, options);
    press.json = json;
    if (rassegna::cli::wants_press_output(press)) {
      rassegna::cli::run_press(searcher, request, press);
      return 0;
    }
    rassegna::SearchResult r =
        related_id.empty() ? searcher.search(request) : searcher.related(related_id, related_days, request.limit);
    const std::string suggestion = rassegna::cli::suggestion_for(searcher, request, r.total);
    if (json) {
      nlohmann::json j = rassegna::api::to_json(r);
      if (!suggestion.empty()) j["suggestion"] = suggestion;
      std::cout << rassegna::api::dump(j, 2) << '\n';
      return 0;
    }
    const bool ansi = isatty(STDOUT_FILENO);
    const char* bold = ansi ? "\033[1m" : "";
    const char* dim = ansi ? "\033[2m" : "";
    const char* reset = ansi ? "\033[0m" : "";
    std::cout << (r.total_exact ? "" : "about ") << r.total;
    if (r.collapsed && r.total_articles != r.total) {
      std::cout << (r.total == 1 ? " story" : " stories") << " (" << r.total_articles << " articles)";
    } else {
      std::cout << (r.total == 1 ? " match" : " matches");
    }
    if (!r.hits.empty()) std::cout << ", showing " << request.offset + 1 << "-" << request.offset + r.hits.size();
    std::cout << " (" << static_cast<int>(r.took_ms * 100) / 100.0 << " ms)\n";
    for (const auto& part : r.failed_parts) std::cout << "partial: part " << part << " did not answer\n";
    std::cout << '\n';
    size_t rank = request.offset;
    for (const auto& h : r.hits) {
      std::cout << ++rank << ". " << bold << h.title << reset << "\n   " << dim << h.id;
      if (!h.date.empty()) std::cout << "  " << h.date.substr(0, 10);
      std::cout << "  " << h.lang;
      if (!h.source.empty()) std::cout << "  " << h.source;
      if (!h.companies.empty()) {
        std::cout << "  [";
        for (size_t i = 0; i < h.companies.size(); ++i) std::cout << (i ? ", " : "") << h.companies[i];
        std::cout << "]";
      }
      if (h.duplicate_count > 0) std::cout << "  +" << h.duplicate_count << " similar";
      std::cout << reset << "\n   " << render_snippet(h.snippet, ansi) << "\n\n";
    }
    if (!suggestion.empty()) std::cout << "Did you mean: " << bold << suggestion << reset << "\n\n";
    if (r.facets) {
      std::cout << bold << "Companies" << reset << "\n";
      for (const auto& b : r.facets->company) {
        std::cout << "  " << b.count << "  " << b.value << (b.selected ? "  (selected)" : "") << "\n";
      }
      std::cout << bold << "Dates (" << r.facets->date.granularity << ")" << reset << "\n";
      for (const auto& b : r.facets->date.buckets) {
        if (b.count > 0) std::cout << "  " << b.value << "  " << b.count << "\n";
      }
      if (r.facets->date.undated > 0) std::cout << "  undated  " << r.facets->date.undated << "\n";
    }
    return 0;
  } catch (const rassegna::Error& e) {
    std::cerr << "rassegna-search: " << e.what() << '\n';
    return e.code() == rassegna::ErrorCode::invalid_argument ? 2 : 1;
  } catch (const std::exception& e) {
    std::cerr << "rassegna-search: " << e.what() << '\n';
    return 1;
  }
}
