// Field helpers for the readers of web formats (feeds, pages, crawls, spreadsheets).
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

#include <rassegna/dates.h>

#include "indexer/ingest/article_fields.h"

namespace rassegna::ingest {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// Minutes east of UTC for an RFC 822 zone ("+0200", "GMT", "EST", "CEST", "Z"); false if unknown.
bool zone_offset(std::string_view z, int& minutes) {
  if (z.size() == 5 && (z[0] == '+' || z[0] == '-')) {
    for (size_t i = 1; i < 5; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(z[i]))) return false;
    }
    int h = (z[1] - '0') * 10 + (z[2] - '0'), m = (z[3] - '0') * 10 + (z[4] - '0');
    if (h > 14 || m > 59) return false;
    minutes = (z[0] == '-' ? -1 : 1) * (h * 60 + m);
    return true;
  }
  static const std::array<std::pair<const char*, int>, 16> names = {{
      {"GMT", 0}, {"UT", 0}, {"UTC", 0}, {"Z", 0}, {"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300},
      {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420}, {"CET", 60}, {"CEST", 120}, {"BST", 60},
      {"WET", 0},
  }};
  for (const auto& [name, off] : names) {
    if (iequals(z, name)) {
      minutes = off;
      return true;
    }
  }
  return false;
}

int month_number(std::string_view m) {
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (m.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (iequals(m.substr(0, 3), names[i])) return i + 1;
  }
  return 0;
}

// "[Day,] DD Mon YYYY HH:MM[:SS] ZONE" (RFC 822 with RFC 1123 years; two-digit years read as
// 19xx/20xx) to ISO-8601. Empty when it does not read.
std::string rfc822_to_iso(std::string_view s) {
  if (size_t comma = s.find(','); comma != std::string_view::npos && comma < 12) s = trim(s.substr(comma + 1));
  char mon[16] = {0}, zone[16] = {0};
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  std::string str(s);
  int n = std::sscanf(str.c_str(), "%d %15s %d %d:%d:%d %15s", &day, mon, &year, &hh, &mm, &ss, zone);
  if (n < 6) {
    ss = 0;
    zone[0] = 0;
    n = std::sscanf(str.c_str(), "%d %15s %d %d:%d %15s", &day, mon, &year, &hh, &mm, zone);
    if (n < 5) return {};
  }
  int month = month_number(mon);
  if (month == 0) return {};
  if (year < 100) year += year < 50 ? 2000 : 1900;
  int offset = 0;
  bool has_zone = zone[0] != 0 && zone_offset(zone, offset);
  if (zone[0] != 0 && !has_zone) return {};
  char buf[40];
  if (has_zone) {
    int a = offset < 0 ? -offset : offset;
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year, month, day, hh, mm, ss,
                  offset < 0 ? '-' : '+', a / 60, a % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hh, mm, ss);
  }
  return parse_article_date(buf) ? std::string(buf) : std::string();
}

// "14/09/2020", "14.09.2020", "14-09-2020" (day first, as in Italy and most of Europe), with
// an optional time "10:05[:00]" after a space. Empty when it does not read.
std::string day_first_to_iso(std::string_view s) {
  int d = 0, m = 0, y = 0, hh = -1, mm = 0, ss = 0;
  char sep1 = 0, sep2 = 0;
  std::string str(s);
  int n = std::sscanf(str.c_str(), "%2d%c%2d%c%4d %2d:%2d:%2d", &d, &sep1, &m, &sep2, &y, &hh, &mm, &ss);
  if (n < 5 || sep1 != sep2 || (sep1 != '/' && sep1 != '.' && sep1 != '-') || y < 1000) return {};
  char buf[40];
  if (n >= 7) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mm, ss);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  }
  return parse_article_date(buf) ? std::string(buf) : std::string();
}

}  // namespace

std::string id_from_key(std::string_view key) {
  key = trim(key);
  if (key.size() <= 200) return std::string(key);
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char hex[20];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  size_t cut = 180;
  while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
  return std::string(key.substr(0, cut)) + "#" + hex;
}

std::string normalise_date(std::string_view text) {
  std::string_view s = trim(text);
  if (s.empty() || parse_article_date(s)) return std::string(s);
  std::string iso = rfc822_to_iso(s);
  if (iso.empty()) iso = day_first_to_iso(s);
  return iso.empty() ? std::string(s) : iso;
}

std::string one_line_text(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace rassegna::ingest
