#pragma once
// Exact facets through Xapian's own ValueCountMatchSpy, the only kind of spy a stock
// xapian-tcpsrv runs for a remote part (a home-made spy cannot be sent): one spy per company
// slot in use (company_slots.h), counts summed by name, and one on the day slot. Each remote
// part counts its own matches and sends its table back; Xapian merges them.

#include <memory>
#include <string>
#include <vector>
#include <xapian.h>

#include <rassegna/schema.h>

#include "searcher/query/search_request.h"

namespace rassegna {

class SlotCompanySpies {
 public:
  // `slots`: how many company slots hold values (RemoteParts::company_slots()).
  explicit SlotCompanySpies(unsigned slots);
  void add_to(Xapian::Enquire& enquire);
  // The company facet (facets.h company_facet) over what the spies counted.
  std::vector<FacetBucket> top(size_t n, const std::vector<std::string>& selected) const;

 private:
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
};

class SlotDateSpy {
 public:
  void add_to(Xapian::Enquire& enquire) { enquire.add_matchspy(&spy_); }
  // Days from the spy's table; undated = matches seen without a day value.
  DateFacet histogram() const;

 private:
  Xapian::ValueCountMatchSpy spy_{schema::kSlotDay};
};

}  // namespace rassegna
