// spelling_bench: what "did you mean" costs two ways, on a real database.
//   1. Xapian's spelling table: a copy of the database's words (unprefixed terms, each with its
//      document frequency) is written to the spelling table of a fresh database, whose size is
//      set against the whole index: what add_spelling() at index time would add.
//   2. Rassegna's suggester (searcher/query/spelling.h): no table, a scan of the terms that share
//      the word's first letter;
//   3. the same suggester reading the words of each large part from its Lexicon (in memory, by
//      first letter and length), as rassegna-server does (its answers must be the scan's).
// Both are asked to correct the same misspellings (one random edit of words of 5+ letters
// drawn from the index by frequency); the answer is right when it is the original word.
// Usage: spelling_bench --db DB [--words N] [--seed S] [--lang it|en] [--no-table]
// (DB may be a collection; --no-table skips 1., which takes minutes at 1M articles.)
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>
#include <unistd.h>
#include <xapian.h>

#include <rassegna/collection.h>

#include "searcher/query/spelling.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

uint64_t dir_bytes(const fs::path& dir) {
  uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) n += e.file_size();
  }
  return n;
}

bool is_ascii_word(const std::string& s) {
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

std::string misspell(const std::string& w, std::mt19937& rng) {
  std::uniform_int_distribution<size_t> pos(1, w.size() - 1);  // the first letter kept
  std::uniform_int_distribution<int> letter('a', 'z');
  std::string out = w;
  const size_t i = pos(rng);
  switch (rng() % 4) {
    case 0:
      out.erase(i, 1);
      break;
    case 1:
      out[i] = static_cast<char>(letter(rng));
      break;
    case 2:
      out.insert(i, 1, static_cast<char>(letter(rng)));
      break;
    default:
      if (i + 1 < out.size()) std::swap(out[i], out[i + 1]);
      else std::swap(out[i - 1], out[i]);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, lang;
  bool table = true;
  size_t words = 300;
  unsigned seed = 17;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) db_path = argv[++i];
    else if (a == "--words" && i + 1 < argc) words = std::stoul(argv[++i]);
    else if (a == "--seed" && i + 1 < argc) seed = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (a == "--lang" && i + 1 < argc) lang = argv[++i];
    else if (a == "--no-table") table = false;
    else {
      std::cerr << "usage: spelling_bench --db DB [--words N] [--seed S] [--lang it|en] [--no-table]\n";
      return 2;
    }
  }
  if (db_path.empty()) {
    std::cerr << "spelling_bench: --db is required\n";
    return 2;
  }
  try {
    Xapian::Database db(db_path);
    const uint64_t index_bytes = dir_bytes(db_path);

    // 1. The spelling table, built from the words of the index.
    const fs::path tmp = fs::temp_directory_path() / ("spelling_bench." + std::to_string(::getpid()));
    fs::remove_all(tmp);
    std::vector<std::pair<std::string, uint64_t>> vocabulary;
    auto t0 = Clock::now();
    {
      Xapian::WritableDatabase spell(tmp.string(), Xapian::DB_CREATE_OR_OVERWRITE);
      for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
        const std::string term = *it;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;  // prefixed terms
        if (table) spell.add_spelling(term, it.get_termfreq());
        vocabulary.emplace_back(term, it.get_termfreq());
      }
      spell.commit();
    }
    const double build_s = std::chrono::duration<double>(Clock::now() - t0).count();
    uint64_t spelling_bytes = 0;
    for (const auto& e : fs::directory_iterator(tmp)) {
      if (e.path().filename().string().rfind("spelling.", 0) == 0) spelling_bytes += e.file_size();
    }
    std::cout << "database: " << db_path << " (" << db.get_doccount() << " articles, " << index_bytes / 1024 << " KiB)\n"
              << "words (unprefixed terms): " << vocabulary.size() << "\n"
              << "spelling table: " << spelling_bytes / 1024 << " KiB = " << 100.0 * spelling_bytes / index_bytes
              << " % of the index (built in " << build_s << " s)\n";

    // 3. The lexicons of the parts (rassegna-server's choice: large parts only).
    std::vector<Xapian::Database> parts;
    const std::string stub = rassegna::collection::stub_of(db_path);
    if (stub.empty()) {
      parts.push_back(db);
    } else if (auto locals = rassegna::collection::local_parts(stub)) {
      for (const auto& p : *locals) parts.emplace_back(p);
    }
    std::vector<rassegna::spelling::WordSource> sources;
    auto l0 = Clock::now();
    size_t lexicon_words = 0;
    for (auto& part : parts) {
      std::shared_ptr<const rassegna::spelling::Lexicon> lexicon;
      if (part.get_doccount() >= rassegna::spelling::kLexiconDocs) {
        lexicon = std::make_shared<const rassegna::spelling::Lexicon>(part);
        lexicon_words += lexicon->size();
      }
      sources.push_back(rassegna::spelling::WordSource{&part, lexicon});
    }
    const double lexicon_s = std::chrono::duration<double>(Clock::now() - l0).count();
    std::cout << "lexicons: " << lexicon_words << " words of " << parts.size() << " parts, built in " << lexicon_s << " s\n";

    // 2. The same misspellings to all.
    std::vector<std::string> pool;
    for (const auto& [w, f] : vocabulary) {
      if (w.size() >= 5 && f >= 3 && is_ascii_word(w)) pool.push_back(w);
    }
    if (pool.empty()) {
      std::cerr << "spelling_bench: no words of 5+ letters in the index\n";
      return 1;
    }
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
    Xapian::Database spell(tmp.string());
    size_t ours_right = 0, xapian_right = 0, ours_any = 0, xapian_any = 0, asked = 0, differ = 0;
    double ours_ms = 0, xapian_ms = 0, lexicon_ms = 0;
    for (size_t k = 0; k < words; ++k) {
      const std::string word = pool[pick(rng)];
      const std::string typo = misspell(word, rng);
      if (typo == word || db.term_exists(typo)) continue;  // not a misspelling here
      ++asked;
      auto a = Clock::now();
      const std::string ours = rassegna::spelling::best_word(db, typo, lang);
      auto b = Clock::now();
      const std::string theirs = table ? spell.get_spelling_suggestion(typo, 2) : std::string();
      auto c = Clock::now();
      const std::string from_lexicon = rassegna::spelling::best_word(db, typo, lang, sources);
      auto d = Clock::now();
      ours_ms += std::chrono::duration<double, std::milli>(b - a).count();
      xapian_ms += std::chrono::duration<double, std::milli>(c - b).count();
      lexicon_ms += std::chrono::duration<double, std::milli>(d - c).count();
      differ += from_lexicon != ours;
      ours_right += ours == word;
      xapian_right += theirs == word;
      ours_any += !ours.empty();
      xapian_any += !theirs.empty();
    }
    std::cout << "misspellings asked: " << asked << " (seed " << seed << ")\n"
              << "  rassegna scan:  right " << ours_right << " (" << 100.0 * ours_right / asked << " %), answered "
              << ours_any << ", mean " << ours_ms / asked << " ms\n"
              << "  rassegna lexicon: the scan's answer but for " << differ << ", mean " << lexicon_ms / asked << " ms\n";
    if (table) {
      std::cout << "  xapian table:   right " << xapian_right << " (" << 100.0 * xapian_right / asked << " %), answered "
              << xapian_any << ", mean " << xapian_ms / asked << " ms\n";
    }
    fs::remove_all(tmp);
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "spelling_bench: " << e.get_description() << '\n';
    return 1;
  }
}
