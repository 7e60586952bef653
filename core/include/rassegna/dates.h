#pragma once
// Publication dates: parsing what inputs and users write, and the sortable forms the
// index stores (YYYYMMDD in slots, YYYYMMDDhhmmss for sorting).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rassegna {

struct Date {
  int year = 0;
  int month = 0;   // 1-12, 0 when only the year is known
  int day = 0;     // 1-31, 0 when only year or month is known
  int hour = 0, minute = 0, second = 0;

  std::string day_key() const;        // YYYYMMDD
  std::string month_key() const;      // YYYYMM
  std::string year_key() const;       // YYYY
  std::string timestamp_key() const;  // YYYYMMDDhhmmss
  std::string iso_day() const;        // YYYY-MM-DD
};

// An article's date: YYYY-MM-DD or an ISO-8601 date-time ("2020-09-14T10:05:00+02:00",
// "1987-02-26 15:02:20", "...Z"). The local date and time as written are kept: a story dated
// 23:30 in Rome belongs to that day in Rome. Returns nullopt when unreadable or impossible.
std::optional<Date> parse_article_date(std::string_view text);

// A filter bound as users write it: YYYY, YYYY-MM or YYYY-MM-DD (also YYYYMMDD).
// `upper` picks the last day of a year or month, so ranges are inclusive.
std::optional<Date> parse_date_bound(std::string_view text, bool upper);

// The current time in UTC as ISO-8601, "2024-09-21T10:05:00Z" (database and API timestamps).
std::string utc_now_iso8601();

// A string of ASCII digits as a number ("20200914"); nullopt when empty, longer than 19 digits
// or holding anything else. Date keys and the fields of dates are read with it.
std::optional<uint64_t> parse_digits(std::string_view digits);

}  // namespace rassegna
