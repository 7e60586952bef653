// Checks on the large shared corpora (../shared/corpus). A clone without them skips these
// tests with a message. RASSEGNA_FULL=1 reads every article instead of the first 3,000 of
// each file.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <unicode/utf8.h>

#include <rassegna/analysis/tokenizer.h>
#include <rassegna/stored_article.h>

#include "indexer/analysis/language.h"
#include "indexer/document_builder.h"
#include "indexer/ingest/reader.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

std::string shared_corpus(const std::string& name) { return std::string(RASSEGNA_SHARED_DIR) + "/corpus/" + name; }

class SharedCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(SharedCorpus, LanguageDetectionWithTheFieldHidden) {
  const std::string path = shared_corpus(GetParam());
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent (the shared corpora are not in a clone)";
  const bool full = std::getenv("RASSEGNA_FULL") != nullptr;
  const size_t limit = full ? SIZE_MAX : 3000;
  size_t total = 0, right = 0;
  std::map<std::string, size_t> wrong;
  ingest::ReadCallbacks cb;
  cb.on_article = [&](Article&& a, const SourceLocation&) {
    if (total >= limit) return;
    ++total;
    std::string detected = analysis::detect_language(a.title, a.body);
    if (detected == a.lang) {
      ++right;
    } else {
      ++wrong[a.lang + "->" + detected];
    }
  };
  cb.on_issue = [](const ingest::IngestIssue&) {};
  ingest::read_file(path, cb);
  ASSERT_GT(total, 0u);
  double accuracy = static_cast<double>(right) / static_cast<double>(total);
  std::cout << GetParam() << ": language detection " << right << "/" << total << " = " << accuracy * 100 << "%";
  for (const auto& [k, v] : wrong) std::cout << "  " << k << ":" << v;
  std::cout << "\n";
  EXPECT_GE(accuracy, 0.98);
}

