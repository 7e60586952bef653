#include "tests/integration/reader_support.h"

#include "tests/common/test_support.h"

namespace rassegna::testing {

const Article* Collected::by_id(const std::string& id) const {
  for (const auto& a : articles) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

size_t Collected::skipped() const {
  size_t n = 0;
  for (const auto& i : issues) n += i.skipped;
  return n;
}

size_t Collected::repaired() const { return issues.size() - skipped(); }

const ingest::IngestIssue* Collected::issue_with(const std::string& text) const {
  for (const auto& i : issues) {
    if (i.reason.find(text) != std::string::npos) return &i;
  }
  return nullptr;
}

std::string Collected::describe_issues() const {
  std::string s;
  for (const auto& i : issues) s += i.where.to_string() + (i.skipped ? ": skipped: " : ": repaired: ") + i.reason + "\n";
  return s;
}

Collected read_one(const std::string& path, const ingest::ReaderOptions& options) {
  Collected c;
  ingest::ReadCallbacks cb;
  cb.on_article = [&](Article&& a, const SourceLocation& where) {
    c.articles.push_back(std::move(a));
    c.where.push_back(where);
  };
  cb.on_issue = [&](const ingest::IngestIssue& i) { c.issues.push_back(i); };
  ingest::read_file(path, cb, options);
  return c;
}

std::string data_path(const std::string& relative) { return source_path("tests/data/" + relative); }

}  // namespace rassegna::testing
