// Crashes mid-write (issue 15): rassegna-index is killed with SIGKILL at random moments of an
// incremental run into an existing database. Each time the database must open, hold the base
// plus a whole number of batches (what the last commit had: the writer commits every --batch
// articles), pass xapian-check, and a rerun must complete with every id once. And a disk that
// fills up mid-run (a small tmpfs, when the test may mount one) gives a clear error and a
// database that still holds its last commit.
//
// RASSEGNA_CRASH_RUNS=N sets the number of kills (default 3; docs/reliability.md reports 20).
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <random>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/mount.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>
#include <xapian.h>

#include "tests/common/test_support.h"

extern char** environ;

namespace rassegna {
namespace {

using testing::source_path;
using testing::TempDir;
using Clock = std::chrono::steady_clock;

constexpr size_t kBatch = 20;

// Starts a program with its output going to `log`; returns its pid.
pid_t spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run(const std::vector<std::string>& args, const std::string& log) { return wait_exit(spawn(args, log)); }

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string indexer() { return std::string(RASSEGNA_BUILD_DIR) + "/rassegna-index"; }

std::vector<std::string> index_args(const std::string& db, const std::string& input) {
  return {indexer(), "--db", db, "--batch", std::to_string(kBatch), "--threads", "1", "-q", input};
}

// The first 240 articles of the bundled sample again under new ids: an incremental run adds
// each of them (12 batches).
std::string write_incremental_input(const std::string& path, size_t& articles) {
  std::ifstream in(source_path(testing::kSampleJsonl));
  std::ofstream out(path);
  std::string line;
  articles = 0;
  while (articles < 240 && std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("id")) continue;
    j["id"] = j["id"].get<std::string>() + "-again";
    out << j.dump() << '\n';
    ++articles;
  }
  return path;
}

void copy_db(const std::string& from, const std::string& to) {
  ASSERT_EQ(std::system(("rm -rf '" + to + "' && cp -a '" + from + "' '" + to + "'").c_str()), 0);
}

struct DbState {
  Xapian::doccount docs = 0;
  size_t ids = 0;         // unique-id terms
  size_t duplicates = 0;  // ids held by more than one document
};

// Opens the database as a searcher would and counts its documents and ids.
DbState inspect(const std::string& db) {
  DbState s;
  Xapian::Database d(db);
  s.docs = d.get_doccount();
  for (auto t = d.allterms_begin("Q"); t != d.allterms_end("Q"); ++t) {
    ++s.ids;
    if (t.get_termfreq() != 1) ++s.duplicates;
  }
  return s;
}

bool xapian_check(const std::string& db, const std::string& log) { return run({"xapian-check", db}, log) == 0; }

class CrashMidWrite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    base_ = dir_->file("base.db");
    input_ = write_incremental_input(dir_->file("again.jsonl"), articles_);
    ASSERT_EQ(run({indexer(), "--db", base_, "-q", source_path("corpus")}, dir_->file("base.log")), 0)
        << read_all(dir_->file("base.log"));
    base_docs_ = inspect(base_).docs;
  }
  static void TearDownTestSuite() { delete dir_; }

  static TempDir* dir_;
  static std::string base_;
  static std::string input_;
  static size_t articles_;
  static Xapian::doccount base_docs_;
};
TempDir* CrashMidWrite::dir_ = nullptr;
std::string CrashMidWrite::base_;
std::string CrashMidWrite::input_;
size_t CrashMidWrite::articles_ = 0;
Xapian::doccount CrashMidWrite::base_docs_ = 0;

