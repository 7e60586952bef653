#include "indexer/ingest/main_text.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "indexer/ingest/article_fields.h"
#include "indexer/ingest/markup_doc.h"

namespace rassegna::ingest {
namespace {

bool in(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_block_element(std::string_view n) {
  return in(n, {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
                "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl", "hr", "address", "details",
                "summary", "caption", "center", "figcaption", "body", "br"});
}

bool is_heading(std::string_view n) { return in(n, {"h2", "h3", "h4", "h5", "h6"}); }

// Elements that are never the article's text.
bool is_excluded_element(std::string_view n) {
  return in(n, {"script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "form", "button",
                "select", "input", "textarea", "nav", "aside", "footer", "header", "label", "dialog", "menu",
                "video", "audio", "canvas", "map", "head", "title", "meta", "link", "figure", "picture", "h1"});
}

// Words of class and id that mark what is not the article (two lists only for reading).
const std::unordered_set<std::string_view>& always_boilerplate() {
  static const std::unordered_set<std::string_view> words = {
      "cookie", "cookies", "consent", "gdpr", "comment", "comments", "newsletter", "share", "sharing",
      "social", "related", "recirc", "recirculation", "promo", "advert", "advertisement", "ad", "ads",
      "adv", "sponsor", "sponsored", "outbrain", "taboola", "breadcrumb", "breadcrumbs", "subscribe",
      "subscription", "popup", "modal", "banner", "disqus", "tags", "byline", "author", "caption",
      "hidden", "sr", "visually", "print", "skip", "signup", "trending", "popular", "mostread", "readmore",
      "correlati", "condividi", "pubblicita", "abbonati", "hide", "notification", "notifications", "prompt"};
  return words;
}
const std::unordered_set<std::string_view>& usually_boilerplate() {
  static const std::unordered_set<std::string_view> words = {"nav", "navigation", "menu", "footer", "header",
                                                             "sidebar", "widget", "masthead", "toolbar",
                                                             "rail", "aside", "topbar"};
  return words;
}

std::vector<std::string> class_words(const xmlNode* n) {
  std::vector<std::string> out;
  for (const char* attr : {"class", "id"}) {
    std::string v = attribute(n, attr);
    std::string word;
    for (char c : v + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      } else if (!word.empty()) {
        out.push_back(word);
        word.clear();
      }
    }
  }
  return out;
}

// Paragraphs of 100 bytes or more under n (stops counting at `enough`).
size_t long_paragraphs(const xmlNode* n, size_t enough) {
  size_t count = 0;
  for (const xmlNode* c = n->children; c != nullptr && count < enough; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (element_name(c) == "p") {
      xmlChar* t = xmlNodeGetContent(c);
      if (t != nullptr && std::strlen(reinterpret_cast<const char*>(t)) >= 100) ++count;
      xmlFree(t);
    } else {
      count += long_paragraphs(c, enough - count);
    }
  }
  return count;
}

bool is_hidden(const xmlNode* n) {
  if (xmlHasProp(n, reinterpret_cast<const xmlChar*>("hidden")) != nullptr) return true;
  if (attribute(n, "aria-hidden") == "true") return true;
  std::string style = attribute(n, "style");
  style.erase(std::remove_if(style.begin(), style.end(), [](unsigned char c) { return std::isspace(c); }),
              style.end());
  std::transform(style.begin(), style.end(), style.begin(), [](unsigned char c) { return std::tolower(c); });
  if (style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos) {
    return true;
  }
  std::string role = attribute(n, "role");
  return in(role, {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "menu",
                   "menubar"});
}

// `in_article_header`: in an article's own <header>, where "header" in a class name says nothing.
bool excluded(const xmlNode* n, const std::string& name, bool in_article_header = false) {
  if (is_excluded_element(name) || is_hidden(n)) return true;
  if (in(name, {"body", "html", "main", "article"})) return false;
  bool boilerplate = false;
  for (const auto& w : class_words(n)) {
    boilerplate = boilerplate || always_boilerplate().count(w) != 0 ||
                  (!in_article_header && usually_boilerplate().count(w) != 0);
  }
  // An element named like boilerplate that holds three long paragraphs is kept: on badly
  // nested pages the article ends up inside an unclosed <div id="ad-portal"> or "sidebar".
  return boilerplate && long_paragraphs(n, 3) < 3;
}

struct Block {
  std::string text;
  size_t words = 0, link_words = 0;
  bool ends_in_link = false;  // the last words are link text
  const xmlNode* article = nullptr;  // for a paragraph of an article's <header>: the <article>
  const xmlNode* owner = nullptr;  // innermost block element around the text
  bool heading = false;
};

size_t count_words(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool ends_sentence(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) return false;
  for (std::string_view end : {".", "!", "?", ":", "\"", ")", "»", "”", "…", ";"}) {
    if (s.size() >= end.size() && s.substr(s.size() - end.size()) == end) return true;
  }
  return false;
}

// A <header> inside an <article> (not hidden, not named like boilerplate) heads the article itself.
bool is_article_header(const xmlNode* n) {
  if (is_hidden(n)) return false;
  for (const auto& w : class_words(n)) {
    if (always_boilerplate().count(w) != 0) return false;
  }
  for (const xmlNode* a = n->parent; a != nullptr && a->type == XML_ELEMENT_NODE; a = a->parent) {
    if (element_name(a) == "article") return true;
  }
  return false;
}

class BlockCollector {
 public:
  std::vector<Block> blocks;

