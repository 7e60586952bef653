#include <rassegna/dates.h>

#include <cctype>
#include <cstdio>

namespace rassegna {
namespace {

bool read_int(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool valid_day(const Date& d) {
  return d.year >= 1000 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

std::string format(const char* fmt, int a, int b = 0, int c = 0, int d = 0, int e = 0, int f = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, a, b, c, d, e, f);
  return buf;
}

}  // namespace

std::string Date::day_key() const { return format("%04d%02d%02d", year, month, day); }
std::string Date::month_key() const { return format("%04d%02d", year, month); }
std::string Date::year_key() const { return format("%04d", year); }
std::string Date::timestamp_key() const {
  return format("%04d%02d%02d%02d%02d%02d", year, month, day, hour, minute, second);
}
std::string Date::iso_day() const { return format("%04d-%02d-%02d", year, month, day); }

std::optional<Date> parse_article_date(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  Date d;
  if (!read_int(s, 0, 4, d.year) || s.size() < 10 || s[4] != '-' || !read_int(s, 5, 2, d.month) ||
      s[7] != '-' || !read_int(s, 8, 2, d.day)) {
    return std::nullopt;
  }
  if (!valid_day(d)) return std::nullopt;
  if (s.size() == 10) return d;
  if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
  if (!read_int(s, 11, 2, d.hour) || s.size() < 16 || s[13] != ':' || !read_int(s, 14, 2, d.minute)) {
    return std::nullopt;
  }
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!read_int(s, pos + 1, 2, d.second)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    }
  }
  if (d.hour > 23 || d.minute > 59 || d.second > 60) return std::nullopt;
  std::string_view zone = s.substr(pos);
  if (zone.empty() || zone == "Z") return d;
  int zh = 0, zm = 0;
  if ((zone[0] == '+' || zone[0] == '-') &&
      ((zone.size() == 6 && zone[3] == ':' && read_int(zone, 1, 2, zh) && read_int(zone, 4, 2, zm)) ||
       (zone.size() == 5 && read_int(zone, 1, 2, zh) && read_int(zone, 3, 2, zm)) ||
       (zone.size() == 3 && read_int(zone, 1, 2, zh))) &&
      zh <= 14 && zm <= 59) {
    return d;
  }
  return std::nullopt;
}

std::optional<Date> parse_date_bound(std::string_view s, bool upper) {
  Date d;
  bool ok = false;
  if (s.size() == 4) {
    ok = read_int(s, 0, 4, d.year);
    d.month = upper ? 12 : 1;
    d.day = upper ? 31 : 1;
  } else if (s.size() == 7 && s[4] == '-') {
    ok = read_int(s, 0, 4, d.year) && read_int(s, 5, 2, d.month) && d.month >= 1 && d.month <= 12;
    if (ok) d.day = upper ? days_in_month(d.year, d.month) : 1;
  } else if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    ok = read_int(s, 0, 4, d.year) && read_int(s, 5, 2, d.month) && read_int(s, 8, 2, d.day);
  } else if (s.size() == 8) {
    ok = read_int(s, 0, 4, d.year) && read_int(s, 4, 2, d.month) && read_int(s, 6, 2, d.day);
  }
  if (!ok || !valid_day(d)) return std::nullopt;
  if (upper) {
    d.hour = 23;
    d.minute = 59;
    d.second = 59;
  }
  return d;
}

}  // namespace rassegna
