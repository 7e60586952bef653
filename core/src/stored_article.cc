#include <rassegna/stored_article.h>

#include <cstdint>

#include <zlib.h>

#include <rassegna/error.h>
#include <rassegna/schema.h>

namespace rassegna {
namespace {

constexpr char kFormatVersion = 1;

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_field(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

class FieldReader {
 public:
  explicit FieldReader(std::string_view data) : data_(data) {}

  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) corrupt();
      auto byte = static_cast<unsigned char>(data_[pos_++]);
      v |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    corrupt();
  }
  std::string field() {
    uint64_t len = varint();
    if (len > data_.size() - pos_) corrupt();
    std::string s(data_.substr(pos_, len));
    pos_ += len;
    return s;
  }
  char byte() {
    if (pos_ >= data_.size()) corrupt();
    return data_[pos_++];
  }

 private:
  [[noreturn]] void corrupt() const {
    throw Error(ErrorCode::internal, "stored article data is corrupt or from another version");
  }
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

namespace {
std::string encode(const Article& a, bool with_body) {
  std::string out;
  out.reserve(a.title.size() + (with_body ? a.body.size() : 0) + 128);
  out.push_back(kFormatVersion);
  for (const std::string* f : {&a.id, &a.title, &a.date, &a.lang, &a.source, &a.url}) put_field(out, *f);
  put_varint(out, a.orgs.size());
  for (const auto& o : a.orgs) put_field(out, o);
  put_varint(out, a.companies.size());
  for (const auto& c : a.companies) put_field(out, c);
  put_field(out, with_body ? std::string_view(a.body) : std::string_view());  // last: the largest
  return out;
}
}  // namespace

namespace {

#include "body_dictionaries.inc"

// Dictionary ids as stored in a body's first byte. Never renumbered: a new dictionary gets a new id.
enum DictionaryId : unsigned char { kNoDictionary = 0, kItalian1 = 1, kEnglish1 = 2 };
constexpr int kBodyLevel = 6;  // zlib's default; level 9 saved < 0.01 % on it-covid-news-2020 bodies

std::string_view dictionary(unsigned char id) {
  switch (id) {
    case kItalian1: return {kBodyDictionary_it, sizeof kBodyDictionary_it - 1};
    case kEnglish1: return {kBodyDictionary_en, sizeof kBodyDictionary_en - 1};
    default: return {};
  }
}

unsigned char dictionary_for(std::string_view lang) {
  if (lang == "it") return kItalian1;
  if (lang == "en") return kEnglish1;
  return kNoDictionary;
}

[[noreturn]] void corrupt_body(const char* why) {
  throw Error(ErrorCode::internal, std::string("stored article body is corrupt or from another version: ") + why);
}

// One deflate and one inflate state per thread, reset per body: initialising one allocates
// ~270 KB, more than the work of compressing a short article.
struct Deflater {
  z_stream z{};
  bool ok = deflateInit2(&z, kBodyLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  ~Deflater() { deflateEnd(&z); }
};
struct Inflater {
  z_stream z{};
  bool ok = inflateInit2(&z, -15) == Z_OK;
  ~Inflater() { inflateEnd(&z); }
};

}  // namespace

std::string encode_body(std::string_view body, std::string_view lang) {
  if (body.empty()) return {};
  thread_local Deflater d;
  if (!d.ok) throw Error(ErrorCode::internal, "zlib: cannot initialise deflate");
  const unsigned char id = dictionary_for(lang);
  const std::string_view dict = dictionary(id);
  deflateReset(&d.z);
  if (!dict.empty()) {
    deflateSetDictionary(&d.z, reinterpret_cast<const Bytef*>(dict.data()), static_cast<uInt>(dict.size()));
  }
  std::string out(1 + deflateBound(&d.z, static_cast<uLong>(body.size())), '\0');
  out[0] = static_cast<char>(id);
  d.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  d.z.avail_in = static_cast<uInt>(body.size());
  d.z.next_out = reinterpret_cast<Bytef*>(out.data() + 1);
  d.z.avail_out = static_cast<uInt>(out.size() - 1);
  if (deflate(&d.z, Z_FINISH) != Z_STREAM_END) throw Error(ErrorCode::internal, "zlib: deflate did not finish");
  out.resize(out.size() - d.z.avail_out);
  return out;
}

std::string decode_body(std::string_view data) {
  if (data.empty()) return {};
  thread_local Inflater f;
  if (!f.ok) throw Error(ErrorCode::internal, "zlib: cannot initialise inflate");
  const auto id = static_cast<unsigned char>(data[0]);
  const std::string_view dict = dictionary(id);
  if (id != kNoDictionary && dict.empty()) corrupt_body("unknown dictionary");
  inflateReset(&f.z);
  if (!dict.empty() &&
      inflateSetDictionary(&f.z, reinterpret_cast<const Bytef*>(dict.data()), static_cast<uInt>(dict.size())) != Z_OK) {
    corrupt_body("dictionary refused");
  }
  f.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + 1));
  f.z.avail_in = static_cast<uInt>(data.size() - 1);
  std::string out;
  char buffer[16384];
  for (;;) {
    f.z.next_out = reinterpret_cast<Bytef*>(buffer);
    f.z.avail_out = sizeof buffer;
    const int rc = inflate(&f.z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - f.z.avail_out);
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK) corrupt_body("inflate failed");
    if (f.z.avail_in == 0 && f.z.avail_out != 0) corrupt_body("truncated");
  }
  if (f.z.avail_in != 0) corrupt_body("trailing bytes");
  return out;
}

Article decode_document(const Xapian::Document& doc) {
  Article a = decode_article(doc.get_value(schema::kSlotSummary));
  a.body = decode_body(doc.get_data());
  return a;
}

std::string stored_id(const Xapian::Document& doc) { return decode_article(doc.get_value(schema::kSlotSummary)).id; }

std::string encode_article(const Article& a) { return encode(a, true); }
std::string encode_summary(const Article& a) { return encode(a, false); }

Article decode_article(std::string_view data) {
  FieldReader r(data);
  if (r.byte() != kFormatVersion) {
    throw Error(ErrorCode::internal, "stored article has an unknown format version; re-index the corpus");
  }
  Article a;
  for (std::string* f : {&a.id, &a.title, &a.date, &a.lang, &a.source, &a.url}) *f = r.field();
  a.orgs.resize(r.varint());
  for (auto& o : a.orgs) o = r.field();
  a.companies.resize(r.varint());
  for (auto& c : a.companies) c = r.field();
  a.body = r.field();
  return a;
}

}  // namespace rassegna
