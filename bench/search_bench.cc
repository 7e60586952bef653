// Search latency of the Rassegna searcher library, measured the way the peers are
// (/work/shared/bench/peers/README.md): one long-lived process, one Searcher, an untimed
// warm-up pass over every mode, then one timed pass per mode, each query timed back to back.
//
//   search_bench query DB_DIR QUERIES.txt LANG OUT.json
//
// Writes the peers' JSON contract, so the same report code computes p50/p95/p99:
//   {"peer":"rassegna","lang","n_queries","warmup_passes",
//    "modes":{"plain"|"snippet"|"facet"|"all":{"lat_ns":[..],"totals":[..],"top10":[[ids]]|null,"sample"}}}
// Modes: plain = top 10, no snippets, no facets; snippet = + a snippet per hit; facet = +
// company (top 20) and date facets over the whole match set; all = snippets + facets.
// Environment: MAX_QUERIES=N (first N queries), WARMUP_PASSES (default 1), as for the peers;
// MODES="snippet facet" runs only those modes (for profiling one of them); SUMMARY_BUDGET_MB
// caps the summaries a DocTable holds (0: hit lists read them from Xapian); COLLAPSE=0 asks
// for one hit per article instead of one per story (the default).
// Besides the wall latencies, "cpu_ns" holds each query's thread CPU time (on a shared, loaded
// machine the wall clock mostly measures waiting for a core), and stderr prints both medians.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "searcher/query/searcher.h"

namespace {

using nlohmann::json;

long long thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<long long>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

double median_ms(std::vector<long long> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return static_cast<double>(v[v.size() / 2]) / 1e6;
}

std::vector<std::string> read_queries(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read query file '" + path + "'");
  const char* mx = std::getenv("MAX_QUERIES");
  size_t max = mx && *mx ? std::stoul(mx) : 0;
  std::vector<std::string> queries;
  std::string l;
  while (std::getline(f, l)) {
    auto a = l.find_first_not_of(" \t\r"), b = l.find_last_not_of(" \t\r");
    if (a == std::string::npos) continue;
    l = l.substr(a, b - a + 1);
    if (l[0] == '#') continue;
    queries.push_back(l);
    if (max && queries.size() >= max) break;
  }
  return queries;
}

struct Mode {
  const char* name;
  bool snippets;
  bool facets;
};

json facet_sample(const rassegna::Facets& f) {
  json companies = json::array(), dates = json::array();
  for (const auto& b : f.company) companies.push_back({b.value, b.count});
  for (const auto& b : f.date.buckets) dates.push_back({b.value, b.count});
  return {{"companies", companies}, {"date_granularity", f.date.granularity}, {"dates", dates}};
}

int cmd_query(const std::string& db, const std::string& qfile, const std::string& lang,
              const std::string& out) {
  const std::vector<std::string> queries = read_queries(qfile);
  if (const char* mb = std::getenv("SUMMARY_BUDGET_MB"); mb && *mb) {
    rassegna::DocTable::set_summary_budget(static_cast<size_t>(std::stoull(mb)) << 20);
  }
  rassegna::Searcher searcher(db);
  std::vector<Mode> modes = {{"plain", false, false}, {"snippet", true, false},
                             {"facet", false, true}, {"all", true, true}};
  if (const char* only = std::getenv("MODES"); only && *only) {
    const std::string wanted = std::string(" ") + only + " ";
    std::erase_if(modes, [&](const Mode& m) { return wanted.find(std::string(" ") + m.name + " ") == std::string::npos; });
  }
  // COLLAPSE=0: one hit per article instead of per story (the default, as in the API).
  const char* cv = std::getenv("COLLAPSE");
  const bool collapse = !(cv && std::string(cv) == "0");
  auto request = [&](const Mode& m, const std::string& q) {
    rassegna::SearchRequest r;
    r.query = q;
    r.lang = lang;
    r.limit = 10;
    r.snippets = m.snippets;
    r.facets = m.facets;
    r.facet_size = 20;
    r.collapse = collapse;
    return r;
  };
  auto run = [&](const Mode& m, const std::string& q, size_t* failures) {
    try {
      return searcher.search(request(m, q));
    } catch (const std::exception& e) {  // a query the parser refuses counts as no match
      if (failures && (*failures)++ < 5) std::fprintf(stderr, "[rassegna] query '%s': %s\n", q.c_str(), e.what());
      return rassegna::SearchResult{};
    }
  };

  const char* wp = std::getenv("WARMUP_PASSES");
  const int warm = wp && *wp ? std::max(0, std::atoi(wp)) : 1;
  for (int w = 0; w < warm; ++w)
    for (const auto& m : modes)
      for (const auto& q : queries) run(m, q, nullptr);

  json res = {{"peer", "rassegna"}, {"lang", lang}, {"n_queries", queries.size()},
              {"warmup_passes", warm}, {"modes", json::object()}};
  for (const auto& m : modes) {
    std::vector<long long> lat, cpu;
    lat.reserve(queries.size());
    cpu.reserve(queries.size());
    json totals = json::array(), top10 = json::array(), sample;
    size_t failures = 0;
    for (const auto& q : queries) {
      const auto t = std::chrono::steady_clock::now();
      const long long c = thread_cpu_ns();
      rassegna::SearchResult r = run(m, q, &failures);
      lat.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t).count());
      cpu.push_back(thread_cpu_ns() - c);
      // Like the peers: the exact match count only where it is computed over the whole set.
      totals.push_back(m.facets || r.total_exact ? json(r.total) : json(nullptr));
      json ids = json::array();
      for (const auto& h : r.hits) ids.push_back(h.id);
      top10.push_back(ids);
      if (sample.is_null() && !r.hits.empty()) {
        if (m.snippets && !m.facets) sample = {{"query", q}, {"value", r.hits.front().snippet}};
        if (m.facets && r.facets) sample = {{"query", q}, {"value", facet_sample(*r.facets)}};
      }
    }
    double sum = 0;
    for (auto v : lat) sum += static_cast<double>(v);
    std::fprintf(stderr, "[rassegna] %s: %zu queries, mean %.3f ms, median %.3f ms, median CPU %.3f ms, %zu failed\n",
                 m.name, lat.size(), sum / 1e6 / static_cast<double>(std::max<size_t>(1, lat.size())), median_ms(lat),
                 median_ms(cpu), failures);
    res["modes"][m.name] = {{"lat_ns", lat}, {"cpu_ns", cpu}, {"totals", totals},
                            {"top10", std::string(m.name) == "plain" ? top10 : json(nullptr)},
                            {"sample", sample}};
  }
  std::ofstream f(out);
  if (!f) throw std::runtime_error("cannot write '" + out + "'");
  f << res.dump(-1, ' ', false, json::error_handler_t::replace);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() == 5 && a[0] == "query") return cmd_query(a[1], a[2], a[3], a[4]);
    std::fprintf(stderr, "usage: search_bench query DB_DIR QUERIES.txt LANG OUT.json\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "search_bench: %s\n", e.what());
    return 1;
  }
}
