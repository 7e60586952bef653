#include <rassegna/stored_article.h>

#include <cstdint>

#include <zlib.h>
#include <zstd.h>

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

// Codec and dictionary ids as stored in a body's first byte. Never renumbered: a new dictionary
// or codec gets a new id. 0-2 are raw deflate (schema 2 and 3 until 2026-11-30); 3-5 are zstd
// frames, written since: as small within a few percent, and 3-4x cheaper to write.
enum BodyCodec : unsigned char {
  kNoDictionary = 0, kItalian1 = 1, kEnglish1 = 2,                 // deflate
  kZstdNoDictionary = 3, kZstdItalian1 = 4, kZstdEnglish1 = 5,     // zstd
};
// zstd level of new bodies: measured on 1,200 synthetic and 3,000 real news bodies, level 6 writes
// 3-5 % more bytes than deflate level 6 with the same dictionary, in 28-33 % of its time; level
// 8 gains 1 % more for 40 % more time, level 4 loses 5 %.
constexpr int kBodyZstdLevel = 6;

std::string_view dictionary(unsigned char id) {
  switch (id) {
    case kItalian1: case kZstdItalian1: return {kBodyDictionary_it, sizeof kBodyDictionary_it - 1};
    case kEnglish1: case kZstdEnglish1: return {kBodyDictionary_en, sizeof kBodyDictionary_en - 1};
    default: return {};
  }
}

unsigned char zstd_codec_for(std::string_view lang) {
  if (lang == "it") return kZstdItalian1;
  if (lang == "en") return kZstdEnglish1;
  return kZstdNoDictionary;
}

[[noreturn]] void corrupt_body(const char* why) {
  throw Error(ErrorCode::internal, std::string("stored article body is corrupt or from another version: ") + why);
}

// One inflate state per thread, reset per body: initialising one allocates ~270 KB, more than
// the work of decompressing a short article.
struct Inflater {
  z_stream z{};
  bool ok = inflateInit2(&z, -15) == Z_OK;
  ~Inflater() { inflateEnd(&z); }
};

// The dictionaries digested once per process (zstd shares them between threads read-only), and
// one compression and one decompression context per thread.
struct ZstdDictionaries {
  ZSTD_CDict* compress[2];
  ZSTD_DDict* decompress[2];
  ZstdDictionaries() {
    // The dictionaries are plain text, so zstd takes them as raw content (they cannot begin with
    // the magic number of its trained dictionaries).
    const std::string_view it = dictionary(kZstdItalian1), en = dictionary(kZstdEnglish1);
    compress[0] = ZSTD_createCDict(it.data(), it.size(), kBodyZstdLevel);
    compress[1] = ZSTD_createCDict(en.data(), en.size(), kBodyZstdLevel);
    decompress[0] = ZSTD_createDDict(it.data(), it.size());
    decompress[1] = ZSTD_createDDict(en.data(), en.size());
  }
  ~ZstdDictionaries() {
    for (auto* c : compress) ZSTD_freeCDict(c);
    for (auto* d : decompress) ZSTD_freeDDict(d);
  }
  static size_t index_of(unsigned char id) { return id == kZstdItalian1 ? 0 : 1; }  // ids 4 and 5
  static const ZstdDictionaries& get() {
    static const ZstdDictionaries dictionaries;
    return dictionaries;
  }
};
struct ZstdContexts {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_DCtx* d = ZSTD_createDCtx();
  ~ZstdContexts() {
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
  }
};
ZstdContexts& zstd_contexts() {
  thread_local ZstdContexts contexts;
  if (contexts.c == nullptr || contexts.d == nullptr) throw Error(ErrorCode::internal, "zstd: cannot allocate a context");
  return contexts;
}

// Bodies are cut at 16 MiB by the readers; a frame claiming much more is not ours.
constexpr unsigned long long kMaxBodyBytes = 1ULL << 30;

std::string zstd_decode(std::string_view data, unsigned char id) {
  const char* frame = data.data() + 1;
  const size_t frame_size = data.size() - 1;
  const unsigned long long size = ZSTD_getFrameContentSize(frame, frame_size);
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxBodyBytes) {
    corrupt_body("not a zstd frame of known size");
  }
  if (ZSTD_findFrameCompressedSize(frame, frame_size) != frame_size) corrupt_body("truncated or trailing bytes");
  std::string out(static_cast<size_t>(size), '\0');
  ZstdContexts& z = zstd_contexts();
  const ZstdDictionaries& dicts = ZstdDictionaries::get();
  const size_t n = id == kZstdNoDictionary
                       ? ZSTD_decompressDCtx(z.d, out.data(), out.size(), frame, frame_size)
                       : ZSTD_decompress_usingDDict(z.d, out.data(), out.size(), frame, frame_size,
                                                    dicts.decompress[ZstdDictionaries::index_of(id)]);
  if (ZSTD_isError(n) || n != out.size()) corrupt_body("zstd failed");
  return out;
}

std::string inflate_body(std::string_view data, unsigned char id) {
  thread_local Inflater f;
  if (!f.ok) throw Error(ErrorCode::internal, "zlib: cannot initialise inflate");
  const std::string_view dict = dictionary(id);
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

}  // namespace

std::string encode_body(std::string_view body, std::string_view lang) {
  if (body.empty()) return {};
  const unsigned char id = zstd_codec_for(lang);
  ZstdContexts& z = zstd_contexts();
  std::string out(1 + ZSTD_compressBound(body.size()), '\0');
  out[0] = static_cast<char>(id);
  const size_t n = id == kZstdNoDictionary
                       ? ZSTD_compressCCtx(z.c, out.data() + 1, out.size() - 1, body.data(), body.size(), kBodyZstdLevel)
                       : ZSTD_compress_usingCDict(z.c, out.data() + 1, out.size() - 1, body.data(), body.size(),
                                                  ZstdDictionaries::get().compress[ZstdDictionaries::index_of(id)]);
  if (ZSTD_isError(n)) throw Error(ErrorCode::internal, std::string("zstd: ") + ZSTD_getErrorName(n));
  out.resize(1 + n);
  return out;
}

std::string decode_body(std::string_view data) {
  if (data.empty()) return {};
  const auto id = static_cast<unsigned char>(data[0]);
  switch (id) {
    case kNoDictionary: case kItalian1: case kEnglish1: return inflate_body(data, id);
    case kZstdNoDictionary: case kZstdItalian1: case kZstdEnglish1: return zstd_decode(data, id);
    default: corrupt_body("unknown codec or dictionary");
  }
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
