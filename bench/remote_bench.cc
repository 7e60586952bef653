// Latency and single-thread throughput of searches over 1, 2 and 3 remote parts (real
// xapian-tcpsrv processes on loopback) against the same articles in one local database, on
// the direct path and through Enquire. Each configuration runs the same queries, facets and
// snippets on, after one warm-up pass; run side by side in one process, so ratios compare.
// Usage: remote_bench DB QUERIES.txt [MAX_QUERIES]
//        remote_bench --slot-bytes DB   (what the company slots 16..47 cost on disk: DB compacted
//                                         with them and without them)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <filesystem>
#include <xapian.h>

#include <rassegna/schema.h>

#include "searcher/query/searcher.h"
#include "tests/common/test_support.h"
#include "tests/remote/tcpsrv.h"

namespace {

using namespace rassegna;

struct Figures {
  double p50 = 0, p95 = 0, mean = 0, qps = 0;
};

Figures run(Searcher& s, const std::vector<std::string>& queries) {
  auto request = [](const std::string& q) {
    SearchRequest r;
    r.query = q;
    r.facets = true;
    r.snippets = true;
    r.limit = 10;
    return r;
  };
  for (const auto& q : queries) s.search(request(q));  // warm-up: caches, connections
  std::vector<double> ms;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& q : queries) {
    const auto t = std::chrono::steady_clock::now();
    s.search(request(q));
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
  }
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(ms.begin(), ms.end());
  Figures f;
  f.p50 = ms[ms.size() / 2];
  f.p95 = ms[ms.size() * 95 / 100];
  for (double m : ms) f.mean += m / static_cast<double>(ms.size());
  f.qps = static_cast<double>(ms.size()) / total;
  return f;
}

void print(const std::string& name, const Figures& f, double base_mean) {
  std::printf("| %-34s | %8.2f | %8.2f | %8.2f | %8.0f | %6.2fx |\n", name.c_str(), f.p50, f.p95, f.mean, f.qps,
              f.mean / base_mean);
}

uintmax_t folder_bytes(const std::string& path) {
  uintmax_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(path)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

int slot_bytes(const std::string& db) {
  rassegna::testing::TempDir dir;
  Xapian::Database src(db);
  {
    Xapian::WritableDatabase without(dir / "without", Xapian::DB_CREATE);
    for (auto p = src.postlist_begin(""); p != src.postlist_end(""); ++p) {
      Xapian::Document doc = src.get_document(*p);
      for (Xapian::valueno k = 0; k < schema::kCompanySlots; ++k) {
        if (!doc.get_value(schema::kSlotCompanyFirst + k).empty()) doc.remove_value(schema::kSlotCompanyFirst + k);
      }
      without.replace_document(*p, doc);
    }
    without.commit();
  }
  src.compact(dir / "with.compact");
  Xapian::Database(dir / "without").compact(dir / "without.compact");
  const uintmax_t with = folder_bytes(dir / "with.compact"), without = folder_bytes(dir / "without.compact");
  uint64_t companies = 0;
  for (Xapian::valueno k = 0; k < schema::kCompanySlots; ++k) companies += src.get_value_freq(schema::kSlotCompanyFirst + k);
  std::printf("%u articles, %llu company slot values: compacted %.2f MB with the company slots, %.2f MB without: "
              "+%.2f MB (+%.1f%%), %.1f bytes per article, %.1f per slot value\n",
              src.get_doccount(), static_cast<unsigned long long>(companies), with / 1e6, without / 1e6,
              (static_cast<double>(with) - static_cast<double>(without)) / 1e6,
              100.0 * (static_cast<double>(with) - static_cast<double>(without)) / static_cast<double>(without),
              (static_cast<double>(with) - static_cast<double>(without)) / src.get_doccount(),
              companies ? (static_cast<double>(with) - static_cast<double>(without)) / static_cast<double>(companies) : 0.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each row as it is measured
  if (argc == 3 && std::string(argv[1]) == "--slot-bytes") {
    try {
      return slot_bytes(argv[2]);
    } catch (const Xapian::Error& e) {
      std::cerr << "remote_bench: " << e.get_description() << "\n";
      return 1;
    }
  }
  if (argc < 3) {
    std::cerr << "usage: remote_bench DB QUERIES.txt [MAX_QUERIES]\n";
    return 2;
  }
  if (rassegna::testing::tcpsrv_program().empty()) {
    std::cerr << "remote_bench: xapian-tcpsrv is not installed (scripts/install-deps.sh)\n";
    return 1;
  }
  const std::string db = argv[1];
  std::vector<std::string> queries;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) queries.push_back(line);
  }
  if (argc > 3) queries.resize(std::min(queries.size(), static_cast<size_t>(std::stoul(argv[3]))));
  if (queries.empty()) {
    std::cerr << "remote_bench: no queries in " << argv[2] << "\n";
    return 1;
  }
  try {
    std::printf("%zu queries, facets and snippets on, 10 hits; one thread; milliseconds per search\n\n",
                queries.size());
    std::printf("| %-34s | %8s | %8s | %8s | %8s | %7s |\n", "database", "p50", "p95", "mean", "q/s", "vs local");
    std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(10, '-').c_str(),
                std::string(10, '-').c_str(), std::string(10, '-').c_str(), std::string(10, '-').c_str(),
                std::string(9, '-').c_str());
    SearcherOptions enquire;
    enquire.direct_match = false;
    Searcher local_enquire(db, enquire);
    const Figures base = run(local_enquire, queries);
    print("local, one database (Enquire)", base, base.mean);
    Searcher local(db);
    print("local, one database (direct path)", run(local, queries), base.mean);
    for (size_t n : {1, 2, 3}) {
      rassegna::testing::TempDir dir;
      const auto paths = rassegna::testing::split_database(db, n, dir.path());
      std::vector<std::unique_ptr<rassegna::testing::TcpSrv>> servers;
      std::vector<std::string> lines;
      for (const auto& p : paths) {
        servers.push_back(std::make_unique<rassegna::testing::TcpSrv>(p));
        lines.push_back("remote " + servers.back()->name());
      }
      rassegna::testing::write_stub(dir / "stub", lines);
      Searcher remote(dir / "stub");
      print(std::to_string(n) + " remote part" + (n > 1 ? "s" : "") + " (xapian-tcpsrv)", run(remote, queries),
            base.mean);
    }
  } catch (const std::exception& e) {
    std::cerr << "remote_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
