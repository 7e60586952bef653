#include <rassegna/collection.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <sys/resource.h>
#include <fcntl.h>
#include <unistd.h>

#include <rassegna/error.h>

namespace rassegna::collection {
namespace fs = std::filesystem;

std::optional<Granularity> parse_granularity(std::string_view text) {
  if (text == "month") return Granularity::month;
  if (text == "year") return Granularity::year;
  return std::nullopt;
}

std::string_view granularity_name(Granularity g) { return g == Granularity::month ? "month" : "year"; }

std::string partition_of(std::string_view day_key, Granularity g) {
  if (day_key.size() != 8) return std::string(kUndated);
  std::string out(day_key.substr(0, 4));
  if (g == Granularity::month) {
    out += '-';
    out += day_key.substr(4, 2);
  }
  return out;
}

std::optional<Granularity> recorded_granularity(const std::string& path) {
  const fs::path file = fs::path(path) / kCollectionFile;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key, value;
    words >> key >> value;
    if (key == "partition") {
      if (auto g = parse_granularity(value)) return g;
      throw Error(ErrorCode::unavailable, file.string() + ": unknown partitioning '" + value + "' (month or year)");
    }
  }
  throw Error(ErrorCode::unavailable, file.string() + ": no 'partition month|year' line");
}

void create(const std::string& path, Granularity g) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw Error(ErrorCode::io_error, "cannot create collection folder '" + path + "': " + ec.message());
  const fs::path file = fs::path(path) / kCollectionFile;
  std::ofstream out(file);
  out << "# Rassegna collection: one Xapian database per period, listed in " << kStubFile << "\n"
      << "partition " << granularity_name(g) << "\n";
  if (!out.flush()) throw Error(ErrorCode::io_error, "cannot write '" + file.string() + "'");
}

std::string stub_of(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    const fs::path stub = fs::path(path) / kStubFile;
    return fs::is_regular_file(stub, ec) ? stub.string() : std::string();
  }
  if (!fs::is_regular_file(path, ec)) return {};
  // A file given as a database is a stub (Xapian's single-file databases are not used here).
  return path;
}

namespace {

std::vector<std::pair<std::string, std::string>> stub_lines(const std::string& stub) {
  std::ifstream in(stub);
  if (!in) throw Error(ErrorCode::unavailable, "cannot read '" + stub + "'");
  std::vector<std::pair<std::string, std::string>> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    lines.emplace_back(line.substr(0, space), space == std::string::npos ? std::string() : line.substr(space + 1));
  }
  return lines;
}

}  // namespace

std::optional<std::vector<std::string>> local_parts(const std::string& stub) {
  std::vector<std::string> out;
  const fs::path dir = fs::path(stub).parent_path();
  try {
    for (const auto& [type, where] : stub_lines(stub)) {
      if (type != "auto" && type != "glass" && type != "chert") return std::nullopt;
      fs::path p(where);
      out.push_back((p.is_absolute() ? p : dir / p).string());
    }
  } catch (const Error&) {
    return std::nullopt;
  }
  return out;
}

std::vector<std::string> partitions(const std::string& path) {
  const fs::path stub = fs::path(path) / kStubFile;
  std::error_code ec;
  if (!fs::exists(stub, ec)) return {};
  std::vector<std::string> names;
  for (const auto& [type, where] : stub_lines(stub.string())) names.push_back(where);
  return names;
}

void write_stub(const std::string& path, std::vector<std::string> names) {
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    const bool aa = parse_archive(a).has_value(), ba = parse_archive(b).has_value();
    if (aa != ba) return aa;
    if (aa) return a < b;
    const Segment sa = *parse_segment(a), sb = *parse_segment(b);
    if ((sa.period == kUndated) != (sb.period == kUndated)) return sb.period == kUndated;
    if (sa.period != sb.period) return sa.period < sb.period;
    return sa.number < sb.number;
  });
  names.erase(std::unique(names.begin(), names.end()), names.end());
  const fs::path stub = fs::path(path) / kStubFile;
  const fs::path tmp = fs::path(path) / (std::string(kStubFile) + ".tmp");
  {
    std::ofstream out(tmp);
    for (const auto& n : names) out << "auto " << n << "\n";
    if (!out.flush()) throw Error(ErrorCode::io_error, "cannot write '" + tmp.string() + "'");
  }
  std::error_code ec;
  fs::rename(tmp, stub, ec);
  if (ec) throw Error(ErrorCode::io_error, "cannot replace '" + stub.string() + "': " + ec.message());
}

