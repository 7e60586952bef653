#include "indexer/ingest/reader.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <zlib.h>

#include <rassegna/utf8.h>

#include "indexer/ingest/article_fields.h"
#include "indexer/ingest/byte_stream.h"
#include "indexer/ingest/csv_reader.h"
#include "indexer/ingest/feed_reader.h"
#include "indexer/ingest/html_reader.h"
#include "indexer/ingest/warc_reader.h"

namespace rassegna {
std::string SourceLocation::to_string() const {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}
}  // namespace rassegna

namespace rassegna::ingest {
namespace fs = std::filesystem;
namespace {

// Line source over a plain or gzip-compressed file.
class LineSource {
 public:
  LineSource(const std::string& path, bool gzip) : gzip_(gzip) {
    if (gzip_) {
      gz_ = gzopen(path.c_str(), "rb");
      if (gz_ == nullptr) throw std::runtime_error("cannot open: " + std::string(std::strerror(errno)));
      gzbuffer(gz_, 1 << 17);
    } else {
      in_.open(path, std::ios::binary);
      if (!in_) throw std::runtime_error("cannot open: " + std::string(std::strerror(errno)));
    }
  }
  ~LineSource() {
    if (gz_ != nullptr) gzclose(gz_);
  }
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;

  // The next line, without its '\n'. A line longer than `max_line` bytes is not kept in memory:
  // it is read through and returned empty, with too_long() true.
  bool next(std::string& line, size_t max_line) {
    line.clear();
    too_long_ = false;
    bool any = false;
    while (true) {
      if (pos_ < len_) {
        any = true;
        const char* start = buf_.get() + pos_;
        const char* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
        const size_t n = nl != nullptr ? static_cast<size_t>(nl - start) : len_ - pos_;
        if (!too_long_ && line.size() + n > max_line) {
          too_long_ = true;
          line.clear();
          line.shrink_to_fit();
        }
        if (!too_long_) line.append(start, n);
        pos_ += n;
        if (nl != nullptr) {
          ++pos_;
          return true;
        }
      }
      if (!fill()) return any;
    }
  }

  bool too_long() const { return too_long_; }

  uint64_t consumed() {
    if (gzip_) return static_cast<uint64_t>(gzoffset(gz_));
    auto p = in_.tellg();
    return p < 0 ? 0 : static_cast<uint64_t>(p);
  }

 private:
  bool fill() {
    int n = 0;
    if (gzip_) {
      n = gzread(gz_, buf_.get(), kBufSize);
      if (n < 0) {
        int err;
        const char* msg = gzerror(gz_, &err);
        throw std::runtime_error(std::string("gzip error: ") + msg);
      }
    } else {
      in_.read(buf_.get(), kBufSize);
      n = static_cast<int>(in_.gcount());
    }
    pos_ = 0;
    len_ = static_cast<size_t>(n);
    return n > 0;
  }

