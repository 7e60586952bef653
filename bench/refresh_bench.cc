// What a commit costs the next search: a Searcher answers a query (snippets + facets) in the
// steady state, then, round after round, one article of the database (of a collection: of its
// newest dated partition, where a live feed writes) is rewritten (it gains a term of no use:
// run it on a copy or a bench database), ADDED articles are added (copies of the last ones
// under new ids, as a feed's batch; default 0), and all is committed by another handle, and
// the first search after each commit is timed. The difference is the refresh: the reopen plus
// the DocTable of what changed (one database, or one partition), made from the previous one
// and the change log the writer left (rassegna/change_log.h), or read in full.
//
//   refresh_bench DB QUERY [ROUNDS]
//
// COMMIT=logged (default): commits through IndexWriter, as rassegna-index does, which logs the
// documents it changed; COMMIT=raw: through a plain Xapian::WritableDatabase, which logs
// nothing, so every table is read in full (what every commit cost before the log).
//
// Prints one JSON object: steady and after-commit latencies (wall: median, max) and CPU times
// (median; the wall clock on a shared machine mostly measures waiting for a core), how the
// after-commit tables were made (full, incremental), the CPU time to read the changed
// database's DocTable in full and to make it from the previous revision's, and the article
// counts. PARTITION=NAME sends the commits to that partition of a collection (say its archive,
// as a late correction would) instead of the newest dated one. SUMMARY_BUDGET_MB caps the summaries a table holds (0: none; hit lists then read
// them from Xapian).

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
#include <rassegna/stored_article.h>

#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
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

// One round's commit into `target`: its last article gains a term of no other use (Xapian
// skips an unchanged document), and `added` copies of its last articles come in under new ids.
// Returns the target's article count.
Xapian::doccount commit_round(const std::string& target, int round, size_t added, bool logged) {
  const std::string marker = "XBENCHREFRESH" + std::to_string(round);
  auto copies = [&](Xapian::Database& db, auto&& put) {
    rassegna::DocumentBuilder builder;
    Xapian::docid from = db.get_lastdocid();
    for (size_t k = 0; k < added && from > 0; --from) {
      Xapian::Document doc;
      try {
        doc = db.get_document(from);
      } catch (const Xapian::DocNotFoundError&) {
        continue;
      }
      rassegna::Article a = rassegna::decode_document(doc);
      a.id = "bench-refresh-" + std::to_string(round) + "-" + std::to_string(k++) + "-" + a.id;
      put(a.id, builder.build(a));
    }
  };
  if (logged) {
    rassegna::IndexWriterOptions o;
    o.batch_size = added + 2;
    rassegna::IndexWriter w(target, o);
    Xapian::Database db(target);
    const Xapian::docid last = db.get_lastdocid();
    Xapian::Document doc = db.get_document(last);
    doc.add_boolean_term(marker);
    w.put(rassegna::stored_id(doc), doc);
    copies(db, [&](const std::string& id, const Xapian::Document& d) { w.put(id, d); });
    w.commit();
    return Xapian::Database(target).get_doccount();
  }
  Xapian::WritableDatabase w(target, Xapian::DB_OPEN);
  const Xapian::docid last = w.get_lastdocid();
  Xapian::Document doc = w.get_document(last);
  doc.add_boolean_term(marker);
  w.replace_document(last, doc);
  copies(w, [&](const std::string& id, const Xapian::Document& d) { w.replace_document("Q" + id, d); });
  w.commit();
  return w.get_doccount();
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
    const char* commit_mode = std::getenv("COMMIT");
    const bool logged = commit_mode == nullptr || std::string(commit_mode) != "raw";
    const char* added_env = std::getenv("ADDED");
    const size_t added = added_env && *added_env ? static_cast<size_t>(std::stoull(added_env)) : 0;
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
    if (const char* p = std::getenv("PARTITION"); p && *p) target = db + "/" + p;  // e.g. the archive
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
    const rassegna::DocTable::Builds before = rassegna::DocTable::builds();
    for (int i = 0; i < rounds; ++i) {
      target_docs = commit_round(target, i, added, logged);
      const auto start = Clock::now();
      const double cpu = cpu_ms();
      searcher.search(r);
      after.push_back(ms_since(start));
      after_cpu.push_back(cpu_ms() - cpu);
    }
    const rassegna::DocTable::Builds made = rassegna::DocTable::builds();
    std::vector<double> builds, refreshes;
    for (int i = 0; i < 3; ++i) {
      Xapian::Database d(target);
      const double cpu = cpu_ms();
      auto table = rassegna::DocTable::build(d);
      builds.push_back(cpu_ms() - cpu);
    }
    for (int i = 0; i < 3; ++i) {  // the table of a commit made from the previous one (or read in full: COMMIT=raw)
      Xapian::Database d(target);
      auto held = rassegna::DocTable::current(d);
      target_docs = commit_round(target, rounds + i, added, logged);
      d.reopen();
      const double cpu = cpu_ms();
      auto table = rassegna::DocTable::current(d);
      refreshes.push_back(cpu_ms() - cpu);
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
        {"commit", logged ? "logged" : "raw"},
        {"added_per_commit", added},
        {"tables_after_commits", {{"full", made.full - before.full}, {"incremental", made.incremental - before.incremental}}},
        {"changed_table_build_cpu_ms", median(builds)},
        {"changed_table_after_commit_cpu_ms", median(refreshes)},
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
