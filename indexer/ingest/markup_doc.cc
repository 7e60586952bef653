#include "indexer/ingest/markup_doc.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <rassegna/utf8.h>

namespace rassegna::ingest {
namespace {

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    // No entity substitution and no external DTDs anywhere in this process (also the defaults).
    xmlSubstituteEntitiesDefault(0);
    xmlLoadExtDtdDefaultValue = 0;
  });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The encoding the document declares: XML's `encoding="..."`, HTML's `charset=...`.
std::string declared_encoding(std::string_view bytes, bool html) {
  std::string head = lower(bytes.substr(0, html ? 8192 : 512));
  size_t at = html ? head.find("charset") : head.find("encoding");
  if (!html && head.rfind("<?xml", 8) == std::string::npos) return {};
  if (at == std::string::npos) return {};
  at = head.find_first_not_of(" \t=\"'", head.find_first_of("=", at));
  if (at == std::string::npos) return {};
  size_t end = head.find_first_of(" \t\"';/>", at);
  return head.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

bool is_utf8_name(const std::string& enc) { return enc.empty() || enc == "utf-8" || enc == "utf8"; }

bool is_single_byte_name(const std::string& enc) {
  return enc.rfind("iso-8859", 0) == 0 || enc.rfind("iso8859", 0) == 0 || enc.rfind("windows-125", 0) == 0 ||
         enc.rfind("cp125", 0) == 0 || enc == "latin1" || enc == "latin-1" || enc == "us-ascii" || enc == "ascii";
}

// The encoding to impose on the parser when the declaration does not match the bytes (or
// nothing is declared); nullptr to follow the declaration. Adds the repair to `repairs`.
const char* forced_encoding(std::string_view bytes, bool html, std::vector<std::string>& repairs) {
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    return nullptr;  // UTF-16 with a byte-order mark: libxml2 knows it
  }
  const std::string declared = declared_encoding(bytes, html);
  const bool valid = is_valid_utf8(bytes);
  const bool non_ascii =
      std::any_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (is_utf8_name(declared)) {
    if (valid) return "UTF-8";  // also HTML without a charset, which libxml2 would read as Latin-1
    repairs.push_back(std::string(declared.empty() ? "no encoding declared" : "declared UTF-8") +
                      " but the bytes are not UTF-8; read as Windows-1252");
    return "windows-1252";
  }
  if (is_single_byte_name(declared) && non_ascii && valid) {
    repairs.push_back("declared " + declared + " but the bytes are UTF-8; read as UTF-8");
    return "UTF-8";
  }
  return nullptr;
}

// XML_PARSE_HUGE lifts libxml2's 10 MB limit on one text node, which otherwise truncates a
// large item silently and loses the rest of the feed (the readers apply their own limit per
// article). It also lifts the limits that contain entity expansion: parse_xml is only called
// on documents that declare no entities (see has_entity_declarations).
constexpr int kSafeXmlOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER |
                                XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES | XML_PARSE_HUGE;
// Deliberately absent: XML_PARSE_NOENT (substitute entities), XML_PARSE_DTDLOAD,
// XML_PARSE_DTDATTR, XML_PARSE_DTDVALID and XML_PARSE_XINCLUDE.

bool is_block(const std::string& name) {
  static const char* blocks[] = {"p",       "div",     "br",    "li",     "ul",     "ol",     "h1",   "h2",
                                 "h3",      "h4",      "h5",    "h6",     "tr",     "td",     "th",   "table",
                                 "section", "article", "header", "footer", "aside", "nav",    "main", "blockquote",
                                 "pre",     "figure",  "figcaption", "dd", "dt",    "dl",     "hr",   "form",
                                 "title",   "address", "details", "summary", "caption"};
  return std::any_of(std::begin(blocks), std::end(blocks), [&](const char* b) { return name == b; });
}

bool is_invisible(const std::string& name) {
  return name == "script" || name == "style" || name == "noscript" || name == "template" || name == "svg" ||
         name == "iframe" || name == "object" || name == "head";
}

void append_text(const xmlNode* node, std::string& out, int depth) {
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) out += reinterpret_cast<const char*>(n->content);
    } else if (n->type == XML_ELEMENT_NODE && depth < 256) {
      const std::string name = element_name(n);
      if (is_invisible(name)) continue;
      const bool block = is_block(name);
      if (block) out += '\n';
      append_text(n->children, out, depth + 1);
      if (block) out += '\n';
    }
  }
}

// Case-insensitive find of an ASCII lower-case `needle`.
size_t find_nocase(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && std::tolower(static_cast<unsigned char>(hay[i + k])) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool tag_at(std::string_view s, size_t at, std::string_view name) {
  if (at + 1 + name.size() > s.size() || find_nocase(s.substr(at + 1, name.size()), name, 0) != 0) return false;
  if (at + 1 + name.size() == s.size()) return true;
  const char next = s[at + 1 + name.size()];
  return next == '>' || next == '/' || std::isspace(static_cast<unsigned char>(next));
}

}  // namespace