  static constexpr unsigned kBufSize = 1 << 17;
  bool gzip_;
  gzFile gz_ = nullptr;
  std::ifstream in_;
  std::unique_ptr<char[]> buf_{new char[kBufSize]};
  size_t pos_ = 0, len_ = 0;
  bool too_long_ = false;
};

bool looks_binary(std::string_view head) { return head.find('\0') != std::string_view::npos; }

void report_repairs(const SourceLocation& where, std::vector<std::string>& repairs, const ReadCallbacks& cb) {
  for (auto& r : repairs) cb.on_issue(IngestIssue{where, std::move(r), false});
  repairs.clear();
}

void read_jsonl(const std::string& path, bool gzip, const ReadCallbacks& cb) {
  LineSource source(path, gzip);
  std::string line;
  std::vector<std::string> repairs;
  size_t line_no = 0, non_blank = 0;
  while (source.next(line, kMaxArticleBytes)) {
    ++line_no;
    if (source.too_long()) {  // one article (one line) may hold at most 16 MB; the next lines are read
      ++non_blank;
      cb.on_issue(IngestIssue{SourceLocation{path, line_no},
                              "line longer than " + std::to_string(kMaxArticleBytes >> 20) + " MB (one article)", true});
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ++non_blank;
    SourceLocation where{path, line_no};
    if (non_blank == 1 && looks_binary(line)) {
      cb.on_issue(IngestIssue{SourceLocation{path, 0}, "binary file, not JSON Lines; file skipped", true});
      return;
    }
    try {
      Article a = article_from_json_line(line, repairs);
      report_repairs(where, repairs, cb);
      cb.on_article(std::move(a), where);
    } catch (const std::exception& e) {
      repairs.clear();
      cb.on_issue(IngestIssue{where, e.what(), true});
    }
    if ((line_no & 255) == 0 && cb.on_progress) cb.on_progress(source.consumed());
  }
  if (non_blank == 0) cb.on_issue(IngestIssue{SourceLocation{path, 0}, "empty file: no articles", true});
  if (cb.on_progress) cb.on_progress(file_size(path));
}

// The file name without .txt (and without .gz: nota.txt.gz is "nota", as nota.txt is).
std::string id_from_path(const std::string& path) {
  fs::path p = fs::path(path).filename();
  if (p.extension() == ".gz") p = p.stem();
  return p.stem().string();
}

constexpr size_t kMaxTextBytes = size_t{64} << 20;

void read_text(const std::string& path, const ReadCallbacks& cb) {
  std::string text = read_whole_file(path, kMaxTextBytes);
  SourceLocation where{path, 0};
  if (looks_binary(std::string_view(text).substr(0, 8192))) {
    cb.on_issue(IngestIssue{where, "binary file, not text; skipped", true});
  } else if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    cb.on_issue(IngestIssue{where, "empty file: no article", true});
  } else if (text.size() > kMaxArticleBytes) {
    cb.on_issue(IngestIssue{where, "text larger than " + std::to_string(kMaxArticleBytes >> 20) + " MB (one article)", true});
  } else {
    std::vector<std::string> repairs;
    if (!is_valid_utf8(text)) {  // a text saved by an old editor: its accents are kept, not lost
      text = cp1252_to_utf8(text);
      repairs.emplace_back("the text is not UTF-8; read as Windows-1252");
    }
    try {
      Article a = article_from_text(id_from_path(path), std::move(text), repairs);
      report_repairs(where, repairs, cb);
      cb.on_article(std::move(a), where);
    } catch (const std::exception& e) {
      cb.on_issue(IngestIssue{where, e.what(), true});
    }
  }
  if (cb.on_progress) cb.on_progress(file_size(path));
}

}  // namespace

uint64_t file_size(const std::string& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  return ec ? 0 : static_cast<uint64_t>(size);
}

namespace {

// Whether a file met in a folder is an input (see expand_inputs).
bool take_from_folder(const std::string& path, const ReaderOptions& options) {
  if (options.format) return fs::path(path).filename().string().rfind('.', 0) != 0;
  std::optional<Format> f = format_from_extension(path);
  if (!f) {
    if (extension_of(path) != "xml") return false;
    std::string head;
    try {
      head = read_head(path, 4096);
    } catch (const std::exception&) {
      return true;  // let read_file report it
    }
    return sniff_format(head) == Format::feed;
  }
  if (f == Format::csv || f == Format::tsv) {
    // Only spreadsheets of articles: a folder may hold other tables (corpus/companies.tsv).
    return csv_has_text_column(path, f == Format::tsv ? '\t' : 0, options);
  }
  return true;
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       const std::function<void(const IngestIssue&)>& on_issue,
                                       const ReaderOptions& options) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && take_from_folder(it->path().string(), options)) {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);  // read_file decides, and reports a file it cannot read
    } else {
      on_issue(IngestIssue{SourceLocation{path, 0}, "no such file or folder", true});
    }
  }
  return files;
}

std::optional<Format> choose_format(const std::string& path, const ReaderOptions& options, std::string& why) {
  if (options.format) return options.format;
  if (auto f = format_from_extension(path)) return f;
  std::string head;
  try {
    head = read_head(path, 4096);
  } catch (const std::exception& e) {
    why = e.what();
    return std::nullopt;
  }
  if (auto f = sniff_format(head)) return f;
  const std::string ext = extension_of(path);
  if (head.empty()) {
    why = "empty file";
  } else if (looks_binary(std::string_view(head).substr(0, 4096))) {
    why = "binary file" + (ext.empty() ? std::string() : " ." + ext);
  } else if (ext == "xml") {
    why = "XML that is neither an RSS nor an Atom feed";
  } else {
    why = "unknown file type" + (ext.empty() ? std::string(" (no extension)") : " ." + ext);
  }
  why += "; expected " + format_names() + " (or --format FORMAT); file skipped";
  return std::nullopt;
}

void read_file(const std::string& path, const ReadCallbacks& cb, const ReaderOptions& options) {
  try {
    std::string why;
    std::optional<Format> format = choose_format(path, options, why);
    if (!format) {
      cb.on_issue(IngestIssue{SourceLocation{path, 0}, why, true});
      return;
    }
    switch (*format) {
      case Format::jsonl:
        read_jsonl(path, is_gzip_file(path), cb);
        break;
      case Format::text:
        read_text(path, cb);
        break;
      case Format::feed:
        read_feed(path, cb);
        break;
      case Format::csv:
        read_csv(path, 0, options, cb);
        break;
      case Format::tsv:
        read_csv(path, '\t', options, cb);
        break;
      case Format::html:
        read_html(path, cb);
        break;
      case Format::warc:
        read_warc(path, cb);
        break;
    }
  } catch (const std::exception& e) {
    // An unreadable or truncated file loses only what was not yet read.
    cb.on_issue(IngestIssue{SourceLocation{path, 0}, e.what(), true});
  }
}

}  // namespace rassegna::ingest
