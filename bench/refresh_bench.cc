// What a commit costs the next search: a Searcher answers a query (snippets + facets) in the
// steady state, then, round after round, one article of the database (of a collection: of its
// newest dated partition, where a live feed writes) is rewritten (it gains a term of no use:
// run it on a copy or a bench database) and committed by another
// handle, and the first search after each commit is timed. The difference is the refresh: the
// reopen plus the DocTable rebuilt for what changed (the whole database, or one partition).
//
//   refresh_bench DB QUERY [ROUNDS]
//
// Prints one JSON object: steady and after-commit latencies (wall: median, max) and CPU times
// (median; the wall clock on a shared machine mostly measures waiting for a core), the CPU time
// to build the changed database's DocTable alone, and the article counts. SUMMARY_BUDGET_MB caps
// the summaries a table holds (0: none; hit lists then read them from Xapian).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <rassegna/collection.h>

#include "searcher/query/doc_table.h"
#include "searcher/query/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of this thread: on a shared, loaded machine the wall clock mostly measures waiting.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: refresh_bench DB QUERY [ROUNDS]\n");
    return 2;
  }
  try {
    const std::string db = argv[1];
    const int rounds = argc > 3 ? std::atoi(argv[3]) : 20;
    if (const char* mb = std::getenv("SUMMARY_BUDGET_MB"); mb && *mb) {  // 0: tables hold no summaries
      rassegna::DocTable::set_summary_budget(static_cast<size_t>(std::stoull(mb)) << 20);
    }
    std::string target = db;  // where the commits go
    const std::vector<std::string> parts = rassegna::collection::partitions(db);
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
      if (*it != rassegna::collection::kUndated) {
        target = db + "/" + *it;
        break;
      }
    }
    rassegna::Searcher searcher(db);
    rassegna::SearchRequest r;
    r.query = argv[2];
    r.snippets = true;
    r.facets = true;
    uint64_t total = 0;
    for (int i = 0; i < 5; ++i) total = searcher.search(r).total;  // builds the tables
    std::vector<double> steady, after, steady_cpu, after_cpu;
    for (int i = 0; i < rounds; ++i) {
      const auto start = Clock::now();
      const double cpu = cpu_ms();
      searcher.search(r);
      steady.push_back(ms_since(start));
      steady_cpu.push_back(cpu_ms() - cpu);
    }
    Xapian::doccount target_docs = 0;
    for (int i = 0; i < rounds; ++i) {
      {
        Xapian::WritableDatabase w(target, Xapian::DB_OPEN);
        const Xapian::docid last = w.get_lastdocid();
        // A live feed's update, in one partition (an unchanged document would make no revision:
        // Xapian skips it), marked with a term of no other use.
        Xapian::Document doc = w.get_document(last);
        doc.add_boolean_term("XBENCHREFRESH" + std::to_string(i));
        w.replace_document(last, doc);
        w.commit();
        target_docs = w.get_doccount();
      }
      const auto start = Clock::now();
      const double cpu = cpu_ms();
      searcher.search(r);
      after.push_back(ms_since(start));
      after_cpu.push_back(cpu_ms() - cpu);
    }
    std::vector<double> builds;
    for (int i = 0; i < 3; ++i) {
      Xapian::Database d(target);
      const double cpu = cpu_ms();
      auto table = rassegna::DocTable::build(d);
      builds.push_back(cpu_ms() - cpu);
    }
    nlohmann::json out = {
        {"db", db},
        {"query", r.query},
        {"articles", searcher.stats().articles},
        {"partitions", parts.size()},
        {"changed_database_articles", target_docs},
        {"matches", total},
        {"steady_ms", {{"median", median(steady)}, {"max", *std::max_element(steady.begin(), steady.end())}}},
        {"first_after_commit_ms", {{"median", median(after)}, {"max", *std::max_element(after.begin(), after.end())}}},
        {"steady_cpu_ms_median", median(steady_cpu)},
        {"first_after_commit_cpu_ms_median", median(after_cpu)},
        {"refresh_cpu_ms_median", median(after_cpu) - median(steady_cpu)},
        {"changed_table_build_cpu_ms", median(builds)},
    };
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "refresh_bench: %s\n", e.what());
    return 1;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "refresh_bench: %s\n", e.get_description().c_str());
    return 1;
  }
}
