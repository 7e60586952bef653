#include <rassegna/schema.h>

#include <rassegna/analysis/folding.h>
#include <rassegna/error.h>

namespace rassegna::schema {

std::string company_key(std::string_view canonical_name) { return analysis::fold(canonical_name); }

void check_schema_version(const Xapian::Database& db, const std::string& path) {
  const std::string found = db.get_metadata(std::string(kSchemaMetadataKey));
  if (found == kSchemaVersion || db.get_doccount() == 0) return;
  throw Error(ErrorCode::unavailable,
              "database '" + path + "' has " +
                  (found.empty() ? "no schema version (not written by rassegna-index?)" : "schema version '" + found + "'") +
                  ", but this build of Rassegna reads schema version '" + std::string(kSchemaVersion) +
                  "': rebuild it with: rm -r '" + path + "' && rassegna-index --db '" + path + "' CORPUS...");
}

}  // namespace rassegna::schema
