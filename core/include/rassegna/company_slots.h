#pragma once
// Companies spread over per-position value slots (schema::kSlotCompanyFirst ...), so that
// counting them needs only Xapian's own ValueCountMatchSpy, one per slot: the spy a stock
// xapian-tcpsrv can run for a remote part, where a home-made spy cannot be sent.
//
// Slot 16 + i holds the i-th company of the article (its canonical name, as in
// schema::kSlotCompanies), for i < 31. The last slot (47) holds the 32nd company and every one
// after it, joined by schema::kListSeparator. A ValueCountMatchSpy on slot 47 then counts each
// distinct tail; adding a tail's count to every name in it gives each company its exact count,
// since a name appears at most once per article. So the counts are exact for any number of
// companies per article: summing over the slots counts every (article, company) pair once.

#include <string>
#include <string_view>
#include <vector>
#include <xapian.h>

#include <rassegna/schema.h>

namespace rassegna::company_slots {

// Adds the slots of `companies` (canonical names, in the article's order) to `doc`.
void add(Xapian::Document& doc, const std::vector<std::string>& companies);

// Calls f(name) for each company name in one slot's value (one name, or a joined tail).
template <typename F>
void for_each_name(std::string_view value, F&& f) {
  while (!value.empty()) {
    const size_t end = value.find(schema::kListSeparator);
    const std::string_view name = value.substr(0, end);
    if (!name.empty()) f(name);
    if (end == std::string_view::npos) break;
    value.remove_prefix(end + 1);
  }
}

}  // namespace rassegna::company_slots
