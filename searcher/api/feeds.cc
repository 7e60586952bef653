#include "searcher/api/feeds.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include <rassegna/dates.h>

namespace rassegna::api {
namespace {

// Decodes one UTF-8 sequence at `i`; returns its code point and advances `i`, or -1 (and one
// byte) for an invalid sequence.
long next_code_point(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
    ++i;
    return -1;
  }
  long cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr long kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return -1;
  }
  i += static_cast<size_t>(len);
  return cp;
}

bool allowed_in_xml(long cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

void element(std::string& out, const char* indent, const char* name, std::string_view text,
             const char* attrs = "") {
  out += indent;
  out += '<';
  out += name;
  out += attrs;
  out += '>';
  out += xml_escape(text);
  out += "</";
  out += name;
  out += ">\n";
}

void link(std::string& out, const char* indent, const char* rel, const char* type, const std::string& href) {
  out += indent;
  out += "<link rel=\"";
  out += rel;
  out += '"';
  if (type != nullptr) {
    out += " type=\"";
    out += type;
    out += '"';
  }
  out += " href=\"" + xml_escape(href) + "\"/>\n";
}

std::string feed_title(const SearchRequest& r) {
  std::string title = "Rassegna";
  if (!r.query.empty()) title += ": " + r.query;
  std::vector<std::string> parts;
  if (!r.companies.empty()) {
    std::string c;
    for (const auto& name : r.companies) c += (c.empty() ? "" : " | ") + name;
    parts.push_back(c);
  }
  if (!r.lang.empty()) parts.push_back(r.lang);
  if (!r.from.empty() || !r.to.empty()) parts.push_back((r.from.empty() ? "…" : r.from) + " – " + (r.to.empty() ? "…" : r.to));
  if (!parts.empty()) {
    title += r.query.empty() ? ": " : " (";
    for (size_t i = 0; i < parts.size(); ++i) title += (i ? ", " : "") + parts[i];
    if (!r.query.empty()) title += ")";
  }
  if (r.query.empty() && parts.empty()) title += ": newest articles";
  return title;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const long cp = next_code_point(text, i);
    if (cp < 0) {
      out += "\xEF\xBF\xBD";
      continue;
    }
    if (!allowed_in_xml(cp)) continue;
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.append(text.substr(start, i - start));
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string rfc3339(std::string_view text) {
  const std::optional<Date> d = parse_article_date(text);
  if (!d || d->month == 0 || d->day == 0) return {};
  // The offset as written ("Z", "+02:00", "+0200"), when the text has a time and one.
  std::string offset = "Z";
  const size_t t = text.find_first_of("T ");
  if (t != std::string_view::npos) {
    std::string_view time = text.substr(t + 1);
    const size_t sign = time.find_first_of("+-");
    if (sign != std::string_view::npos) {
      std::string digits;
      for (char c : time.substr(sign + 1)) {
        if (c >= '0' && c <= '9') digits += c;
      }
      if (digits.size() == 4 && digits != "0000") offset = std::string(1, time[sign]) + digits.substr(0, 2) + ":" + digits.substr(2);
    }
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", d->year, d->month, d->day, d->hour, d->minute, d->second);
  return buf + offset;
}

std::string entry_id(std::string_view article_id) { return "tag:rassegna,2026:article:" + percent_encode(article_id); }

std::string canonical_search(const SearchRequest& r) {
  std::string out;
  auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    out += (out.empty() ? "" : "&") + std::string(name) + "=" + percent_encode(value);
  };
  add("q", r.query);
  std::vector<std::string> companies = r.companies;
  std::sort(companies.begin(), companies.end());
  companies.erase(std::unique(companies.begin(), companies.end()), companies.end());
  for (const auto& c : companies) add("company", c);
  add("lang", r.lang);
  add("from", r.from);
  add("to", r.to);
  return out;
}

namespace {

std::string now_rfc3339() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::string atom_feed(const FeedInfo& info, const std::vector<Hit>& hits) {
  const SearchRequest& r = info.request;
  const std::string search = canonical_search(r);
  std::string updated;
  for (const Hit& h : hits) updated = std::max(updated, rfc3339(h.date));
  if (updated.empty()) updated = info.fallback_updated;
  if (updated.empty()) updated = now_rfc3339();  // a database that never recorded its last update

  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  element(out, "  ", "id", "tag:rassegna,2026:search?" + search);
  element(out, "  ", "title", feed_title(r), " type=\"text\"");
  element(out, "  ", "updated", updated);
  out += "  <author><name>Rassegna</name></author>\n";
  element(out, "  ", "generator", "Rassegna", (" version=\"" + xml_escape(info.version) + "\"").c_str());
  link(out, "  ", "self", "application/atom+xml", info.base_url + "/api/search.atom" + (info.self_query.empty() ? "" : "?" + info.self_query));
  link(out, "  ", "alternate", "text/html", info.base_url + "/" + (search.empty() ? "?sort=date" : "?" + search + "&sort=date"));
  for (const Hit& h : hits) {
    out += h.lang.empty() ? "  <entry>\n" : "  <entry xml:lang=\"" + xml_escape(h.lang) + "\">\n";
    element(out, "    ", "id", entry_id(h.id));
    element(out, "    ", "title", h.title.empty() ? h.id : h.title, " type=\"text\"");
    std::string when = rfc3339(h.date);
    // An undated article has no time of its own, and Atom requires one: it gets the feed's
    // (its newest entry's, else the database's last update), never 1970; and no <published>.
    element(out, "    ", "updated", when.empty() ? updated : when);
    if (!when.empty()) element(out, "    ", "published", when);
    if (!h.source.empty()) out += "    <author><name>" + xml_escape(h.source) + "</name></author>\n";
    const std::string page = info.base_url + "/?doc=" + percent_encode(h.id);
    const bool web = h.url.rfind("http://", 0) == 0 || h.url.rfind("https://", 0) == 0;
    link(out, "    ", "alternate", "text/html", web ? h.url : page);
    if (web) link(out, "    ", "via", "text/html", page);
    for (const auto& c : h.companies) {
      out += "    <category term=\"" + xml_escape(c) + "\" scheme=\"tag:rassegna,2026:company\"/>\n";
    }
    if (!h.snippet.empty()) element(out, "    ", "summary", h.snippet, " type=\"html\"");
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace rassegna::api
