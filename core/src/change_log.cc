#include <rassegna/change_log.h>

#include <algorithm>
#include <charconv>

#include <rassegna/schema.h>

namespace rassegna::change_log {
namespace {

// Reads a decimal number at the front of `s` and removes it; nullopt if there is none.
template <typename T>
std::optional<T> take_number(std::string_view& s) {
  T value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end == s.data()) return std::nullopt;
  s.remove_prefix(static_cast<size_t>(end - s.data()));
  return value;
}

std::string head(Xapian::rev base, std::string_view uuid) {
  return std::to_string(base) + ' ' + std::string(uuid) + ' ';
}

}  // namespace

std::string key_for(Xapian::rev revision) {
  return std::string(schema::kChangesMetadataPrefix) + std::to_string(revision % schema::kChangesRing);
}

std::string encode_unlisted(Xapian::rev base, std::string_view uuid) { return head(base, uuid) + '*'; }

std::string encode(Xapian::rev base, std::string_view uuid, const std::vector<Xapian::docid>& docids) {
  if (docids.size() > kMaxListedChanges) return encode_unlisted(base, uuid);
  std::string out = head(base, uuid);
  for (size_t i = 0; i < docids.size();) {
    size_t j = i;
    while (j + 1 < docids.size() && docids[j + 1] == docids[j] + 1) ++j;
    if (i > 0) out += ' ';
    out += std::to_string(docids[i]);
    if (j > i) out += '-' + std::to_string(docids[j]);
    i = j + 1;
  }
  return out;
}

std::optional<Entry> decode(std::string_view value) {
  Entry e;
  auto base = take_number<Xapian::rev>(value);
  if (!base || value.empty() || value[0] != ' ') return std::nullopt;
  e.base = *base;
  value.remove_prefix(1);
  const size_t space = value.find(' ');
  if (space == 0 || space == std::string_view::npos) return std::nullopt;
  e.uuid = std::string(value.substr(0, space));
  value.remove_prefix(space + 1);
  if (value == "*") return e;
  e.listed = true;
  while (!value.empty()) {
    auto first = take_number<Xapian::docid>(value);
    if (!first || *first == 0) return std::nullopt;
    Xapian::docid last = *first;
    if (!value.empty() && value[0] == '-') {
      value.remove_prefix(1);
      auto end = take_number<Xapian::docid>(value);
      if (!end || *end < *first) return std::nullopt;
      last = *end;
    }
    if (!e.docids.empty() && *first <= e.docids.back()) return std::nullopt;  // not ascending
    if (last - *first >= kMaxListedChanges - e.docids.size()) return std::nullopt;
    for (Xapian::docid d = *first;; ++d) {
      e.docids.push_back(d);
      if (d == last) break;
    }
    if (value.empty()) break;
    if (value[0] != ' ' || value.size() == 1) return std::nullopt;
    value.remove_prefix(1);
  }
  return e;
}

std::optional<std::vector<Xapian::docid>> changed_since(const Xapian::Database& db, Xapian::rev from) {
  Xapian::rev now;
  std::string uuid;
  try {
    now = db.get_revision();
    uuid = db.get_uuid();
  } catch (const Xapian::Error&) {
    return std::nullopt;
  }
  if (now < from || now - from > schema::kChangesRing) return std::nullopt;
  std::vector<Xapian::docid> all;
  for (Xapian::rev r = from; r < now; ++r) {
    auto entry = decode(db.get_metadata(key_for(r + 1)));
    if (!entry || entry->base != r || entry->uuid != uuid || !entry->listed) return std::nullopt;
    if (all.empty()) {
      all = std::move(entry->docids);
    } else {
      std::vector<Xapian::docid> merged;
      merged.reserve(all.size() + entry->docids.size());
      std::set_union(all.begin(), all.end(), entry->docids.begin(), entry->docids.end(), std::back_inserter(merged));
      all = std::move(merged);
    }
    if (all.size() > kMaxListedChanges) return std::nullopt;
  }
  return all;
}

}  // namespace rassegna::change_log
