#pragma once
// Links in feeds and pages are often relative ("/politica/2020/09/14/articolo"): they are
// resolved against the document's base (xml:base, <base href>, the feed's own URL, the crawled
// page's URL) with libxml2's RFC 3986 resolver.

#include <string>

#include <libxml/tree.h>

namespace rassegna::ingest {

// True for an absolute http or https URL.
bool is_web_url(const std::string& url);

// `ref` resolved against `base`. `ref` is returned as it is when it is already absolute, empty,
// or when `base` is not an absolute web URL (nothing to resolve against).
std::string resolve_url(const std::string& ref, const std::string& base);

// The base in force at `node` of an XML document: `outer` (the feed's own URL, or "") with the
// xml:base attributes of the node's ancestors and the node itself applied from the outside in.
std::string xml_base(const xmlNode* node, const std::string& outer);

}  // namespace rassegna::ingest
