#include <rassegna/company_slots.h>

namespace rassegna::company_slots {

void add(Xapian::Document& doc, const std::vector<std::string>& companies) {
  const size_t last = schema::kCompanySlots - 1;
  for (size_t i = 0; i < companies.size() && i < last; ++i) {
    doc.add_value(schema::kSlotCompanyFirst + static_cast<Xapian::valueno>(i), companies[i]);
  }
  if (companies.size() <= last) return;
  std::string tail;
  for (size_t i = last; i < companies.size(); ++i) {
    if (!tail.empty()) tail.push_back(schema::kListSeparator);
    tail += companies[i];
  }
  doc.add_value(schema::kSlotCompanyFirst + static_cast<Xapian::valueno>(last), tail);
}

}  // namespace rassegna::company_slots
