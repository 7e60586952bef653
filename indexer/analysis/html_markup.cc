#include "indexer/analysis/html_markup.h"

#include <algorithm>
#include <array>

namespace rassegna::analysis {
namespace {

// HTML element names (WHATWG) and the obsolete ones still found in feeds, sorted.
constexpr std::array<std::string_view, 136> kElements = {
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base", "basefont",
    "bdi", "bdo", "bgsound", "big", "blink", "blockquote", "body", "br", "button", "canvas", "caption",
    "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog",
    "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form",
    "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i",
    "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "marquee",
    "math", "menu", "meta", "meter", "nav", "nobr", "noembed", "noframes", "noscript", "object", "ol",
    "optgroup", "option", "output", "p", "param", "picture", "plaintext", "pre", "progress", "q", "rb", "rp",
    "rt", "rtc", "ruby", "s", "samp", "script", "search", "section", "select", "slot", "small", "source",
    "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody", "td", "template",
    "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var", "video",
    "wbr", "xmp",
};
static_assert(std::is_sorted(kElements.begin(), kElements.end()));

// Elements that end a line of text.
constexpr std::array<std::string_view, 37> kBlockElements = {
    "address", "article", "aside",  "blockquote", "body",   "br",     "caption", "center", "dd",     "details",
    "dialog",  "dir",     "div",    "dl",         "dt",     "fieldset", "figcaption", "figure", "footer", "form",
    "h1",      "h2",      "h3",     "h4",         "h5",     "h6",     "header",  "hr",     "li",     "main",
    "nav",     "ol",      "p",      "pre",        "section", "table", "tr"};
// Inline formatting: removed without a space, since it can sit inside a word.
constexpr std::array<std::string_view, 31> kInlineElements = {
    "a",   "abbr", "acronym", "b",    "bdi", "bdo",  "big",  "cite", "code",   "data", "del",
    "dfn", "em",   "font",    "i",    "ins", "kbd",  "mark", "nobr", "q",      "s",    "samp",
    "small", "span", "strike", "strong", "sub", "sup", "tt",  "u",    "wbr"};
// Lower-case and bare, these are HTML even when nothing else in the text is.
constexpr std::array<std::string_view, 4> kTelltaleElements = {"br", "hr", "li", "p"};

constexpr size_t kMaxTagBytes = 2000;
constexpr size_t kMaxNameBytes = 10;  // "blockquote", "figcaption"

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool is_element(std::string_view lower_name) {
  return std::binary_search(kElements.begin(), kElements.end(), lower_name);
}

// Position of `what` in text[from, from + kMaxTagBytes), or npos: a tag is never longer, and an
// unbounded search from every '<' would make text full of unclosed ones quadratic.
size_t find_near(std::string_view text, size_t from, std::string_view what) {
  if (from >= text.size()) return std::string_view::npos;
  size_t pos = text.substr(from, kMaxTagBytes).find(what);
  return pos == std::string_view::npos ? pos : from + pos;
}

// True when text[pos...] starts with `word` (lower case) in any case.
bool starts_with_ci(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (lower(text[pos + k]) != word[k]) return false;
  }
  return true;
}

enum class TagType { none, element, comment, declaration };

struct Tag {
  TagType type = TagType::none;
  size_t length = 0;      // from '<' through '>'
  std::string name;       // element name in lower case
  bool lower_case = true;  // written in lower case
  bool closing = false;    // </name>
  bool attributes = false;       // any attribute at all
  bool attribute_value = false;  // name=value: only markup writes that
  bool self_closing = false;     // <br/>
};

// Skips one attribute (name, optionally = value) starting at text[j]. Returns the position after
// it, or npos when what follows is not attribute syntax ("<A/S Norske Shell>").
size_t skip_attribute(std::string_view t, size_t j, bool& has_value) {
  const size_t n = t.size();
  const size_t name_start = j;
  while (j < n && !is_space(t[j]) && t[j] != '>' && t[j] != '/' && t[j] != '=' && t[j] != '<' && t[j] != '"' &&
         t[j] != '\'') {
    ++j;
  }
  if (j == name_start) return std::string_view::npos;
  size_t k = j;
  while (k < n && is_space(t[k])) ++k;
  if (k >= n || t[k] != '=') return j;
  ++k;
  while (k < n && is_space(t[k])) ++k;
  if (k >= n) return std::string_view::npos;
  has_value = true;
  if (t[k] == '"' || t[k] == '\'') {
    size_t close = find_near(t, k + 1, std::string_view(&t[k], 1));
    return close == std::string_view::npos ? close : close + 1;
  }
  const size_t value_start = k;
  while (k < n && !is_space(t[k]) && t[k] != '>' && t[k] != '<' && t[k] != '"' && t[k] != '\'' && t[k] != '=' &&
         t[k] != '`') {
    ++k;
  }
  return k == value_start ? std::string_view::npos : k;
}

// Reads the tag, comment or doctype that text[i] == '<' opens; type none when it is text.
// `last_comment_end` is where the text's last "-->" starts (npos if none): a comment may be long,
// but one that opens after it cannot close, and need not be searched for.
Tag read_tag(std::string_view t, size_t i, size_t last_comment_end) {
  Tag tag;
  const size_t n = t.size();
  if (i + 1 >= n) return tag;
  if (t.compare(i, 4, "<!--") == 0) {
    if (last_comment_end == std::string_view::npos || last_comment_end < i + 4) return tag;
    size_t end = t.find("-->", i + 4);
    if (end != std::string_view::npos) {
      tag.type = TagType::comment;
      tag.length = end + 3 - i;
    }
    return tag;
  }
  if (starts_with_ci(t, i, "<!doctype") || starts_with_ci(t, i, "<?xml")) {
    size_t end = find_near(t, i, ">");
    if (end != std::string_view::npos) {
      tag.type = TagType::declaration;
      tag.length = end + 1 - i;
    }
    return tag;
  }
  size_t j = i + 1;
  if (t[j] == '/') {
    tag.closing = true;
    ++j;
  }
  const size_t name_start = j;
  if (j >= n || !is_alpha(t[j])) return tag;
  while (j < n && is_alnum(t[j]) && j - name_start <= kMaxNameBytes) {
    tag.lower_case = tag.lower_case && !(t[j] >= 'A' && t[j] <= 'Z');
    tag.name.push_back(lower(t[j]));
    ++j;
  }
  if (j >= n || !(is_space(t[j]) || t[j] == '/' || t[j] == '>') || !is_element(tag.name)) return tag;
  while (j < n && j - i < kMaxTagBytes) {
    const char c = t[j];
    if (is_space(c)) {
      ++j;
    } else if (c == '>') {
      tag.type = TagType::element;
      tag.length = j + 1 - i;
      return tag;
    } else if (c == '/') {
      size_t k = j + 1;
      while (k < n && is_space(t[k])) ++k;
      if (k >= n || t[k] != '>') return Tag{};
      tag.self_closing = true;
      j = k;
    } else if (tag.closing) {
      return Tag{};  // a closing tag has nothing but its name
    } else {
      j = skip_attribute(t, j, tag.attribute_value);
      if (j == std::string_view::npos) return Tag{};
      tag.attributes = true;
    }
  }
  return Tag{};
}

// True when the tag alone shows that its text is HTML.
bool is_telltale(const Tag& tag) {
  switch (tag.type) {
    case TagType::comment:
    case TagType::declaration:
      return true;
    case TagType::element:
      return tag.closing || tag.attribute_value || tag.self_closing ||
             (tag.lower_case && !tag.attributes && contains(kTelltaleElements, tag.name));
    case TagType::none:
      return false;
  }
  return false;
}

// Position of the "</name" that closes a script or style element opened before `from`, or npos.
size_t find_closing(std::string_view t, size_t from, const std::string& name) {
  for (size_t pos = t.find("</", from); pos != std::string_view::npos; pos = t.find("</", pos + 2)) {
    if (starts_with_ci(t, pos + 2, name)) return pos;
  }
  return std::string_view::npos;
}

}  // namespace