TEST_F(CrashMidWrite, KilledIncrementalRunsLeaveTheLastCommit) {
  ASSERT_GT(base_docs_, 500u);
  ASSERT_GT(articles_, 10 * kBatch);
  const std::string db = dir_->file("crash.db");
  const std::string log = dir_->file("crash.log");

  // How long an undisturbed incremental run takes here, to spread the kills over it.
  copy_db(base_, db);
  const auto start = Clock::now();
  ASSERT_EQ(run(index_args(db, input_), log), 0) << read_all(log);
  const auto full = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  ASSERT_EQ(inspect(db).docs, base_docs_ + articles_);

  const char* env = std::getenv("RASSEGNA_CRASH_RUNS");
  const int runs = env != nullptr ? std::atoi(env) : 3;
  const unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<long> when(0, full.count());
  size_t mid_run = 0;  // kills that left some but not all of the new batches
  for (int i = 0; i < runs; ++i) {
    SCOPED_TRACE("kill " + std::to_string(i) + " (seed " + std::to_string(seed) + ")");
    copy_db(base_, db);
    const long after_ms = when(rng);
    const pid_t pid = spawn(index_args(db, input_), log);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms));
    kill(pid, SIGKILL);
    wait_exit(pid);

    const DbState s = inspect(db);
    ASSERT_GE(s.docs, base_docs_);
    const size_t added = s.docs - base_docs_;
    EXPECT_TRUE(added % kBatch == 0 || added == articles_)
        << "killed after " << after_ms << " ms: " << added << " new articles, not a whole number of batches of "
        << kBatch;
    EXPECT_EQ(s.ids, s.docs);
    EXPECT_EQ(s.duplicates, 0u);
    EXPECT_TRUE(xapian_check(db, log)) << read_all(log);
    if (added > 0 && added < articles_) ++mid_run;

    // The rerun completes what the killed one began, with every id once.
    ASSERT_EQ(run(index_args(db, input_), log), 0) << read_all(log);
    const DbState after = inspect(db);
    EXPECT_EQ(after.docs, base_docs_ + articles_);
    EXPECT_EQ(after.ids, after.docs);
    EXPECT_EQ(after.duplicates, 0u);
    EXPECT_TRUE(xapian_check(db, log)) << read_all(log);
  }
  std::cout << "[ crash ] " << runs << " kills over a " << full.count() << " ms run: " << mid_run
            << " left part of the new batches; all consistent\n";
}

TEST_F(CrashMidWrite, AFullDiskGivesAClearErrorAndKeepsTheLastCommit) {
  TempDir mount_point;
  // Room for the base database and a little more: the incremental run fills it up.
  uintmax_t base_bytes = 0;
  for (const auto& f : std::filesystem::directory_iterator(base_)) base_bytes += std::filesystem::file_size(f);
  const std::string options = "size=" + std::to_string(base_bytes + 1536 * 1024);
  if (mount("rassegna-test", mount_point.path().c_str(), "tmpfs", 0, options.c_str()) != 0) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (" << std::strerror(errno)
                 << "); run as root to test a full disk";
  }
  struct Unmount {
    std::string path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{mount_point.path()};

  const std::string db = mount_point.file("full.db");
  copy_db(base_, db);
  const std::string log = dir_->file("full.log");
  // Under AddressSanitizer: libxapian loses 112 bytes it allocates inside
  // WritableDatabase::commit() when writing a block fails (ENOSPC), as the exception unwinds
  // inside the library. LeakSanitizer's fast unwinder stops at libxapian's first frame (it has no
  // frame pointers); the full unwinder, for this one run, lets tests/sanitizers/lsan.supp name
  // that function instead of suppressing all of libxapian.
  // (print_suppressions=0: LSan would otherwise add its table of suppressions to the message.)
  struct EnvAppend {
    const char* name;
    std::string before;
    bool had = false;
    EnvAppend(const char* n, const std::string& more) : name(n) {
      if (const char* v = std::getenv(name)) {
        before = v;
        had = true;
        setenv(name, (before + ":" + more).c_str(), 1);
      }
    }
    ~EnvAppend() {
      if (had) setenv(name, before.c_str(), 1);
    }
  };
  int rc = 0;
  {
    EnvAppend full_stacks("ASAN_OPTIONS", "fast_unwind_on_malloc=0");
    EnvAppend quiet("LSAN_OPTIONS", "print_suppressions=0");
    rc = run(index_args(db, input_), log);
  }
  const std::string message = read_all(log);
  ASSERT_NE(rc, 0) << "the run did not fill the disk: " << message;
  EXPECT_NE(message.find("rassegna-index:"), std::string::npos) << message;
  EXPECT_NE(message.find("No space left on device"), std::string::npos) << message;
  EXPECT_NE(message.find("is full; the database keeps its last commit"), std::string::npos) << message;
  EXPECT_LT(std::count(message.begin(), message.end(), '\n'), 5) << "more than a clear error: " << message;

  const DbState s = inspect(db);
  const size_t added = s.docs - base_docs_;
  EXPECT_GE(s.docs, base_docs_);
  EXPECT_EQ(added % kBatch, 0u) << added;
  EXPECT_LT(added, articles_);
  EXPECT_EQ(s.duplicates, 0u);
  EXPECT_TRUE(xapian_check(db, dir_->file("check.log"))) << read_all(dir_->file("check.log"));
  std::cout << "[ full disk ] " << added << " of " << articles_ << " new articles committed before: "
            << message.substr(0, message.find('\n')) << "\n";
}

}  // namespace
}  // namespace rassegna