// What a reader of the raw text would call HTML, written independently of the cleaner (and
// laxer than it): a comment, a script or style element, or a tag of a common element written in
// lower case, as HTML in feeds is (Reuters writes tickers in capitals: <U>, <DD>). Entities
// are decoded. Returns the text that must survive indexing.
std::string without_obvious_html(const std::string& raw) {
  static const std::vector<std::string> inline_elements = {"a", "b", "i", "em", "strong", "span", "u",
                                                           "font", "small", "sup", "sub"};
  static const std::vector<std::string> other_elements = {
      "p", "br", "div", "li", "ul", "ol", "img", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
      "blockquote", "hr", "iframe", "figure", "figcaption", "section", "article", "header", "footer"};
  auto is_in = [](const std::vector<std::string>& list, const std::string& w) {
    return std::find(list.begin(), list.end(), w) != list.end();
  };
  std::string out;
  for (size_t i = 0; i < raw.size();) {
    if (raw.compare(i, 4, "<!--") == 0 && raw.find("-->", i) != std::string::npos) {
      i = raw.find("-->", i) + 3;
      continue;
    }
    if (raw.compare(i, 7, "<script") == 0 || raw.compare(i, 6, "<style") == 0) {
      std::string closing = raw.compare(i, 7, "<script") == 0 ? "</script>" : "</style>";
      size_t end = raw.find(closing, i);
      i = end == std::string::npos ? raw.size() : end + closing.size();
      continue;
    }
    if (raw[i] == '<') {
      size_t j = i + 1 + (i + 1 < raw.size() && raw[i + 1] == '/');
      std::string name;
      while (j < raw.size() && ((raw[j] >= 'a' && raw[j] <= 'z') || (raw[j] >= '0' && raw[j] <= '9'))) name += raw[j++];
      size_t end = raw.find('>', j);
      bool tag = j < raw.size() && (raw[j] == ' ' || raw[j] == '/' || raw[j] == '>') && end != std::string::npos &&
                 raw.find('<', j) > end && (is_in(inline_elements, name) || is_in(other_elements, name));
      if (tag) {
        out += is_in(inline_elements, name) ? "" : " ";
        i = end + 1;
        continue;
      }
    }
    if (raw[i] == '&') {
      size_t semi = raw.find(';', i);
      if (semi != std::string::npos && semi - i <= 10 && semi > i + 1) {
        std::string name = raw.substr(i + 1, semi - i - 1);
        static const std::map<std::string, std::string> named = {
            {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
        if (name[0] == '#') {
          bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
          UChar32 cp = static_cast<UChar32>(std::strtol(name.c_str() + (hex ? 2 : 1), nullptr, hex ? 16 : 10));
          char buf[4];
          int32_t len = 0;
          UBool error = false;
          U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, cp, error);
          out.append(buf, error ? 0 : static_cast<size_t>(len));
        } else {
          auto it = named.find(name);
          out += it != named.end() ? it->second : " ";  // another entity: its word is not required
        }
        i = semi + 1;
        continue;
      }
    }
    out += raw[i++];
  }
  return out;
}

std::map<std::string, int> word_counts(const std::string& text) {
  std::map<std::string, int> counts;
  for (const auto& t : analysis::tokenize(text)) ++counts[t.term];
  return counts;
}

// Words of `expected` missing from `stored` (counted: a word written twice must be stored twice).
std::string missing_words(const std::string& expected, const std::string& stored) {
  std::map<std::string, int> have = word_counts(stored);
  std::string missing;
  for (const auto& [word, n] : word_counts(expected)) {
    if (have[word] < n) missing += " " + word;
  }
  return missing;
}

// Nothing lost on the way in: every word of each article's title and body (after removing
// obvious HTML) is in the title and body the index stores.
class NothingLost : public ::testing::TestWithParam<std::string> {};

TEST_P(NothingLost, EveryWordOfTheInputIsStored) {
  const std::string path = GetParam().find('/') == std::string::npos ? shared_corpus(GetParam())
                                                                     : testing::source_path(GetParam());
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent (the shared corpora are not in a clone)";
  const size_t limit = std::getenv("RASSEGNA_FULL") != nullptr ? SIZE_MAX : 3000;
  std::unique_ptr<FILE, int (*)(FILE*)> in(popen(("gzip -dcf '" + path + "'").c_str(), "r"), pclose);
  ASSERT_TRUE(in);
  DocumentBuilder builder;
  size_t articles = 0, failures = 0;
  char* buffer = nullptr;
  size_t capacity = 0;
  for (ssize_t n; articles < limit && (n = getline(&buffer, &capacity, in.get())) > 0;) {
    std::string line(buffer, static_cast<size_t>(n));
    nlohmann::json raw = nlohmann::json::parse(line);
    std::vector<std::string> repairs;
    Article a = ingest::article_from_json_line(line, repairs);
    Article stored = decode_document(builder.build(a));
    ++articles;
    for (const char* field : {"title", "body"}) {
      std::string expected = without_obvious_html(raw.value(field, ""));
      std::string missing = missing_words(expected, field[0] == 't' ? stored.title : stored.body);
      if (!missing.empty() && ++failures <= 5) {
        ADD_FAILURE() << stored.id << " " << field << " lost:" << missing.substr(0, 300) << "\n  input: "
                      << expected.substr(0, 300);
      }
    }
  }
  std::free(buffer);
  ASSERT_GT(articles, 0u);
  std::cout << GetParam() << ": " << articles << " articles, " << failures << " fields lost words\n";
  EXPECT_EQ(failures, 0u);
}

INSTANTIATE_TEST_SUITE_P(Corpora, NothingLost,
                         ::testing::Values("corpus/sample-mixed.jsonl", "reuters21578.jsonl.gz",
                                           "en-reuters-financial.jsonl.gz", "it-dice.jsonl.gz",
                                           "it-covid-news-2020.jsonl.gz", "it-sole24ore-2023.jsonl.gz",
                                           "it-ansa-ilpost-2024.jsonl.gz", "it-newstopics-2025.jsonl.gz"),
                         [](const auto& param_info) {
                           std::string n = param_info.param.substr(0, param_info.param.find('.'));
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

INSTANTIATE_TEST_SUITE_P(Corpora, SharedCorpus,
                         ::testing::Values("reuters21578.jsonl.gz", "en-reuters-financial.jsonl.gz",
                                           "it-dice.jsonl.gz", "it-covid-news-2020.jsonl.gz",
                                           "it-sole24ore-2023.jsonl.gz", "it-ansa-ilpost-2024.jsonl.gz",
                                           "it-newstopics-2025.jsonl.gz"),
                         [](const auto& param_info) {
                           std::string n = param_info.param.substr(0, param_info.param.find('.'));
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace rassegna
