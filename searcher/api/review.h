#pragma once
// The press review (rassegna stampa): chosen articles compiled into one printable HTML document:
// a title page (title, date, the search it came from), a table of contents grouped by company or
// by source, then each article (source, date, link, companies, full text) on a page of its own
// when printed. Styled by review_css() (served at /api/review.css: the server's Content Security
// Policy allows no inline style).

#include <string>
#include <vector>

#include <rassegna/article.h>

namespace rassegna::api {

enum class ReviewGroup { company, source, none };

struct ReviewOptions {
  std::string title;        // empty: "Rassegna stampa" / "Press review"
  std::string search;       // the search it came from, for the title page; empty: chosen by hand
  std::string date;         // the review's date as shown (YYYY-MM-DD)
  std::string lang = "it";  // the document's language: "it" or "en"
  ReviewGroup group = ReviewGroup::company;
};

std::string review_html(const std::vector<Article>& articles, const ReviewOptions& options);
const std::string& review_css();

// HTML-escaped text (& < > " ').
std::string html_text(const std::string& text);

}  // namespace rassegna::api
