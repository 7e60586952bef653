#pragma once
// Every term prefix and value slot of a Rassegna database, in one place (like Omega's values.h).
// Changing any of these changes the on-disk format: bump kSchemaVersion, and programs then refuse
// older databases (check_schema_version) until they are rebuilt. What the indexer puts in the
// fields (cleaning, tagging) is not the format: a better cleaner needs no bump.

#include <string>
#include <string_view>
#include <xapian.h>

namespace rassegna::schema {

inline constexpr std::string_view kSchemaVersion = "3";
// Searching reads every version from this one up (schema 3 changed only what the indexer's story
// grouper reads); writing needs kSchemaVersion.
inline constexpr std::string_view kOldestReadableSchemaVersion = "2";
inline constexpr std::string_view kSchemaMetadataKey = "rassegna.schema";
inline constexpr std::string_view kLastUpdateMetadataKey = "rassegna.last_update";
// The gazetteer (companies.tsv) the database was tagged with, so searches resolve company names
// to the same keys without the file.
inline constexpr std::string_view kGazetteerMetadataKey = "rassegna.gazetteer";
// Which documents each commit changed (rassegna/change_log.h), so that a reader refreshes the
// table it holds in memory from them instead of reading the whole database again: the commit
// that makes revision R+1 writes key kChangesMetadataPrefix + decimal((R+1) % kChangesRing).
// Metadata only, read as a hint (a missing or stale entry means "rebuild"): not the format.
inline constexpr std::string_view kChangesMetadataPrefix = "rassegna.changes.";
inline constexpr unsigned kChangesRing = 16;

// Free-text terms. Unprefixed: the folded exact word (with positions, so phrases work).
// kStem: Snowball stem of a word, in the article's language (no positions).
// kTitle / kTitleStem: the same for words of the title, so `title:word` can be searched.
inline constexpr std::string_view kStem = "Z";
inline constexpr std::string_view kTitle = "S";
inline constexpr std::string_view kTitleStem = "ZS";

// Boolean filter terms.
inline constexpr std::string_view kId = "Q";          // Q<article id>, unique
inline constexpr std::string_view kLang = "L";        // L<it|en|...>
inline constexpr std::string_view kCompany = "XC";    // XC<company key> (lowercased canonical name)
inline constexpr std::string_view kSource = "XS";     // XS<lowercased source>
// (Schema 1 also had XD/XM/XY day, month and year terms; no search used them: dates are
// filtered through kSlotDay. Retired in schema 2; the prefixes are not to be reused.)
inline constexpr std::string_view kUndated = "XU";    // XU alone: the article has no date
// Near-duplicates (wire-story collapse, indexer/dedup/): the key of an article's story (the group of
// its near-duplicates; an article alone is a story of one). Its MinHash LSH bands are in
// kSlotBands. (Schema 2 kept the bands as XB<band><hash> terms: 20 terms per article, nearly all
// held by that article alone, 16 % of a compacted index. Retired in schema 3; not to be reused.)
inline constexpr std::string_view kStory = "XG";      // XG<story key: 16 hex>

// Value slots.
// (Slots 1, 2 and 4 held month, year and the article id in schema 1: unused by any search, the
// id is in the summary and the Q term. Retired in schema 2; not to be reused.)
inline constexpr Xapian::valueno kSlotDay = 0;        // YYYYMMDD: range filters (DateRangeProcessor)
inline constexpr Xapian::valueno kSlotCompanies = 3;  // canonical names joined by kListSeparator
inline constexpr Xapian::valueno kSlotTimestamp = 5;  // YYYYMMDDhhmmss: sort by date
inline constexpr Xapian::valueno kSlotSummary = 6;    // the article without its body (stored_article.h):
                                                      // a hit list reads this; the data holds the body

// The companies again, one slot per position (16 = the first company of kSlotCompanies, 17 = the
// second, ...), so Xapian's own ValueCountMatchSpy, which a stock xapian-tcpsrv runs, counts
// them exactly (company_slots.h). The last slot holds the rest of a longer list, joined.
inline constexpr Xapian::valueno kSlotCompanyFirst = 16;
inline constexpr Xapian::valueno kCompanySlots = 32;  // slots 16..47
inline constexpr Xapian::valueno kSlotStory = 7;      // story key (16 hex, as in the XG term): collapse key
// The near-duplicate fingerprint's day and LSH bands (dedup::encode_bands): read by the indexer's
// story grouper only, never by a search. Absent when the body is too short to have bands.
inline constexpr Xapian::valueno kSlotBands = 8;

inline constexpr char kListSeparator = '\x1f';

// Word positions: the body starts this far after the title so no phrase spans the two.
inline constexpr Xapian::termpos kBodyPositionGap = 100;
// A title word counts this many times a body word.
inline constexpr Xapian::termcount kTitleWeight = 3;

// The key of a company in filter terms: its canonical name folded ("Intesa Sanpaolo" -> "intesa sanpaolo").
std::string company_key(std::string_view canonical_name);

// Every program that opens a database calls this first. A database whose kSchemaMetadataKey is
// not kSchemaVersion (or has none, yet holds documents) throws rassegna::Error(unavailable)
// naming the version found, the version this build reads and the command that rebuilds it.
// For reading (`for_writing` false) versions from kOldestReadableSchemaVersion up pass too.
// An empty database passes: there is nothing to misread, and the indexer stamps it.
void check_schema_version(const Xapian::Database& db, const std::string& path, bool for_writing = false);

}  // namespace rassegna::schema
