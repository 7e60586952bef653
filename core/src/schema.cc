#include <rassegna/schema.h>

#include <rassegna/analysis/folding.h>
#include <rassegna/error.h>

namespace rassegna::schema {

std::string company_key(std::string_view canonical_name) { return analysis::fold(canonical_name); }

namespace {

// A version's number, or -1 when it is not one.
long version_number(std::string_view v) {
  if (v.empty() || v.size() > 6) return -1;
  long n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

void check_schema_version(const Xapian::Database& db, const std::string& path, bool for_writing) {
  const std::string found = db.get_metadata(std::string(kSchemaMetadataKey));
  if (found == kSchemaVersion || db.get_doccount() == 0) return;
  const long n = version_number(found);
  const bool readable = n >= version_number(kOldestReadableSchemaVersion) && n <= version_number(kSchemaVersion);
  if (!for_writing && readable) return;
  const std::string what = for_writing && readable
                               ? "can be searched, but this build of Rassegna writes schema version '" +
                                     std::string(kSchemaVersion) + "' only"
                               : "but this build of Rassegna reads schema version '" + std::string(kSchemaVersion) + "'";
  throw Error(ErrorCode::unavailable,
              "database '" + path + "' has " +
                  (found.empty() ? "no schema version (not written by rassegna-index?)" : "schema version '" + found + "'") +
                  ", " + what + ": rebuild it with: rm -r '" + path + "' && rassegna-index --db '" + path +
                  "' CORPUS...");
}

}  // namespace rassegna::schema
