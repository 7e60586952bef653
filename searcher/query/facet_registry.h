#pragma once
// Collection-wide ids for what the facets count, so that the direct matcher running on each
// partition of a collection counts straight into one array per facet: a company name and a day
// have the same id in every partition. Each partition's DocTable is mapped once, when the table
// is built (a commit maps only the partition it changed), instead of merging every partition's
// counts by name on every search. Ids only grow; one that no partition holds any more counts 0.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "searcher/query/doc_table.h"

namespace rassegna {

class FacetRegistry {
 public:
  struct Maps {
    std::vector<uint32_t> companies;  // table company id -> registry company id
    std::vector<uint32_t> days;       // table day index -> registry day id (0: undated)
  };
  Maps map(const DocTable& table);

  const std::vector<std::string>& company_names() const { return names_; }
  const std::vector<uint32_t>& days() const { return days_; }  // YYYYMMDD by id; days()[0] == 0

 private:
  std::unordered_map<std::string, uint32_t> company_ids_;
  std::vector<std::string> names_;
  std::unordered_map<uint32_t, uint32_t> day_ids_{{0u, 0u}};
  std::vector<uint32_t> days_{0};
};

}  // namespace rassegna