bool looks_like_html(std::string_view text) {
  const size_t last_comment_end = text.rfind("-->");
  for (size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1)) {
    if (is_telltale(read_tag(text, i, last_comment_end))) return true;
  }
  return false;
}

std::string strip_html(std::string_view t) {
  if (!looks_like_html(t)) return std::string(t);
  const size_t last_comment_end = t.rfind("-->");
  std::string out;
  out.reserve(t.size());
  size_t i = 0;
  while (i < t.size()) {
    const size_t lt = t.find('<', i);
    if (lt == std::string_view::npos) {
      out.append(t.substr(i));
      break;
    }
    out.append(t.substr(i, lt - i));
    const Tag tag = read_tag(t, lt, last_comment_end);
    if (tag.type == TagType::none) {
      out.push_back('<');
      i = lt + 1;
      continue;
    }
    i = lt + tag.length;
    if (tag.type != TagType::element) continue;
    if ((tag.name == "script" || tag.name == "style") && !tag.closing && !tag.self_closing) {
      // Their contents are code, not text.
      const size_t close = find_closing(t, i, tag.name);
      const size_t end = close == std::string_view::npos ? close : t.find('>', close);
      i = end == std::string_view::npos ? t.size() : end + 1;
      continue;
    }
    if (contains(kBlockElements, tag.name)) {
      out.push_back('\n');
    } else if (!contains(kInlineElements, tag.name)) {
      out.push_back(' ');
    }
  }
  return out;
}

}  // namespace rassegna::analysis
