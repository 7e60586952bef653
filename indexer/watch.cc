#include "indexer/watch.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rassegna/dates.h>
#include <rassegna/error.h>

#include "indexer/collection_writer.h"
#include "indexer/document_builder.h"
#include "indexer/entities/company_tagger.h"
#include "indexer/read_stage.h"
#include "indexer/worker.h"

namespace rassegna {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Built articles waiting for the writing thread; reading waits when it is this far ahead.
constexpr size_t kQueuedSteps = 512;

// The signal handler's only business: note the stop and wake the poll loop through a pipe.
volatile std::sig_atomic_t g_stop = 0;
int g_wake_fd = -1;

extern "C" void on_stop_signal(int) {
  g_stop = 1;
  if (g_wake_fd >= 0) {
    const char c = 1;
    [[maybe_unused]] ssize_t n = ::write(g_wake_fd, &c, 1);
  }
}

class StopSignals {
 public:
  StopSignals() {
    if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
      throw Error(ErrorCode::io_error, std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    g_stop = 0;
    g_wake_fd = pipe_[1];
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    g_wake_fd = -1;
    ::close(pipe_[0]);
    ::close(pipe_[1]);
  }
  int fd() const { return pipe_[0]; }
  bool stopped() const { return g_stop != 0; }

 private:
  int pipe_[2] = {-1, -1};
  struct sigaction old_int_ {}, old_term_ {};
};

class Inotify {
 public:
  explicit Inotify(const std::string& folder) : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (fd_ < 0) throw Error(ErrorCode::io_error, std::string("cannot start inotify: ") + std::strerror(errno));
    if (inotify_add_watch(fd_, folder.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_ONLYDIR) < 0) {
      const int e = errno;
      ::close(fd_);
      throw Error(ErrorCode::invalid_argument, "--watch",
                  "cannot watch '" + folder + "': " + std::strerror(e) + (e == ENOTDIR ? " (give a folder)" : ""));
    }
  }
  ~Inotify() { ::close(fd_); }
  int fd() const { return fd_; }

  // Names of the files completed since the last call (in order, repeats kept).
  std::vector<std::string> completed() {
    std::vector<std::string> names;
    alignas(struct inotify_event) char buf[64 * 1024];
    for (;;) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (ssize_t at = 0; at < n;) {
        const auto* e = reinterpret_cast<const struct inotify_event*>(buf + at);
        if (e->len > 0 && (e->mask & IN_ISDIR) == 0) names.emplace_back(e->name);
        at += static_cast<ssize_t>(sizeof(struct inotify_event) + e->len);
      }
    }
    return names;
  }

 private:
  int fd_;
};

bool ignored(const std::string& name) {
  auto ends_with = [&](std::string_view s) { return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0; };
  return name.empty() || name[0] == '.' || ends_with("~") || ends_with(".tmp") || ends_with(".part") ||
         ends_with(".swp");
}

struct FileStamp {
  int64_t inode = 0, size = 0, mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

std::optional<FileStamp> stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileStamp{static_cast<int64_t>(st.st_ino), static_cast<int64_t>(st.st_size),
                   static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

}  // namespace

IndexStats watch_folder(const WatchOptions& options) {
  const auto start = Clock::now();
  StopSignals signals;
  Inotify inotify(options.folder);  // before the first scan: files arriving during it are seen
  CollectionWriter writer(options.db_path, options.partition, options.writer, options.metadata);
  DocumentBuilder builder;
  IndexStats total;  // the writing thread's until the end
  std::map<std::string, FileStamp> done;  // by file name: the version indexed
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };

