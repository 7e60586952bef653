#include "indexer/ingest/warc_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <stdexcept>
#include <zlib.h>

#include "indexer/ingest/article_fields.h"
#include "indexer/ingest/byte_stream.h"
#include "indexer/ingest/formats.h"
#include "indexer/ingest/html_reader.h"

namespace rassegna::ingest {
namespace {

constexpr size_t kMaxHeaderLine = 64 << 10;
constexpr size_t kMaxHeaderLines = 1000;
constexpr size_t kMaxHttpHeader = 256 << 10;  // status line and headers of the HTTP response
constexpr uint64_t kMaxPayload = kMaxArticleBytes;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

struct Headers {
  std::vector<std::pair<std::string, std::string>> fields;  // names in lower case
  std::string get(const std::string& name) const {
    for (const auto& [n, v] : fields) {
      if (n == name) return v;
    }
    return {};
  }
};

void add_header_line(Headers& h, const std::string& line) {
  size_t colon = line.find(':');
  if (colon == std::string::npos) return;
  h.fields.emplace_back(lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
}

bool parse_length(const std::string& s, uint64_t& out) {
  if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return false;
  }
  out = std::stoull(s);
  return true;
}

// Undoes Transfer-Encoding: chunked; false when the chunks do not add up.
bool dechunk(std::string& body) {
  std::string out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t eol = body.find("\r\n", pos);
    if (eol == std::string::npos) return false;
    std::string size_hex = body.substr(pos, eol - pos);
    size_hex = size_hex.substr(0, size_hex.find(';'));
    char* end = nullptr;
    unsigned long long n = std::strtoull(size_hex.c_str(), &end, 16);
    if (end == size_hex.c_str()) return false;
    pos = eol + 2;
    if (n == 0) break;
    if (pos + n > body.size()) return false;
    out.append(body, pos, n);
    pos += n + 2;
  }
  body.swap(out);
  return true;
}

// Undoes Content-Encoding gzip or deflate, up to `max` bytes; false when corrupt or too large.
bool inflate_body(std::string& body, size_t max) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return false;  // gzip or zlib header, detected
  zs.next_in = reinterpret_cast<Bytef*>(body.data());
  zs.avail_in = static_cast<uInt>(body.size());
  std::string out;
  char buf[1 << 16];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return false;
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max) {
      inflateEnd(&zs);
      return false;
    }
  } while (rc != Z_STREAM_END && (zs.avail_in > 0 || zs.avail_out == 0));
  inflateEnd(&zs);
  body.swap(out);
  return true;
}

bool is_html_type(const std::string& content_type) {
  std::string t = lower(content_type.substr(0, content_type.find(';')));
  t = trim(t);
  return t == "text/html" || t == "application/xhtml+xml";
}

class WarcReader {
 public:
  WarcReader(const std::string& path, const ReadCallbacks& cb) : path_(path), cb_(cb), in_(path) {}

  void run() {
    std::string line;
    bool truncated = false;
    // Blank lines separate records.
    while (true) {
      uint64_t record_offset = in_.offset();
      if (!in_.read_line(line, kMaxHeaderLine, truncated)) break;
      if (line.empty()) continue;
      ++record_;
      if (line.rfind("WARC/", 0) != 0) {
        if (record_ == 1) {
          issue(true, "not a WARC file (it does not start with \"WARC/1.\"); file skipped");
          return;
        }
        issue(true, "expected a WARC record (at byte " + std::to_string(record_offset) +
                        ", after the previous record's Content-Length); the rest of the file is lost");
        return;
      }
      Headers h;
      size_t n = 0;
      while (in_.read_line(line, kMaxHeaderLine, truncated) && !line.empty()) {
        if (++n > kMaxHeaderLines || truncated) {
          issue(true, "WARC record headers too long; the rest of the file is lost");
          return;
        }
        add_header_line(h, line);
      }
      uint64_t length = 0;
      if (!parse_length(h.get("content-length"), length)) {
        issue(true, "WARC record without a valid Content-Length ('" + h.get("content-length") +
                        "'); the rest of the file is lost");
        return;
      }
      record(h, length);
      if ((record_ & 63) == 0 && cb_.on_progress) cb_.on_progress(in_.consumed());
    }
    if (record_ == 0) issue(true, "empty file: no WARC records");
  }

 private:
  SourceLocation where() const { return SourceLocation{path_, record_}; }

  void issue(bool skipped, const std::string& reason) { cb_.on_issue(IngestIssue{where(), reason, skipped}); }

  void pass_over(const std::string& reason) {
    if (cb_.on_note) cb_.on_note(IngestIssue{where(), reason, false});
  }

