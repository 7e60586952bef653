#include <rassegna/dates.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace rassegna {
namespace {

// The `len` digits at s[pos] (len <= 4 here, so the value fits an int).
bool read_int(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  auto v = parse_digits(s.substr(pos, len));
  if (!v) return false;
  out = static_cast<int>(*v);
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

std::optional<uint64_t> parse_digits(std::string_view digits) {
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::string utc_now_iso8601() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

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
