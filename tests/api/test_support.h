#pragma once
// Shared by the API tests: temporary folders, databases built from the bundled corpus with the
// real indexer, a server on a free port, and raw HTTP for requests a polite client never sends.

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/index_writer.h"
#include "searcher/api/http_server.h"
#include "temp_dir.h"

namespace rassegna::test {

using TempDir = test_common::TempDir;

std::string corpus_dir();              // <checkout>/corpus
std::string seed_article_path();       // corpus/000_2554df1404ea1ded.txt
std::string sample_jsonl_path();       // corpus/sample-mixed.jsonl
inline constexpr const char* kSeedId = "000_2554df1404ea1ded";
inline constexpr size_t kCorpusArticles = 583;

// Indexes `inputs` into `db_path` as rassegna-index does (companies tagged with the bundled
// gazetteer, which is also stored in the database). Returns the articles added or replaced.
size_t index_into(const std::string& db_path, const std::vector<std::string>& inputs, IndexWriterOptions writer = {});

// The whole bundled corpus, indexed once per test process (read-only for the tests).
const std::string& corpus_db();

// Writes `lines` (one JSON article each) to `path`.
void write_jsonl(const std::string& path, const std::vector<nlohmann::json>& articles);

// Collects log lines from a server (thread-safe).
class LogSink {
 public:
  void add(const std::string& line);
  std::vector<std::string> lines() const;
  bool contains(const std::string& text) const;
  std::function<void(const std::string&)> sink();

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// Options for a server under test: `db`, a free port, 2 workers, log lines into `log`, and
// 1 s timeouts (stop() waits for idle keep-alive connections that long).
api::ServerOptions server_options(const std::string& db, LogSink& log);

// Sends `bytes` as they are on a new connection to 127.0.0.1:port and returns everything the
// server answers until it closes the connection (or `timeout_ms` passes).
std::string raw_http(int port, const std::string& bytes, int timeout_ms = 3000);

// Sends `bytes` on a new connection and resets it (RST) at once, before any answer is read.
void hang_up_after_sending(int port, const std::string& bytes);

// The status code of a raw HTTP response ("HTTP/1.1 400 ..." -> 400), or -1.
int raw_status(const std::string& response);
// The body of a raw HTTP response (after the blank line).
std::string raw_body(const std::string& response);

// Percent-encodes every byte that is not unreserved (for building query strings by hand).
std::string url_encode(const std::string& s);

}  // namespace rassegna::test
