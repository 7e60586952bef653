#include "indexer/ingest/reader.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <zlib.h>

namespace rassegna {
std::string SourceLocation::to_string() const {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}
}  // namespace rassegna

namespace rassegna::ingest {
namespace fs = std::filesystem;
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

enum class Format { jsonl, jsonl_gz, text, unknown };

Format format_of(const std::string& path) {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ends_with(lower, ".jsonl.gz") || ends_with(lower, ".ndjson.gz")) return Format::jsonl_gz;
  if (ends_with(lower, ".jsonl") || ends_with(lower, ".ndjson")) return Format::jsonl;
  if (ends_with(lower, ".txt")) return Format::text;
  return Format::unknown;
}

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

  bool next(std::string& line) {
    if (!gzip_) return static_cast<bool>(std::getline(in_, line));
    line.clear();
    while (true) {
      if (pos_ < len_) {
        const char* start = buf_.get() + pos_;
        const char* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
        if (nl != nullptr) {
          line.append(start, static_cast<size_t>(nl - start));
          pos_ += static_cast<size_t>(nl - start) + 1;
          return true;
        }
        line.append(start, len_ - pos_);
        pos_ = len_;
      }
      int n = gzread(gz_, buf_.get(), kBufSize);
      if (n < 0) {
        int err;
        const char* msg = gzerror(gz_, &err);
        throw std::runtime_error(std::string("gzip error: ") + msg);
      }
      if (n == 0) return !line.empty();
      pos_ = 0;
      len_ = static_cast<size_t>(n);
    }
  }

  uint64_t consumed() {
    if (gzip_) return static_cast<uint64_t>(gzoffset(gz_));
    auto p = in_.tellg();
    return p < 0 ? 0 : static_cast<uint64_t>(p);
  }

 private:
  static constexpr unsigned kBufSize = 1 << 17;
  bool gzip_;
  gzFile gz_ = nullptr;
  std::ifstream in_;
  std::unique_ptr<char[]> buf_{new char[kBufSize]};
  size_t pos_ = 0, len_ = 0;
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
  while (source.next(line)) {
    ++line_no;
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

std::string id_from_path(const std::string& path) {
  fs::path p(path);
  return p.stem().string();
}

void read_text(const std::string& path, const ReadCallbacks& cb) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open: " + std::string(std::strerror(errno)));
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  SourceLocation where{path, 0};
  if (looks_binary(std::string_view(text).substr(0, 8192))) {
    cb.on_issue(IngestIssue{where, "binary file, not text; skipped", true});
  } else if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    cb.on_issue(IngestIssue{where, "empty file: no article", true});
  } else {
    std::vector<std::string> repairs;
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

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       const std::function<void(const IngestIssue&)>& on_issue) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && format_of(it->path().string()) != Format::unknown) {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      if (format_of(path) == Format::unknown) {
        on_issue(IngestIssue{SourceLocation{path, 0},
                             "unknown file type; expected .jsonl, .jsonl.gz or .txt; file skipped", true});
      } else {
        files.push_back(path);
      }
    } else {
      on_issue(IngestIssue{SourceLocation{path, 0}, "no such file or folder", true});
    }
  }
  return files;
}

void read_file(const std::string& path, const ReadCallbacks& cb) {
  try {
    switch (format_of(path)) {
      case Format::jsonl:
        read_jsonl(path, false, cb);
        break;
      case Format::jsonl_gz:
        read_jsonl(path, true, cb);
        break;
      case Format::text:
        read_text(path, cb);
        break;
      case Format::unknown:
        cb.on_issue(IngestIssue{SourceLocation{path, 0}, "unknown file type; file skipped", true});
        break;
    }
  } catch (const std::exception& e) {
    // An unreadable or truncated file loses only what was not yet read.
    cb.on_issue(IngestIssue{SourceLocation{path, 0}, e.what(), true});
  }
}

}  // namespace rassegna::ingest