  // Consumes exactly `length` bytes of block.
  void record(const Headers& h, uint64_t length) {
    const std::string type = lower(h.get("warc-type"));
    if (type != "response") {
      in_.skip(length);
      pass_over("WARC " + (type.empty() ? std::string("untyped") : type) + " record");
      return;
    }
    const std::string url = h.get("warc-target-uri");
    // The HTTP status line and headers come first.
    std::string block;
    size_t head_end = std::string::npos;
    while (head_end == std::string::npos && block.size() < length && block.size() < kMaxHttpHeader) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(4096, length - block.size()));
      if (in_.read(block, want) < want) {
        issue(true, "record cut short: the file ends inside it (" + url + ")");
        return;
      }
      head_end = block.find("\r\n\r\n");
      if (head_end == std::string::npos) head_end = block.find("\n\n");
    }
    const uint64_t remaining = length - block.size();
    if (head_end == std::string::npos) {
      in_.skip(remaining);
      if (block.rfind("HTTP/", 0) != 0) {
        pass_over("WARC response that is not an HTTP response");
      } else {
        issue(true, "HTTP response without the end of its headers (" + url + ")");
      }
      return;
    }
    const size_t sep = block.compare(head_end, 4, "\r\n\r\n") == 0 ? 4 : 2;
    Headers http;
    std::string status_line = block.substr(0, block.find('\n'));
    {
      size_t pos = block.find('\n') + 1;
      while (pos < head_end) {
        size_t eol = block.find('\n', pos);
        if (eol == std::string::npos || eol > head_end) eol = head_end;
        add_header_line(http, block.substr(pos, eol - pos));
        pos = eol + 1;
      }
    }
    std::string status = status_line.size() > 9 ? status_line.substr(9, 3) : "";
    if (status_line.rfind("HTTP/", 0) != 0 || status.empty() || status[0] != '2') {
      in_.skip(remaining);
      pass_over("WARC response with HTTP status " + (status.empty() ? std::string("?") : status));
      return;
    }
    std::string content_type = http.get("content-type");
    if (content_type.empty()) content_type = h.get("warc-identified-payload-type");
    const bool html = is_html_type(content_type) ||
                      (content_type.empty() && sniff_format(block.substr(head_end + sep, 4096)) == Format::html);
    if (!html) {
      in_.skip(remaining);
      std::string t = trim(lower(content_type.substr(0, content_type.find(';'))));
      pass_over("WARC response that is not HTML (" + (t.empty() ? std::string("no type") : t) + ")");
      return;
    }
    if (length - head_end - sep > kMaxPayload) {
      in_.skip(remaining);
      issue(true, "HTML page larger than " + std::to_string(kMaxPayload >> 20) + " MB (" + url + ")");
      return;
    }
    if (in_.read(block, static_cast<size_t>(remaining)) < remaining) {
      issue(true, "record cut short: the file ends inside it (" + url + ")");
      return;
    }
    std::string body = block.substr(head_end + sep);
    block.clear();
    if (lower(http.get("transfer-encoding")).find("chunked") != std::string::npos && !dechunk(body)) {
      issue(true, "bad chunked transfer encoding (" + url + ")");
      return;
    }
    const std::string encoding = lower(http.get("content-encoding"));
    if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
      if (!inflate_body(body, kMaxPayload)) {
        issue(true, "Content-Encoding " + encoding + " does not decompress, or to more than " +
                        std::to_string(kMaxPayload >> 20) + " MB (" + url + ")");
        return;
      }
    } else if (!encoding.empty() && encoding != "identity") {
      issue(true, "Content-Encoding '" + encoding + "' is not supported (" + url + ")");
      return;
    }
    std::vector<std::string> repairs;
    try {
      const std::string fallback_id = !url.empty() ? url : h.get("warc-record-id");
      Article a = article_from_html(body, path_, fallback_id, url, h.get("warc-date"), repairs);
      if (!url.empty()) {  // the crawl's own address of the page
        a.url = url;
        a.id = id_from_key(url);
      }
      for (auto& r : repairs) issue(false, r);
      cb_.on_article(std::move(a), where());
    } catch (const std::exception& e) {
      issue(true, std::string(e.what()) + " (" + url + ")");
    }
  }

  const std::string& path_;
  const ReadCallbacks& cb_;
  ByteStream in_;
  size_t record_ = 0;
};

}  // namespace

void read_warc(const std::string& path, const ReadCallbacks& cb) {
  WarcReader(path, cb).run();
  if (cb.on_progress) cb.on_progress(file_size(path));
}

}  // namespace rassegna::ingest
