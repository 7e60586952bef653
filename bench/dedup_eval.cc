// dedup_eval: precision and recall of Rassegna's story grouping on a labelled sample of pairs
// (bench/dedup/labelled_pairs.tsv: corpus, id_a, id_b, stratum, ratio, label, how), read from
// databases built by rassegna-index. A pair counts as grouped when both articles carry the same
// story key. Also --dump: every article in a story of two or more, "key<TAB>id", for sampling.
//
//   dedup_eval --pairs bench/dedup/labelled_pairs.tsv CORPUS=DB [CORPUS=DB...]
//   dedup_eval --dump DB
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include <xapian.h>

#include <rassegna/stored_article.h>
#include <rassegna/schema.h>

namespace {

std::string key_of(Xapian::Database& db, const std::string& id) {
  const std::string term = std::string(rassegna::schema::kId) + id;
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return {};
  return db.get_document(*p).get_value(rassegna::schema::kSlotStory);
}

struct Counts {
  size_t tp = 0, fp = 0, fn = 0, tn = 0, missing = 0;
};

void print(const std::string& name, const Counts& c) {
  const double p = c.tp + c.fp ? static_cast<double>(c.tp) / (c.tp + c.fp) : 1.0;
  const double r = c.tp + c.fn ? static_cast<double>(c.tp) / (c.tp + c.fn) : 1.0;
  std::printf("%-28s pairs %4zu  dup %4zu  grouped %4zu  TP %4zu FP %3zu FN %4zu TN %4zu  P %.3f  R %.3f%s\n",
              name.c_str(), c.tp + c.fp + c.fn + c.tn, c.tp + c.fn, c.tp + c.fp, c.tp, c.fp, c.fn, c.tn, p, r,
              c.missing ? ("  (" + std::to_string(c.missing) + " missing)").c_str() : "");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc == 3 && std::string(argv[1]) == "--dump") {
      Xapian::Database db(argv[2]);
      std::map<std::string, std::vector<std::string>> stories;
      for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        Xapian::Document d = db.get_document(*p);
        stories[d.get_value(rassegna::schema::kSlotStory)].push_back(rassegna::stored_id(d));
      }
      for (const auto& [key, ids] : stories) {
        if (ids.size() < 2) continue;
        for (const auto& id : ids) std::cout << key << '\t' << id << '\n';
      }
      return 0;
    }
    if (argc < 4 || std::string(argv[1]) != "--pairs") {
      std::cerr << "usage: dedup_eval --pairs PAIRS.tsv CORPUS=DB...  |  dedup_eval --dump DB\n";
      return 2;
    }
    std::map<std::string, Xapian::Database> dbs;
    for (int i = 3; i < argc; ++i) {
      const std::string arg = argv[i];
      const size_t eq = arg.find('=');
      if (eq == std::string::npos) throw std::runtime_error("expected CORPUS=DB, got '" + arg + "'");
      dbs.emplace(arg.substr(0, eq), Xapian::Database(arg.substr(eq + 1)));
    }
    std::ifstream in(argv[2]);
    if (!in) throw std::runtime_error(std::string("cannot read ") + argv[2]);
    std::map<std::string, Counts> by;
    Counts all;
    std::string line;
    size_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string x; std::getline(ss, x, '\t');) f.push_back(x);
      if (f.size() < 6) throw std::runtime_error(std::string(argv[2]) + ":" + std::to_string(n) + ": expected 7 columns");
      auto db = dbs.find(f[0]);
      if (db == dbs.end()) continue;
      const std::string a = key_of(db->second, f[1]), b = key_of(db->second, f[2]);
      const std::string stratum = f[0] + "/" + f[3];
      if (a.empty() || b.empty()) {
        ++by[stratum].missing;
        continue;
      }
      const bool grouped = a == b, dup = f[5] == "1";
      for (Counts* c : {&by[stratum], &all}) {
        if (grouped && dup) ++c->tp;
        if (grouped && !dup) ++c->fp;
        if (!grouped && dup) ++c->fn;
        if (!grouped && !dup) ++c->tn;
      }
    }
    for (const auto& [name, c] : by) print(name, c);
    print("all labelled pairs", all);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dedup_eval: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "dedup_eval: " << e.get_description() << '\n';
    return 1;
  }
}
