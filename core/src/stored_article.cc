#include <rassegna/stored_article.h>

#include <cstdint>

#include <rassegna/error.h>

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
