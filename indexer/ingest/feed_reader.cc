#include "indexer/ingest/feed_reader.h"

#include <cstring>
#include <stdexcept>

#include <rassegna/utf8.h>

#include "indexer/analysis/text_cleaner.h"
#include "indexer/ingest/article_fields.h"
#include "indexer/ingest/byte_stream.h"
#include "indexer/ingest/links.h"
#include "indexer/ingest/markup_doc.h"

namespace rassegna::ingest {
namespace {

constexpr size_t kMaxFeedBytes = size_t{256} << 20;
constexpr const char* kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr const char* kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";

bool is(const xmlNode* n, const char* local, const char* ns = nullptr) {
  if (n == nullptr || n->type != XML_ELEMENT_NODE || std::strcmp(reinterpret_cast<const char*>(n->name), local) != 0) {
    return false;
  }
  if (ns == nullptr) return true;
  return n->ns != nullptr && n->ns->href != nullptr && std::strcmp(reinterpret_cast<const char*>(n->ns->href), ns) == 0;
}

const xmlNode* child(const xmlNode* parent, const char* local, const char* ns = nullptr) {
  for (const xmlNode* n = parent != nullptr ? parent->children : nullptr; n != nullptr; n = n->next) {
    if (is(n, local, ns)) return n;
  }
  return nullptr;
}

// The text content of an element as written (markup escaped in it stays, for the cleaner).
std::string content(const xmlNode* n) {
  if (n == nullptr) return {};
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c != nullptr ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

// RSS's own <link>, not an <atom:link> beside it.
const xmlNode* rss_link(const xmlNode* parent) {
  for (const xmlNode* n = parent != nullptr ? parent->children : nullptr; n != nullptr; n = n->next) {
    if (is(n, "link") && !is(n, "link", "http://www.w3.org/2005/Atom")) return n;
  }
  return nullptr;
}

std::string child_text(const xmlNode* parent, const char* local, const char* ns = nullptr) {
  return content(child(parent, local, ns));
}

std::string lang_of(const xmlNode* n) {
  xmlChar* l = xmlNodeGetLang(n);  // xml:lang here or on an ancestor
  std::string s = l != nullptr ? reinterpret_cast<const char*>(l) : "";
  xmlFree(l);
  return s;
}

struct FeedInfo {
  std::string source;
  std::string lang;
  std::string base;       // the feed's own URL (else its site's): what relative links are relative to
  std::string date;       // the channel's or feed's date, for items without one
  std::string date_from;  // where that date is written, for the repair message
};

// Atom text constructs: type="xhtml" holds elements, "html" escaped markup, "text" text.
std::string atom_text(const xmlNode* n) {
  if (n == nullptr) return {};
  if (attribute(n, "type") == "xhtml") return node_text(n);
  return content(n);
}

// The entry's (or feed's) link with the given rel ("" and "alternate" are the same), else with any
// rel when `any_rel`; resolved against the xml:base in force at the link.
std::string atom_link(const xmlNode* entry, const std::string& wanted, bool any_rel, const std::string& outer_base) {
  const xmlNode* any = nullptr;
  for (const xmlNode* n = entry->children; n != nullptr; n = n->next) {
    if (!is(n, "link")) continue;
    std::string rel = attribute(n, "rel");
    if (rel.empty()) rel = "alternate";
    if (rel == wanted) {
      any = n;
      break;
    }
    if (any == nullptr && any_rel) any = n;
  }
  if (any == nullptr) return {};
  return resolve_url(one_line_text(attribute(any, "href")), xml_base(any, outer_base));
}

// An item without a date of its own is dated as its channel or feed, reported as a repair.
void date_or_feed_date(Article& a, const std::string& date, const FeedInfo& feed, std::vector<std::string>& repairs) {
  if (date.find_first_not_of(" \t\r\n") != std::string::npos || feed.date.empty()) {
    a.date = normalise_date(date);  // no date anywhere: the article is undated
    return;
  }
  a.date = normalise_date(feed.date);
  repairs.push_back("item has no date; dated as the feed (" + feed.date_from + " " + one_line_text(feed.date) + ")");
}

void finish(Article& a, const std::string& raw_title, const std::string& raw_body, const SourceLocation& where,
            std::vector<std::string>& repairs, const ReadCallbacks& cb) {
  if (raw_body.size() + raw_title.size() > kMaxArticleBytes) {
    cb.on_issue(IngestIssue{where, "item text longer than " + std::to_string(kMaxArticleBytes >> 20) + " MB", true});
    return;
  }
  a.title = one_line_text(analysis::clean_text(raw_title));
  a.body = analysis::clean_text(raw_body);
  try {
    if (a.id.empty()) throw std::runtime_error("item has no guid, id or link to identify it");
    validate_article(a, repairs);
  } catch (const std::exception& e) {
    repairs.clear();
    cb.on_issue(IngestIssue{where, e.what(), true});
    return;
  }
  for (auto& r : repairs) cb.on_issue(IngestIssue{where, std::move(r), false});
  repairs.clear();
  cb.on_article(std::move(a), where);
}

void rss_item(const xmlNode* item, const FeedInfo& feed, const std::string& path, const ReadCallbacks& cb) {
  SourceLocation where{path, static_cast<size_t>(xmlGetLineNo(item))};
  std::vector<std::string> repairs;
  Article a;
  std::string guid = one_line_text(child_text(item, "guid"));
  std::string link = one_line_text(content(rss_link(item)));
  if (link.empty()) {  // RDF items name themselves
    link = attribute(item, "about");
  }
  link = resolve_url(link, xml_base(rss_link(item) != nullptr ? rss_link(item) : item, feed.base));
  a.id = id_from_key(!guid.empty() ? guid : link);
  a.url = link;
  std::string body = child_text(item, "encoded", kContentNs);
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) body = child_text(item, "description");
  std::string date = child_text(item, "pubDate");
  if (date.empty()) date = child_text(item, "date", kDcNs);
  date_or_feed_date(a, date, feed, repairs);
  a.lang = one_line_text(child_text(item, "language", kDcNs));
  if (a.lang.empty()) a.lang = lang_of(item);
  if (a.lang.empty()) a.lang = feed.lang;
  a.source = feed.source;
  finish(a, child_text(item, "title"), body, where, repairs, cb);
}

void atom_entry(const xmlNode* entry, const FeedInfo& feed, const std::string& path, const ReadCallbacks& cb) {
  SourceLocation where{path, static_cast<size_t>(xmlGetLineNo(entry))};
  std::vector<std::string> repairs;
  Article a;
  a.url = atom_link(entry, "alternate", true, feed.base);
  std::string id = one_line_text(child_text(entry, "id"));
  a.id = id_from_key(!id.empty() ? id : a.url);
  std::string body = atom_text(child(entry, "content"));
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) body = atom_text(child(entry, "summary"));
  std::string date = child_text(entry, "published");
  if (date.empty()) date = child_text(entry, "updated");
  date_or_feed_date(a, date, feed, repairs);
  a.lang = lang_of(entry);
  if (a.lang.empty()) a.lang = feed.lang;
  a.source = feed.source;
  if (const xmlNode* src = child(entry, "source"); src != nullptr && a.source.empty()) {
    a.source = one_line_text(analysis::clean_text(atom_text(child(src, "title"))));
  }
  finish(a, atom_text(child(entry, "title")), body, where, repairs, cb);
}

}  // namespace

