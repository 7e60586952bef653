#include "searcher/query/facet_registry.h"

namespace rassegna {

FacetRegistry::Maps FacetRegistry::map(const DocTable& table) {
  Maps maps;
  maps.companies.reserve(table.company_names().size());
  for (const auto& name : table.company_names()) {
    auto [it, added] = company_ids_.emplace(name, static_cast<uint32_t>(names_.size()));
    if (added) names_.push_back(name);
    maps.companies.push_back(it->second);
  }
  maps.days.reserve(table.days().size());
  for (uint32_t day : table.days()) {
    auto [it, added] = day_ids_.emplace(day, static_cast<uint32_t>(days_.size()));
    if (added) days_.push_back(day);
    maps.days.push_back(it->second);
  }
  return maps;
}

}  // namespace rassegna
