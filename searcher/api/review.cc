#include "searcher/api/review.h"

#include <map>

#include "searcher/api/feeds.h"

namespace rassegna::api {
namespace {

struct Labels {
  const char* kicker;
  const char* contents;
  const char* search;
  const char* by_hand;
  const char* articles_one;
  const char* articles_many;
  const char* other;
  const char* original;
  const char* undated;
  const char* date;
};

const Labels& labels(const std::string& lang) {
  static const Labels it{"Rassegna stampa", "Indice", "Ricerca", "Articoli scelti a mano", "articolo", "articoli",
                         "Altro", "Articolo originale", "senza data", "Data"};
  static const Labels en{"Press review", "Contents", "Search", "Articles chosen by hand", "article", "articles",
                         "Other", "Original article", "undated", "Date"};
  return lang == "en" ? en : it;
}

bool is_web_link(const std::string& url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

// Paragraphs of an article body: blank lines split them, single newlines become <br>.
std::string paragraphs(const std::string& body) {
  std::string out, para;
  auto flush = [&] {
    size_t a = para.find_first_not_of(" \t\n");
    if (a != std::string::npos) {
      size_t b = para.find_last_not_of(" \t\n");
      std::string text = html_text(para.substr(a, b - a + 1));
      std::string with_breaks;
      for (char c : text) with_breaks += c == '\n' ? std::string("<br>") : std::string(1, c);
      out += "<p>" + with_breaks + "</p>\n";
    }
    para.clear();
  };
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    std::string line = body.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      flush();
    } else {
      if (!para.empty()) para += '\n';
      para += line;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  flush();
  return out;
}

}  // namespace

std::string html_text(const std::string& text) {
  std::string clean = xml_escape(text);  // also drops control characters and bad UTF-8
  std::string out;
  for (char c : clean) {
    if (c == '\'') {
      out += "&#39;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string review_html(const std::vector<Article>& articles, const ReviewOptions& o) {
  const Labels& l = labels(o.lang);
  const std::string title = o.title.empty() ? l.kicker : o.title;

  // Sections in order of first appearance; an article sits in the section of its first company
  // (or its source), so each is printed once.
  std::vector<std::string> section_names;
  std::map<std::string, std::vector<size_t>> sections;
  for (size_t i = 0; i < articles.size(); ++i) {
    const Article& a = articles[i];
    std::string key;
    if (o.group == ReviewGroup::company) key = a.companies.empty() ? l.other : a.companies.front();
    if (o.group == ReviewGroup::source) key = a.source.empty() ? l.other : a.source;
    if (!sections.count(key)) section_names.push_back(key);
    sections[key].push_back(i);
  }

  std::string out = "<!doctype html>\n<html lang=\"" + html_text(o.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>" + html_text(title + " · " + o.date) + "</title>\n";
  out += "<link rel=\"stylesheet\" href=\"/api/review.css\">\n</head>\n<body>\n";
  out += "<section class=\"cover\">\n<p class=\"kicker\">" + html_text(l.kicker) + "</p>\n";
  out += "<h1>" + html_text(title) + "</h1>\n";
  out += "<p class=\"review-date\"><span>" + html_text(l.date) + ":</span> <time datetime=\"" + html_text(o.date) + "\">" +
         html_text(o.date) + "</time></p>\n";
  out += "<p class=\"review-search\"><span>" + html_text(l.search) + ":</span> " +
         (o.search.empty() ? html_text(l.by_hand) : "<q>" + html_text(o.search) + "</q>") + "</p>\n";
  out += "<p class=\"review-count\">" + std::to_string(articles.size()) + " " +
         (articles.size() == 1 ? l.articles_one : l.articles_many) + "</p>\n</section>\n";

  out += "<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">" + html_text(l.contents) + "</h2>\n";
  size_t number = 0;
  std::vector<size_t> order;  // articles in document order
  for (const auto& name : section_names) {
    if (o.group != ReviewGroup::none) out += "<h3>" + html_text(name) + "</h3>\n";
    out += "<ol start=\"" + std::to_string(number + 1) + "\">\n";
    for (size_t i : sections[name]) {
      const Article& a = articles[i];
      ++number;
      order.push_back(i);
      out += "<li><a href=\"#art-" + std::to_string(number) + "\">" + html_text(a.title.empty() ? a.id : a.title) +
             "</a> <span class=\"toc-meta\">" + html_text(a.source) + (a.source.empty() ? "" : " · ") +
             html_text(a.date.empty() ? l.undated : a.date.substr(0, 10)) + "</span></li>\n";
    }
    out += "</ol>\n";
  }
  out += "</nav>\n";

  for (size_t k = 0; k < order.size(); ++k) {
    const Article& a = articles[order[k]];
    out += "<article class=\"item\" id=\"art-" + std::to_string(k + 1) + "\" lang=\"" + html_text(a.lang) + "\">\n";
    out += "<p class=\"item-meta\"><span class=\"item-number\">" + std::to_string(k + 1) + "</span> ";
    if (!a.source.empty()) out += "<span class=\"item-source\">" + html_text(a.source) + "</span> · ";
    out += "<span class=\"item-date\">" + html_text(a.date.empty() ? l.undated : a.date.substr(0, 10)) + "</span></p>\n";
    out += "<h2>" + html_text(a.title.empty() ? a.id : a.title) + "</h2>\n";
    if (!a.companies.empty()) {
      out += "<p class=\"item-companies\">";
      for (size_t i = 0; i < a.companies.size(); ++i) out += (i ? ", " : "") + html_text(a.companies[i]);
      out += "</p>\n";
    }
    if (is_web_link(a.url)) {
      out += "<p class=\"item-link\">" + html_text(l.original) + ": <a href=\"" + html_text(a.url) + "\">" +
             html_text(a.url) + "</a></p>\n";
    }
    out += "<div class=\"item-text\">\n" + paragraphs(a.body) + "</div>\n</article>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

const std::string& review_css() {
  static const std::string css = R"css(/* The press review (rassegna stampa): on screen and printed (A4). */
:root { color-scheme: light; }
body { font: 16px/1.55 Georgia, "DejaVu Serif", serif; color: #111; max-width: 46rem; margin: 2rem auto; padding: 0 1.2rem; }
h1, h2, h3, .kicker, .item-meta, .toc-meta, .review-date, .review-search, .review-count, .item-companies, .item-link {
  font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
.cover { min-height: 60vh; display: flex; flex-direction: column; justify-content: center; border-bottom: 3px solid #2f6fed; margin-bottom: 2rem; }
.kicker { text-transform: uppercase; letter-spacing: .12em; color: #2f6fed; font-weight: 700; margin: 0; }
.cover h1 { font-size: 2.4rem; line-height: 1.15; margin: .4rem 0 1.4rem; }
.cover p span { color: #555; }
.toc h2 { font-size: 1.5rem; }
.toc h3 { font-size: 1rem; text-transform: uppercase; letter-spacing: .06em; color: #2f6fed; margin: 1.2rem 0 .3rem; }
.toc ol { padding-left: 1.6rem; margin: 0; }
.toc li { margin: .25rem 0; }
.toc a { color: #111; text-decoration: none; }
.toc-meta { color: #666; font-size: .85em; }
.item { border-top: 1px solid #ccc; padding-top: 1.2rem; margin-top: 2rem; }
.item-meta { color: #555; font-size: .9rem; margin: 0; }
.item-number { display: inline-block; min-width: 1.6rem; font-weight: 700; color: #2f6fed; }
.item h2 { font-size: 1.6rem; line-height: 1.2; margin: .4rem 0 .5rem; }
.item-companies, .item-link { font-size: .85rem; color: #555; margin: .2rem 0; word-break: break-all; }
.item-text p { margin: 0 0 .8rem; text-align: justify; hyphens: auto; }
a { color: #1a4fc2; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  .cover { min-height: 0; height: 240mm; border: 0; margin: 0; break-after: page; }
  .toc { break-after: page; }
  .item { border: 0; margin: 0; padding: 0; break-before: page; }
  .item h2 { break-after: avoid; }
  .item-text p { orphans: 3; widows: 3; }
  a { color: inherit; text-decoration: none; }
}
)css";
  return css;
}

}  // namespace rassegna::api
