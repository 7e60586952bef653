#include "searcher/query/remote_facets.h"

#include <map>

#include <rassegna/company_slots.h>
#include <rassegna/schema.h>

#include "searcher/query/facets.h"

namespace rassegna {

SlotCompanySpies::SlotCompanySpies(unsigned slots) {
  for (unsigned k = 0; k < slots && k < schema::kCompanySlots; ++k) {
    spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSlotCompanyFirst + k));
  }
}

void SlotCompanySpies::add_to(Xapian::Enquire& enquire) {
  for (auto& spy : spies_) enquire.add_matchspy(spy.get());
}

std::vector<FacetBucket> SlotCompanySpies::top(size_t n, const std::vector<std::string>& selected) const {
  std::map<std::string, uint64_t, std::less<>> by_name;
  for (const auto& spy : spies_) {
    for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
      const Xapian::doccount count = it.get_termfreq();
      // The last slot may hold a joined list (the 32nd company onwards): each name in it
      // belongs to `count` matches.
      company_slots::for_each_name(*it, [&](std::string_view name) {
        auto found = by_name.find(name);
        if (found == by_name.end()) found = by_name.emplace(std::string(name), 0).first;
        found->second += count;
      });
    }
  }
  std::vector<std::string> names;
  std::vector<uint64_t> counts;
  for (auto& [name, count] : by_name) {
    names.push_back(name);
    counts.push_back(count);
  }
  return company_facet(names, counts, n, selected);
}

DateFacet SlotDateSpy::histogram() const {
  std::vector<std::pair<uint32_t, uint64_t>> days;  // ascending: the spy's table is sorted by value
  uint64_t dated = 0;
  for (auto it = spy_.values_begin(); it != spy_.values_end(); ++it) {
    const std::string day = *it;
    uint32_t key = 0;
    bool digits = day.size() == 8;
    for (char c : day) {
      digits = digits && c >= '0' && c <= '9';
      key = key * 10 + static_cast<uint32_t>(c - '0');
    }
    if (!digits) continue;  // not a day the indexer writes: counted as undated, as DateCountSpy does
    days.emplace_back(key, it.get_termfreq());
    dated += it.get_termfreq();
  }
  return date_histogram(days, spy_.get_total() - dated);
}

}  // namespace rassegna
