#pragma once
// Near-duplicate copies of real articles, made the way wire copy is republished: another
// headline, the last paragraph cut, a sign-off added, another source and a later date.
// For the story tests and the collapse differential test.

#include <string>
#include <vector>

#include <rassegna/article.h>

namespace rassegna::testing {

// The articles of a JSONL file (the corpus format), in file order.
std::vector<Article> read_jsonl(const std::string& path);
// Writes articles as JSONL; returns `path`.
std::string write_jsonl(const std::string& path, const std::vector<Article>& articles);

// The body without its last paragraph (blank-line or indented paragraphs; else its last line),
// when at least 60% of it is left; else the body unchanged.
std::string trim_last_paragraph(const std::string& body);

// A republished copy of `a` under `id`: headline replaced, last paragraph trimmed, a sign-off
// appended (`variant` picks which changes: 0 all three, 1 headline + sign-off, 2 headline +
// trim), source and date changed.
Article republished(const Article& a, const std::string& id, int variant);

}  // namespace rassegna::testing
