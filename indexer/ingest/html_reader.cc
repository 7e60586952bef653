#include "indexer/ingest/html_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>

#include "indexer/analysis/text_cleaner.h"
#include "indexer/ingest/article_fields.h"
#include "indexer/ingest/byte_stream.h"
#include "indexer/ingest/links.h"
#include "indexer/ingest/main_text.h"
#include "indexer/ingest/markup_doc.h"

namespace rassegna::ingest {
namespace {

constexpr size_t kMaxPageBytes = size_t{64} << 20;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Everything the page's head and markup say, first value of each kind wins.
struct Meta {
  std::string og_title, og_site, og_url, og_locale, twitter_title, published, meta_date, canonical, title_tag,
      time_datetime, content_language, base_href;
  std::vector<std::string> json_ld;
};

void set_once(std::string& field, const std::string& value) {
  if (field.empty() && value.find_first_not_of(" \t\r\n") != std::string::npos) field = value;
}

void collect_meta(const xmlNode* n, Meta& m, int depth) {
  for (; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || depth > 200) continue;
    const std::string name = element_name(n);
    if (name == "meta") {
      const std::string key = lower(!attribute(n, "property").empty() ? attribute(n, "property")
                                    : !attribute(n, "name").empty()   ? attribute(n, "name")
                                    : !attribute(n, "itemprop").empty() ? attribute(n, "itemprop")
                                                                        : attribute(n, "http-equiv"));
      const std::string content = attribute(n, "content");
      if (key == "og:title") set_once(m.og_title, content);
      if (key == "og:site_name") set_once(m.og_site, content);
      if (key == "og:url") set_once(m.og_url, content);
      if (key == "og:locale") set_once(m.og_locale, content);
      if (key == "twitter:title") set_once(m.twitter_title, content);
      if (key == "article:published_time" || key == "datepublished") set_once(m.published, content);
      if (key == "date" || key == "pubdate" || key == "publishdate" || key == "dc.date.issued" ||
          key == "dc.date" || key == "sailthru.date" || key == "parsely-pub-date") {
        set_once(m.meta_date, content);
      }
      if (key == "content-language") set_once(m.content_language, content);
    } else if (name == "base") {
      set_once(m.base_href, attribute(n, "href"));
    } else if (name == "link" && lower(attribute(n, "rel")) == "canonical") {
      set_once(m.canonical, attribute(n, "href"));
    } else if (name == "title") {
      set_once(m.title_tag, node_text(n));
    } else if (name == "time") {
      set_once(m.time_datetime, attribute(n, "datetime"));
    } else if (name == "script" && lower(attribute(n, "type")) == "application/ld+json") {
      xmlChar* c = xmlNodeGetContent(n);
      if (c != nullptr) m.json_ld.emplace_back(reinterpret_cast<const char*>(c));
      xmlFree(c);
      continue;
    }
    if (name == "script" || name == "style") continue;
    collect_meta(n->children, m, depth + 1);
  }
}

// schema.org: the first object typed as a news article (also Article, BlogPosting, Report),
// searched through arrays and @graph.
bool is_article_type(const nlohmann::json& type) {
  auto check = [](const std::string& t) {
    return t == "NewsArticle" || t == "Article" || t == "ReportageNewsArticle" || t == "AnalysisNewsArticle" ||
           t == "BlogPosting" || t == "Report" || t == "OpinionNewsArticle" || t == "LiveBlogPosting";
  };
  if (type.is_string()) return check(type.get<std::string>());
  if (type.is_array()) {
    return std::any_of(type.begin(), type.end(), [&](const auto& t) { return t.is_string() && check(t.template get<std::string>()); });
  }
  return false;
}

const nlohmann::json* find_article(const nlohmann::json& j, int depth) {
  if (depth > 8) return nullptr;
  if (j.is_array()) {
    for (const auto& e : j) {
      if (const auto* found = find_article(e, depth + 1)) return found;
    }
  } else if (j.is_object()) {
    if (auto t = j.find("@type"); t != j.end() && is_article_type(*t)) return &j;
    if (auto g = j.find("@graph"); g != j.end()) return find_article(*g, depth + 1);
  }
  return nullptr;
}

std::string json_string(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {  // publisher: {"@type": "Organization", "name": ...}; mainEntityOfPage: {"@id": ...}
    for (const char* inner : {"name", "@id", "url"}) {
      if (auto v = it->find(inner); v != it->end() && v->is_string()) return v->get<std::string>();
    }
  }
  if (it->is_array() && !it->empty()) {
    const auto& first = it->front();
    if (first.is_string()) return first.get<std::string>();
    if (first.is_object()) {
      if (auto v = first.find("name"); v != first.end() && v->is_string()) return v->get<std::string>();
    }
  }
  return {};
}

// "it_IT" -> "it"; the reader's validation does the rest.
std::string language_code(std::string s) {
  s = one_line_text(s);
  size_t cut = s.find_first_of("_-,; ");
  return lower(cut == std::string::npos ? s : s.substr(0, cut));
}

std::string trimmed(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// Some CMSs write the articleBody twice over ("text text"): one copy is kept. A text is a
// repetition when the text from the second occurrence of its opening equals its beginning.
std::string without_repetition(std::string text) {
  for (;;) {
    text = trimmed(text);
    if (text.size() < 400) return text;
    const std::string_view opening = std::string_view(text).substr(0, 100);
    const size_t again = text.find(opening, 1);
    if (again == std::string::npos) return text;
    const std::string rest = trimmed(std::string_view(text).substr(again));
    if (text.compare(0, rest.size(), rest) != 0) return text;
    text.resize(again);
  }
}

// The share of the words of `part` (counted with repeats, case-insensitive) that `whole` has.
double words_covered(const std::string& part, const std::string& whole) {
  std::unordered_map<std::string, int> have;
  auto each_word = [](const std::string& text, auto&& f) {
    std::string w;
    for (char ch : text + " ") {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) || c >= 0x80) {
        w.push_back(static_cast<char>(std::tolower(c)));
      } else if (!w.empty()) {
        f(w);
        w.clear();
      }
    }
  };
  each_word(whole, [&](const std::string& w) { ++have[w]; });
  size_t total = 0, found = 0;
  each_word(part, [&](const std::string& w) {
    ++total;
    if (auto it = have.find(w); it != have.end() && it->second > 0) {
      --it->second;
      ++found;
    }
  });
  return total == 0 ? 1.0 : static_cast<double>(found) / static_cast<double>(total);
}

}  // namespace

