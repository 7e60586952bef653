#include <rassegna/word_positions.h>

#include <algorithm>

#include <rassegna/error.h>

namespace rassegna {
namespace {

// Layout: version byte, varint title_end, varint word count, then per word in byte order:
// varint bytes shared with the previous word, varint length of the rest, the rest, varint
// position count, the first position, then the gaps to each next one.
constexpr char kVersion = 1;

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) corrupt();
      const auto byte = static_cast<unsigned char>(data_[pos_++]);
      v |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    corrupt();
  }
  std::string_view bytes(uint64_t n) {
    if (n > data_.size() - pos_) corrupt();
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  char byte() {
    if (pos_ >= data_.size()) corrupt();
    return data_[pos_++];
  }
  // Skips `n` varints.
  void skip_varints(uint64_t n) {
    while (n > 0) {
      if (pos_ >= data_.size()) corrupt();
      if ((static_cast<unsigned char>(data_[pos_++]) & 0x80) == 0) --n;
    }
  }
  size_t offset() const { return pos_; }
  void seek(size_t offset) { pos_ = offset; }

  [[noreturn]] static void corrupt() {
    throw Error(ErrorCode::internal, "stored word positions are corrupt or from another version; re-index the corpus");
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct Header {
  uint32_t title_end = 0;
  uint64_t words = 0;
};

Header read_header(Reader& r) {
  if (r.byte() != kVersion) Reader::corrupt();
  Header h;
  h.title_end = static_cast<uint32_t>(r.varint());
  h.words = r.varint();
  return h;
}

// Reads one word entry's name into `word` (front-coded against the previous name in `word`).
void read_word(Reader& r, std::string& word) {
  const uint64_t shared = r.varint();
  if (shared > word.size()) Reader::corrupt();
  word.resize(shared);
  const uint64_t rest = r.varint();
  word.append(r.bytes(rest));
}

void read_positions(Reader& r, std::vector<uint32_t>& out) {
  out.clear();
  const uint64_t n = r.varint();
  uint64_t p = 0;
  for (uint64_t i = 0; i < n; ++i) {
    p += r.varint();
    out.push_back(static_cast<uint32_t>(p));
  }
}

}  // namespace

void WordPositionsBuilder::clear() {
  used_ = 0;
  title_end_ = 0;
}

void WordPositionsBuilder::add(std::string_view word, uint32_t position) {
  if (used_ == entries_.size()) entries_.emplace_back();
  entries_[used_].first.assign(word);
  entries_[used_].second = position;
  ++used_;
}

std::string WordPositionsBuilder::encode() {
  // Sorting (word, position) pairs puts each word's positions together and in order.
  std::sort(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(used_));
  size_t words = 0;
  for (size_t i = 0; i < used_; ++i) words += i == 0 || entries_[i].first != entries_[i - 1].first;

  std::string out;
  out.reserve(used_ * 3 + 16);
  out.push_back(kVersion);
  put_varint(out, title_end_);
  put_varint(out, words);
  std::string_view previous;
  for (size_t i = 0; i < used_;) {
    const std::string& word = entries_[i].first;
    size_t end = i;
    while (end < used_ && entries_[end].first == word) ++end;
    size_t shared = 0;
    while (shared < previous.size() && shared < word.size() && previous[shared] == word[shared]) ++shared;
    put_varint(out, shared);
    put_varint(out, word.size() - shared);
    out.append(word, shared);
    put_varint(out, end - i);
    uint32_t last = 0;
    for (size_t k = i; k < end; ++k) {
      put_varint(out, entries_[k].second - last);
      last = entries_[k].second;
    }
    previous = word;
    i = end;
  }
  clear();
  return out;
}

bool phrase_at(std::string_view encoded, const std::vector<std::string>& words, bool title_only) {
  if (words.empty()) return false;
  // The distinct words wanted, in byte order, as the entries are.
  std::vector<std::string_view> wanted(words.begin(), words.end());
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::vector<size_t> found(wanted.size(), SIZE_MAX);  // offset of each wanted word's positions

  Reader r(encoded);
  const Header h = read_header(r);
  std::string word;
  size_t next = 0, seen = 0;
  for (uint64_t i = 0; i < h.words && next < wanted.size(); ++i) {
    read_word(r, word);
    while (next < wanted.size() && wanted[next] < word) ++next;  // not in this article
    if (next < wanted.size() && wanted[next] == word) {
      found[next++] = r.offset();
      ++seen;
    }
    r.skip_varints(r.varint());
  }
  if (seen != wanted.size()) return false;

  std::vector<std::vector<uint32_t>> at(words.size());
  for (size_t k = 0; k < words.size(); ++k) {
    const size_t w = static_cast<size_t>(std::lower_bound(wanted.begin(), wanted.end(), words[k]) - wanted.begin());
    r.seek(found[w]);
    read_positions(r, at[k]);
  }
  const auto last_word = static_cast<uint32_t>(words.size() - 1);
  for (uint32_t start : at[0]) {
    if (title_only && start + last_word > h.title_end) break;
    bool all = true;
    for (size_t k = 1; k < words.size() && all; ++k) {
      all = std::binary_search(at[k].begin(), at[k].end(), start + static_cast<uint32_t>(k));
    }
    if (all) return true;
  }
  return false;
}

WordPositions decode_word_positions(std::string_view encoded) {
  Reader r(encoded);
  const Header h = read_header(r);
  WordPositions out;
  out.title_end = h.title_end;
  std::string word;
  for (uint64_t i = 0; i < h.words; ++i) {
    read_word(r, word);
    out.words.emplace_back(word, std::vector<uint32_t>());
    read_positions(r, out.words.back().second);
  }
  return out;
}

}  // namespace rassegna