void read_feed(const std::string& path, const ReadCallbacks& cb) {
  const std::string bytes = read_whole_file(path, kMaxFeedBytes);
  const SourceLocation file{path, 0};
  if (bytes.find_first_not_of(" \t\r\n") == std::string::npos) {
    cb.on_issue(IngestIssue{file, "empty file: no feed", true});
    return;
  }
  if (bytes.substr(0, 8192).find('\0') != std::string::npos && bytes[0] != '\xFF' && bytes[0] != '\xFE') {
    cb.on_issue(IngestIssue{file, "binary file, not an RSS or Atom feed; file skipped", true});
    return;
  }
  if (has_entity_declarations(bytes)) {
    cb.on_issue(IngestIssue{file,
                            "the feed declares its own XML entities (DOCTYPE with <!ENTITY>), which could read "
                            "local files or expand without bound; file skipped",
                            true});
    return;
  }
  ParseOutcome parsed = parse_xml(bytes, path);
  if (declares_entities(parsed.doc.get())) {
    cb.on_issue(IngestIssue{file,
                            "the feed declares its own XML entities (DOCTYPE with <!ENTITY>), which could read "
                            "local files or expand without bound; file skipped",
                            true});
    return;
  }
  for (auto& r : parsed.repairs) cb.on_issue(IngestIssue{file, std::move(r), false});
  const xmlNode* root = parsed.doc != nullptr ? xmlDocGetRootElement(parsed.doc.get()) : nullptr;
  if (root == nullptr) {
    cb.on_issue(IngestIssue{SourceLocation{path, static_cast<size_t>(parsed.error_line)},
                            "malformed XML (" + parsed.error + "); no feed read", true});
    return;
  }
  size_t items = 0;
  auto counted = [&](const xmlNode*) { ++items; };
  FeedInfo feed;
  if (is(root, "feed")) {  // Atom (namespace checked loosely: some feeds omit it)
    feed.source = one_line_text(analysis::clean_text(atom_text(child(root, "title"))));
    feed.lang = lang_of(root);
    feed.base = atom_link(root, "self", false, "");
    if (!is_web_url(feed.base)) feed.base = atom_link(root, "alternate", false, "");
    feed.date = child_text(root, "updated");
    feed.date_from = "<updated>";
    for (const xmlNode* n = root->children; n != nullptr; n = n->next) {
      if (is(n, "entry")) {
        counted(n);
        atom_entry(n, feed, path, cb);
      }
    }
  } else if (is(root, "rss") || is(root, "RDF")) {
    const xmlNode* channel = child(root, "channel");
    feed.source = one_line_text(analysis::clean_text(child_text(channel, "title")));
    feed.lang = one_line_text(child_text(channel, "language"));
    if (feed.lang.empty()) feed.lang = one_line_text(child_text(channel, "language", kDcNs));
    if (feed.lang.empty() && channel != nullptr) feed.lang = lang_of(channel);
    if (channel != nullptr) {
      for (const xmlNode* n = channel->children; n != nullptr && feed.base.empty(); n = n->next) {
        if (is(n, "link", kAtomNs) && attribute(n, "rel") == "self") feed.base = one_line_text(attribute(n, "href"));
      }
      const std::string site = resolve_url(one_line_text(content(rss_link(channel))), feed.base);
      if (!is_web_url(feed.base)) feed.base = site;
      feed.base = xml_base(channel, feed.base);
      for (const char* name : {"lastBuildDate", "pubDate"}) {
        if (feed.date.empty()) {
          feed.date = child_text(channel, name);
          feed.date_from = std::string("<") + name + ">";
        }
      }
      if (feed.date.empty()) {
        feed.date = child_text(channel, "date", kDcNs);
        feed.date_from = "<dc:date>";
      }
    }
    // RSS 2.0 puts items in the channel, RDF (RSS 1.0) beside it.
    for (const xmlNode* parent : {channel, root}) {
      for (const xmlNode* n = parent != nullptr ? parent->children : nullptr; n != nullptr; n = n->next) {
        if (is(n, "item")) {
          counted(n);
          rss_item(n, feed, path, cb);
        }
      }
    }
  } else {
    cb.on_issue(IngestIssue{SourceLocation{path, static_cast<size_t>(xmlGetLineNo(root))},
                            "XML whose root element is <" + std::string(reinterpret_cast<const char*>(root->name)) +
                                ">, not an RSS <rss> or Atom <feed>; file skipped",
                            true});
    return;
  }
  if (!parsed.error.empty()) {
    cb.on_issue(IngestIssue{SourceLocation{path, static_cast<size_t>(parsed.error_line)},
                            "malformed XML (" + parsed.error + "); the items before it were read, the rest is lost",
                            true});
  } else if (items == 0) {
    cb.on_issue(IngestIssue{file, "feed without items or entries", true});
  }
  if (cb.on_progress) cb.on_progress(file_size(path));
}

}  // namespace rassegna::ingest