PageFields extract_page(std::string_view html, const std::string& name, std::vector<std::string>& repairs) {
  ParseOutcome parsed = parse_html(html, name);
  for (auto& r : parsed.repairs) repairs.push_back(std::move(r));
  PageFields page;
  xmlNode* root = parsed.doc != nullptr ? xmlDocGetRootElement(parsed.doc.get()) : nullptr;
  if (root == nullptr) return page;
  Meta m;
  collect_meta(root, m, 0);
  std::string ld_headline, ld_date, ld_source, ld_url, ld_lang, ld_body;
  for (const auto& text : m.json_ld) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) continue;  // broken JSON-LD is common; the other metadata still count
    if (const auto* a = find_article(j, 0)) {
      set_once(ld_headline, json_string(*a, "headline"));
      set_once(ld_date, json_string(*a, "datePublished"));
      set_once(ld_source, json_string(*a, "publisher"));
      set_once(ld_url, json_string(*a, "url"));
      set_once(ld_url, json_string(*a, "mainEntityOfPage"));
      set_once(ld_lang, json_string(*a, "inLanguage"));
      set_once(ld_body, json_string(*a, "articleBody"));
    }
  }
  std::string title;
  for (const auto* t : {&m.og_title, &ld_headline, &m.twitter_title, &m.title_tag}) set_once(title, *t);
  page.title = one_line_text(analysis::clean_text(title));
  std::string date;
  for (const auto* d : {&m.published, &ld_date, &m.meta_date, &m.time_datetime}) set_once(date, *d);
  page.date = normalise_date(date);
  std::string source;
  for (const auto* s : {&m.og_site, &ld_source}) set_once(source, *s);
  page.source = one_line_text(analysis::clean_text(source));
  for (const auto* u : {&m.canonical, &m.og_url, &ld_url}) set_once(page.url, one_line_text(*u));
  page.base = one_line_text(m.base_href);
  std::string lang = attribute(root, "lang");
  if (lang.empty()) lang = attribute(root, "xml:lang");
  for (const auto* l : {&m.content_language, &ld_lang, &m.og_locale}) set_once(lang, *l);
  page.lang = language_code(lang);
  const xmlNode* body = root;
  for (const xmlNode* n = root->children; n != nullptr; n = n->next) {
    if (element_name(n) == "body") body = n;
  }
  page.body = analysis::clean_text(main_text(body));
  page.json_body = without_repetition(analysis::clean_text(ld_body));
  return page;
}

Article article_from_html(std::string_view html, const std::string& name, const std::string& fallback_id,
                          const std::string& fallback_url, const std::string& fallback_date,
                          std::vector<std::string>& repairs) {
  if (html.size() > kMaxArticleBytes) {
    throw std::runtime_error("page larger than " + std::to_string(kMaxArticleBytes >> 20) + " MB");
  }
  if (html.substr(0, 8192).find('\0') != std::string_view::npos && html[0] != '\xFF' && html[0] != '\xFE') {
    throw std::runtime_error("binary data, not an HTML page");
  }
  PageFields page = extract_page(html, name, repairs);
  Article a;
  const std::string base = resolve_url(page.base, fallback_url);
  const std::string url = resolve_url(page.url, is_web_url(base) ? base : fallback_url);
  a.url = is_web_url(url) ? url : fallback_url;
  if (a.url.empty()) a.url = page.url;
  a.id = id_from_key(!a.url.empty() ? a.url : fallback_id);
  a.title = page.title;
  // The publisher's own copy of the text, when the page carries it whole, beats any guess;
  // unless the main text found in the page already holds it (then the page's text, with its
  // paragraphs and standfirst, is kept).
  const bool json_whole = page.json_body.size() >= 200 && page.json_body.size() * 2 >= page.body.size();
  a.body = json_whole && words_covered(page.json_body, page.body) < 0.9 ? page.json_body : page.body;
  if (a.body.empty()) throw std::runtime_error("no text found in the page");
  a.date = !page.date.empty() ? page.date : normalise_date(fallback_date);
  a.lang = page.lang;
  a.source = page.source;
  validate_article(a, repairs);
  return a;
}

void read_html(const std::string& path, const ReadCallbacks& cb) {
  const SourceLocation where{path, 0};
  std::string html = read_whole_file(path, kMaxPageBytes);
  if (html.find_first_not_of(" \t\r\n") == std::string::npos) {
    cb.on_issue(IngestIssue{where, "empty file: no page", true});
    return;
  }
  std::string stem = std::filesystem::path(path).filename().string();
  stem = stem.substr(0, stem.find('.'));
  std::vector<std::string> repairs;
  try {
    Article a = article_from_html(html, path, stem, "", "", repairs);
    for (auto& r : repairs) cb.on_issue(IngestIssue{where, std::move(r), false});
    cb.on_article(std::move(a), where);
  } catch (const std::exception& e) {
    cb.on_issue(IngestIssue{where, e.what(), true});
  }
  if (cb.on_progress) cb.on_progress(file_size(path));
}

}  // namespace rassegna::ingest
