#include "indexer/ingest/links.h"

#include <cctype>
#include <vector>

#include <libxml/uri.h>

namespace rassegna::ingest {

bool is_web_url(const std::string& url) {
  auto starts = [&](const char* scheme) {
    const std::string s(scheme);
    if (url.size() <= s.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != s[i]) return false;
    }
    return true;
  };
  return starts("http://") || starts("https://");
}

std::string resolve_url(const std::string& ref, const std::string& base) {
  if (ref.empty() || is_web_url(ref) || !is_web_url(base)) return ref;
  // Another scheme (mailto:, urn:, tag:) is absolute too.
  const size_t colon = ref.find(':');
  if (colon != std::string::npos && ref.find_first_of("/?#") > colon) return ref;
  xmlChar* built = xmlBuildURI(reinterpret_cast<const xmlChar*>(ref.c_str()), reinterpret_cast<const xmlChar*>(base.c_str()));
  if (built == nullptr) return ref;
  std::string out(reinterpret_cast<const char*>(built));
  xmlFree(built);
  return out;
}

std::string xml_base(const xmlNode* node, const std::string& outer) {
  std::vector<std::string> bases;  // innermost first
  for (const xmlNode* n = node; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) {
    xmlChar* b = xmlGetNsProp(n, reinterpret_cast<const xmlChar*>("base"), XML_XML_NAMESPACE);
    if (b != nullptr) {
      bases.emplace_back(reinterpret_cast<const char*>(b));
      xmlFree(b);
    }
  }
  std::string base = outer;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    base = is_web_url(*it) ? *it : resolve_url(*it, base);
  }
  return base;
}

}  // namespace rassegna::ingest