FolderLock::FolderLock(const std::string& path, std::string_view file, bool wait) {
  const std::string name = (fs::path(path) / file).string();
  fd_ = ::open(name.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(ErrorCode::io_error, "cannot open '" + name + "' to lock the collection");
  int rc;
  while ((rc = ::flock(fd_, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
  }
  if (rc == 0) {
    held_ = true;
  } else if (wait || errno != EWOULDBLOCK) {
    ::close(fd_);
    throw Error(ErrorCode::io_error, "cannot lock '" + name + "'");
  }
}

FolderLock::~FolderLock() { ::close(fd_); }  // closing releases the lock

std::vector<std::string> update_stub(const std::string& path,
                                     const std::function<void(std::vector<std::string>&)>& change) {
  FolderLock lock(path, kLockFile, true);
  std::vector<std::string> names = partitions(path);
  change(names);
  write_stub(path, names);
  return partitions(path);
}

std::string archive_name(std::string_view last_period, unsigned generation) {
  return std::string(kArchivePrefix) + std::string(last_period) + "." + std::to_string(generation);
}

std::optional<Archive> parse_archive(std::string_view name) {
  if (name.substr(0, kArchivePrefix.size()) != kArchivePrefix) return std::nullopt;
  name.remove_prefix(kArchivePrefix.size());
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return std::nullopt;
  Archive a;
  a.last_period = std::string(name.substr(0, dot));
  for (char c : name.substr(dot + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    a.generation = a.generation * 10 + static_cast<unsigned>(c - '0');
  }
  return a;
}

std::optional<Segment> parse_segment(std::string_view name) {
  if (parse_archive(name)) return std::nullopt;
  Segment s;
  s.period = std::string(name);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return s;
  // "N" or "A-N" (segments A to N merged by --compact), numbers of at most 6 digits.
  const std::string_view tail = name.substr(dot + 1);
  const size_t dash = tail.find('-');
  auto number = [](std::string_view digits, unsigned& out) {
    if (digits.empty() || digits.size() > 6) return false;
    out = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<unsigned>(c - '0');
    }
    return true;
  };
  unsigned first = 0, last = 0;
  if (dash == std::string_view::npos) {
    if (!number(tail, last) || last < 2) return s;
    first = last;
  } else if (!number(tail.substr(0, dash), first) || !number(tail.substr(dash + 1), last) || first < 1 ||
             first >= last) {
    return s;
  }
  s.period = std::string(name.substr(0, dot));
  s.first = first;
  s.number = last;
  return s;
}

std::string segment_name(std::string_view period, unsigned number) {
  std::string out(period);
  if (number > 1) out += "." + std::to_string(number);
  return out;
}

std::string merged_segment_name(std::string_view period, unsigned first, unsigned last) {
  if (first == last) return segment_name(period, last);
  return std::string(period) + "." + std::to_string(first) + "-" + std::to_string(last);
}

std::string period_of(std::string_view name) {
  if (const auto a = parse_archive(name)) return a->last_period;
  return parse_segment(name)->period;
}

std::string route(const std::vector<std::string>& listed, const std::string& period) {
  const bool is_listed = std::find(listed.begin(), listed.end(), period) != listed.end();
  const std::optional<Segment> asked = parse_segment(period);
  if (asked) {
    // The period's segments listed: its newest takes new articles; a segment merged since
    // (not listed any more) went into the merged one whose range ends at or after its number.
    const std::string* newest = nullptr;
    const std::string* holder = nullptr;  // the least number at or above the one asked
    unsigned high = 0, low = 0;
    for (const auto& name : listed) {
      const std::optional<Segment> s = parse_segment(name);
      if (!s || s->period != asked->period) continue;
      if (newest == nullptr || s->number > high) newest = &name, high = s->number;
      if (s->number >= asked->number && (holder == nullptr || s->number < low)) holder = &name, low = s->number;
    }
    const bool segment = asked->number > 1 || asked->first > 1;
    if (segment && is_listed) return period;
    if (!segment && newest != nullptr) return *newest;
    if (segment && holder != nullptr) return *holder;
    if (asked->period == kUndated) return std::string(kUndated);
  } else if (is_listed) {
    return period;  // an archive
  }
  // An archive no longer listed stands for the periods it held.
  const std::optional<Archive> old = parse_archive(period);
  const std::string wanted = old ? old->last_period : asked->period;
  const std::string* best = nullptr;
  unsigned best_generation = 0;
  for (const auto& name : listed) {
    const std::optional<Archive> a = parse_archive(name);
    if (!a || (!old && wanted > a->last_period)) continue;
    if (best == nullptr || a->generation > best_generation) {
      best = &name;
      best_generation = a->generation;
    }
  }
  if (best != nullptr) return *best;
  return old ? period : asked->period;
}

std::string relocate(const std::vector<std::string>& listed, const std::string& name) {
  if (std::find(listed.begin(), listed.end(), name) != listed.end()) return name;
  const std::optional<Segment> gone = parse_segment(name);
  if (gone && gone->number == 1 && gone->first == 1) {
    // The first segment, merged since: into the merged one whose range starts with it, if any
    // (route() of a period name would give its newest segment instead).
    for (const auto& n : listed) {
      const std::optional<Segment> s = parse_segment(n);
      if (s && s->period == gone->period && s->first == 1) return n;
    }
  }
  return route(listed, name);
}

void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace rassegna::collection
