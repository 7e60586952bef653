#include <rassegna/schema.h>

#include <rassegna/analysis/folding.h>

namespace rassegna::schema {

std::string company_key(std::string_view canonical_name) { return analysis::fold(canonical_name); }

}  // namespace rassegna::schema