  // `article_header`: inside the <header> of an <article>, where only paragraphs (<p>: the
  // standfirst, "sommario") are text; its title, date and byline are not.
  void walk(const xmlNode* parent, bool in_link, const xmlNode* owner, bool heading, int depth,
            bool article_header = false) {
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content == nullptr || article_header) continue;
        std::string_view t(reinterpret_cast<const char*>(n->content));
        size_t w = count_words(t);
        cur_.text += t;
        cur_.words += w;
        if (in_link) cur_.link_words += w;
        if (w > 0) cur_.ends_in_link = in_link;
        continue;
      }
      if (n->type != XML_ELEMENT_NODE || depth > 200) continue;
      const std::string name = element_name(n);
      if (name == "header" && !article_header && is_article_header(n)) {
        flush(owner, heading);
        const xmlNode* saved = article_;
        for (article_ = n->parent; element_name(article_) != "article";) article_ = article_->parent;
        walk(n, in_link, n, heading, depth + 1, true);
        flush(n, heading);
        article_ = saved;
        continue;
      }
      if (excluded(n, name, article_header)) continue;
      if (name == "br") {
        flush(owner, heading);
        continue;
      }
      const bool block = is_block_element(name);
      if (block) flush(owner, heading);
      walk(n, in_link || name == "a", block ? n : owner, heading || is_heading(name), depth + 1,
           article_header && name != "p");
      if (block) flush(n, heading || is_heading(name));
    }
  }

  void finish(const xmlNode* owner) { flush(owner, false); }

 private:
  void flush(const xmlNode* owner, bool heading) {
    if (cur_.words > 0) {
      cur_.text = one_line_text(cur_.text);
      cur_.owner = owner;
      cur_.heading = heading;
      cur_.article = article_;
      blocks.push_back(std::move(cur_));
    }
    cur_ = Block{};
  }
  Block cur_;
  const xmlNode* article_ = nullptr;  // set while in an article's <header>
};

double link_density(const Block& b) { return b.words == 0 ? 0 : static_cast<double>(b.link_words) / b.words; }

// Mostly link text, as menus and lists of related links are. A sentence whose words are mostly
// one inline link ("It also <a>co-ordinates military plans</a>.") is not: it has words of its
// own and its final full stop outside the link, which a list of headlines does not.
bool mostly_links(const Block& b) {
  if (link_density(b) <= 0.5) return false;
  return !(b.words - b.link_words >= 2 && !b.ends_in_link && ends_sentence(b.text));
}

double weight(const Block& b) {
  if (mostly_links(b)) return -static_cast<double>(b.words);
  if (b.words < 8 && !ends_sentence(b.text)) return -1;
  return static_cast<double>(b.words - b.link_words);
}

bool kept(const Block& b) {
  if (mostly_links(b)) return false;
  if (b.heading) return true;
  return b.words >= 8 || ends_sentence(b.text);
}

int depth_of(const xmlNode* n) {
  int d = 0;
  for (; n != nullptr; n = n->parent) ++d;
  return d;
}

bool inside(const xmlNode* n, const xmlNode* ancestor) {
  for (; n != nullptr; n = n->parent) {
    if (n == ancestor) return true;
  }
  return false;
}

}  // namespace

std::string main_text(const xmlNode* root) {
  if (root == nullptr) return {};
  BlockCollector collector;
  collector.walk(root, false, root, false, 0);
  collector.finish(root);
  const auto& blocks = collector.blocks;
  std::unordered_map<const xmlNode*, double> score;
  for (const auto& b : blocks) {
    const double w = weight(b);
    for (const xmlNode* n = b.owner; n != nullptr && n != root->parent; n = n->parent) score[n] += w;
  }
  const xmlNode* best = root;
  double best_score = score.count(root) != 0 ? score[root] : 0;
  int best_depth = depth_of(root);
  for (const auto& [node, s] : score) {
    int d = depth_of(node);
    if (s > best_score || (s == best_score && d > best_depth)) {
      best = node;
      best_score = s;
      best_depth = d;
    }
  }
  std::string out;
  for (const auto& b : blocks) {
    // The standfirst in the article's header goes with the article's text found below it.
    const bool standfirst = b.article != nullptr && inside(best, b.article);
    if (!kept(b) || !(inside(b.owner, best) || standfirst)) continue;
    if (!out.empty()) out += "\n\n";
    out += b.text;
  }
  return out;
}

}  // namespace rassegna::ingest