std::string as_browsers_read(std::string_view html) {
  if (find_nocase(html, "<noscript", 0) == std::string_view::npos && find_nocase(html, "<!entity", 0) == std::string_view::npos &&
      find_nocase(html, "<!element", 0) == std::string_view::npos && find_nocase(html, "<!attlist", 0) == std::string_view::npos) {
    return std::string(html);
  }
  std::string out;
  out.reserve(html.size());
  size_t copied = 0, at = 0;
  while ((at = html.find('<', at)) != std::string_view::npos) {
    if (html.compare(at, 4, "<!--") == 0) {  // comments, scripts and styles are passed over whole
      const size_t end = html.find("-->", at + 4);
      at = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    // A DTD's internal subset, and declarations anywhere: HTML has none (a browser reads them
    // as comments); libxml2 would show their text.
    if (find_nocase(html.substr(at, 9), "<!doctype", 0) == 0) {
      const size_t gt = html.find('>', at);
      const size_t open = html.find('[', at);
      if (open != std::string_view::npos && (gt == std::string_view::npos || open < gt)) {
        const size_t close = html.find("]>", open);
        out.append(html.substr(copied, at - copied));
        out.append("<!DOCTYPE html>");
        copied = at = close == std::string_view::npos ? html.size() : close + 2;
        continue;
      }
    }
    if (html.compare(at, 2, "<!") == 0 && html.compare(at, 9, "<!DOCTYPE") != 0 && find_nocase(html.substr(at, 9), "<!doctype", 0) != 0 &&
        html.compare(at, 9, "<![CDATA[") != 0) {
      const size_t gt = html.find('>', at);
      out.append(html.substr(copied, at - copied));
      copied = at = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    bool skipped = false;
    for (std::string_view raw : {"script", "style"}) {
      if (!tag_at(html, at, raw)) continue;
      const size_t end = find_nocase(html, std::string("</") + std::string(raw), at + 1);
      at = end == std::string_view::npos ? html.size() : end + 2;
      skipped = true;
      break;
    }
    if (skipped) continue;
    if (tag_at(html, at, "noscript")) {
      const size_t close = find_nocase(html, "</noscript", at + 9);
      const size_t gt = close == std::string_view::npos ? close : html.find('>', close);
      if (gt != std::string_view::npos) {
        out.append(html.substr(copied, at - copied));
        copied = at = gt + 1;
        continue;
      }
    }
    ++at;
  }
  out.append(html.substr(copied));
  return out;
}

void DocDeleter::operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }

ParseOutcome parse_xml(const std::string& bytes, const std::string& name) {
  init_libxml();
  ParseOutcome out;
  const char* enc = forced_encoding(bytes, false, out.repairs);
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) throw std::bad_alloc();
  out.doc.reset(xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()), name.c_str(), enc,
                                  kSafeXmlOptions));
  if (!ctxt->wellFormed || out.doc == nullptr) {
    const xmlError& e = ctxt->lastError;
    std::string msg = e.message != nullptr ? e.message : "not well-formed";
    while (!msg.empty() && std::isspace(static_cast<unsigned char>(msg.back()))) msg.pop_back();
    out.error = msg.empty() ? "not well-formed" : msg;
    out.error_line = e.line;
  }
  xmlFreeParserCtxt(ctxt);
  return out;
}

ParseOutcome parse_html(std::string_view bytes, const std::string& name) {
  init_libxml();
  ParseOutcome out;
  const char* enc = forced_encoding(bytes, true, out.repairs);
  const std::string html = as_browsers_read(bytes);
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (ctxt == nullptr) throw std::bad_alloc();
  out.doc.reset(htmlCtxtReadMemory(ctxt, html.data(), static_cast<int>(html.size()), name.c_str(), enc,
                                   HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                       HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT));
  htmlFreeParserCtxt(ctxt);
  return out;
}

bool has_entity_declarations(std::string_view bytes) {
  // The internal subset comes before the root element: "<!DOCTYPE name [ ... ]>".
  size_t doctype = bytes.substr(0, 1 << 16).find("<!DOCTYPE");
  if (doctype == std::string_view::npos) return false;
  size_t open = bytes.find('[', doctype);
  size_t gt = bytes.find('>', doctype);
  if (open == std::string_view::npos || (gt != std::string_view::npos && gt < open)) return false;
  size_t close = bytes.find("]>", open);
  std::string_view subset = bytes.substr(open, close == std::string_view::npos ? std::string_view::npos : close - open);
  return subset.find("<!ENTITY") != std::string_view::npos;
}

bool declares_entities(const xmlDoc* doc) {
  if (doc == nullptr) return false;
  for (const xmlDtd* dtd : {doc->intSubset, doc->extSubset}) {
    if (dtd == nullptr) continue;
    if (dtd->entities != nullptr || dtd->pentities != nullptr) return true;
    for (const xmlNode* n = dtd->children; n != nullptr; n = n->next) {
      if (n->type == XML_ENTITY_DECL) return true;
    }
  }
  return false;
}

std::string node_text(const xmlNode* node) {
  std::string out;
  if (node != nullptr) append_text(node->children, out, 0);
  return out;
}

std::string attribute(const xmlNode* node, const char* name) {
  if (node == nullptr) return {};
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr && strcasecmp(reinterpret_cast<const char*>(a->name), name) == 0) {
      xmlChar* v = xmlNodeListGetString(node->doc, a->children, 1);
      std::string s = v != nullptr ? reinterpret_cast<const char*>(v) : "";
      xmlFree(v);
      return s;
    }
  }
  return {};
}

std::string element_name(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr) return {};
  return lower(reinterpret_cast<const char*>(node->name));
}

}  // namespace rassegna::ingest