  // Two stages, as in the bulk loader: this thread reads, tags and analyses the next articles
  // while a writing thread adds the last ones to Xapian and commits. Commits happen on the
  // writing thread only; this one asks for them through the queue.
  struct Step {
    enum Kind { article, file_done, commit_if_due, commit, say } kind = article;
    std::string id, day;  // article: its id and day (the partition)
    Xapian::Document doc;
    std::string path;     // file_done: the file, and what reading it found; say: the line to log
    IndexStats read;
  };
  std::atomic<uint64_t> pushed{0}, committed{0};  // articles handed to the writing thread; in a commit
  uint64_t written = 0;                            // (the writing thread's) articles written
  std::atomic<int64_t> last_commit_ns{Clock::now().time_since_epoch().count()};
  WriteCounts file_counts;  // of the file being written
  auto commit = [&] {
    if (written == committed) return;
    const auto start = Clock::now();
    writer.commit();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    log("committed " + std::to_string(written - committed) + " changes in " + std::to_string(ms) + " ms");
    committed = written;
    last_commit_ns = Clock::now().time_since_epoch().count();
  };
  auto last_commit = [&] { return Clock::time_point(Clock::duration(last_commit_ns.load())); };
  // A backlog (many files at start, a burst, one big file) must not hold new articles back from
  // searchers: a commit falls due between articles too, not only when the folder is quiet.
  auto commit_if_due = [&] {
    if (written > committed && Clock::now() - last_commit() >= options.commit_interval) commit();
  };
  Worker<Step> write(kQueuedSteps, [&](Step& step) {
    switch (step.kind) {
      case Step::article:
        file_counts.count(writer.put(step.id, step.day, step.doc));
        ++written;
        commit_if_due();
        break;
      case Step::file_done:
        total.files += step.read.files;
        total.records += step.read.records;
        total.skipped += step.read.skipped;
        total.repaired += step.read.repaired;
        total.bytes += step.read.bytes;
        total.added += file_counts.added;
        total.replaced += file_counts.replaced;
        log(step.path + ": " + std::to_string(file_counts.added) + " added, " + std::to_string(file_counts.replaced) +
            " replaced" + (step.read.skipped > 0 ? ", " + std::to_string(step.read.skipped) + " skipped" : ""));
        file_counts = WriteCounts{};
        break;
      case Step::commit_if_due:
        commit_if_due();
        break;
      case Step::commit:
        commit();
        break;
      case Step::say:  // in order with the writing thread's lines
        log(step.path);
        break;
    }
  });
  auto ask = [&](Step::Kind kind) {
    Step step;
    step.kind = kind;
    write.push(std::move(step));
  };

  auto index_file = [&](const std::string& name) {
    if (ignored(name)) return;
    const std::string path = (fs::path(options.folder) / name).string();
    const std::optional<FileStamp> stamp = stamp_of(path);
    if (!stamp) return;  // gone already, or not a regular file
    if (auto it = done.find(name); it != done.end() && it->second == *stamp) return;  // this version is in
    ReadStageOptions read;
    read.inputs = {path};
    read.reader = options.reader;
    read.on_issue = options.on_issue;
    Step finished;
    finished.kind = Step::file_done;
    finished.path = path;
    read_inputs(
        read,
        [&](Article&& a) {
          a.companies = entities::companies_of(options.tagger, a);
          Step step;
          step.doc = builder.build(a);
          const std::optional<Date> date = parse_article_date(a.date);
          step.day = date ? date->day_key() : std::string();
          step.id = std::move(a.id);
          write.push(std::move(step));
          ++pushed;
        },
        finished.read);
    done[name] = *stamp;
    write.push(std::move(finished));
  };

  // What is there already, in name order.
  std::vector<std::string> present;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(options.folder, ec)) {
    if (entry.is_regular_file(ec)) present.push_back(entry.path().filename().string());
  }
  if (ec) throw Error(ErrorCode::io_error, "cannot list '" + options.folder + "': " + ec.message());
  std::sort(present.begin(), present.end());
  for (const auto& name : present) {
    if (signals.stopped()) break;
    index_file(name);
  }
  ask(Step::commit);
  {
    Step step;
    step.kind = Step::say;
    step.path = "watching " + options.folder + " (commits at most every " +
                std::to_string(options.commit_interval.count() / 1000.0).substr(0, 4) + " s; Ctrl-C stops)";
    write.push(std::move(step));
  }

  while (!signals.stopped()) {
    int timeout = -1;  // nothing to commit: wait for a file or a signal
    if (pushed > committed) {
      // Wake when the commit falls due. Past it, the writing thread is still busy (it commits
      // between articles itself) or has just gone idle: look again shortly.
      const auto due = last_commit() + options.commit_interval;
      const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now()).count();
      timeout = ms >= 0 ? static_cast<int>(ms + 1) : 100;
    }
    struct pollfd fds[2] = {{inotify.fd(), POLLIN, 0}, {signals.fd(), POLLIN, 0}};
    const int ready = ::poll(fds, 2, timeout);
    if (ready < 0 && errno != EINTR) throw Error(ErrorCode::io_error, std::string("poll: ") + std::strerror(errno));
    if (signals.stopped()) break;
    if (ready > 0 && (fds[0].revents & POLLIN) != 0) {
      for (const auto& name : inotify.completed()) index_file(name);
    }
    ask(Step::commit_if_due);
  }
  // Files completed before the signal are in the final commit.
  for (const auto& name : inotify.completed()) index_file(name);
  ask(Step::commit);
  write.finish();
  writer.close();
  log("stopped after a final commit");
  total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return total;
}

}  // namespace rassegna
