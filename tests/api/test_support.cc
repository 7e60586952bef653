#include "test_support.h"

#include <arpa/inet.h>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include <rassegna/gazetteer.h>
#include <rassegna/schema.h>

#include "indexer/entities/company_tagger.h"
#include "indexer/indexing_run.h"

namespace rassegna::test {
namespace fs = std::filesystem;

std::string corpus_dir() { return std::string(RASSEGNA_SOURCE_DIR) + "/corpus"; }
std::string seed_article_path() { return corpus_dir() + "/000_2554df1404ea1ded.txt"; }
std::string sample_jsonl_path() { return corpus_dir() + "/sample-mixed.jsonl"; }

size_t index_into(const std::string& db_path, const std::vector<std::string>& inputs, IndexWriterOptions writer) {
  const std::string gazetteer_path = corpus_dir() + "/companies.tsv";
  static const entities::Gazetteer gazetteer = entities::Gazetteer::load(gazetteer_path);
  static const entities::CompanyTagger tagger(gazetteer);
  std::ifstream in(gazetteer_path);
  std::ostringstream text;
  text << in.rdbuf();

  IndexRunOptions options;
  options.db_path = db_path;
  options.inputs = inputs;
  options.writer = writer;
  options.tagger = &tagger;
  options.metadata = {{std::string(schema::kGazetteerMetadataKey), text.str()}};
  IndexStats stats = run_indexing(options);
  return stats.added + stats.replaced;
}

const std::string& corpus_db() {
  static TempDir dir;
  static const std::string path = [] {
    std::string p = dir / "corpus-db";
    index_into(p, {corpus_dir()});
    return p;
  }();
  return path;
}

void write_jsonl(const std::string& path, const std::vector<nlohmann::json>& articles) {
  std::ofstream out(path);
  for (const auto& a : articles) out << a.dump() << '\n';
}

void LogSink::add(const std::string& line) {
  std::lock_guard lock(mutex_);
  lines_.push_back(line);
}

std::vector<std::string> LogSink::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

bool LogSink::contains(const std::string& text) const {
  std::lock_guard lock(mutex_);
  for (const auto& l : lines_) {
    if (l.find(text) != std::string::npos) return true;
  }
  return false;
}

std::function<void(const std::string&)> LogSink::sink() {
  return [this](const std::string& line) { add(line); };
}

api::ServerOptions server_options(const std::string& db, LogSink& log) {
  api::ServerOptions o;
  o.db_path = db;
  o.port = 0;
  o.threads = 2;
  o.log = log.sink();
  o.read_timeout = std::chrono::seconds(1);
  o.write_timeout = std::chrono::seconds(1);
  o.keep_alive_timeout = std::chrono::seconds(1);
  return o;
}

namespace {
// A TCP connection to 127.0.0.1:port, or -1 when nothing listens there.
int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}
}  // namespace

std::string raw_http(int port, const std::string& bytes, int timeout_ms) {
  int fd = connect_loopback(port);
  if (fd < 0) return {};
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may hang up early on a request it refuses
    sent += static_cast<size_t>(n);
  }
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

void hang_up_after_sending(int port, const std::string& bytes) {
  int fd = connect_loopback(port);
  if (fd < 0) return;
  send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  linger reset{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  close(fd);
}

int raw_status(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return -1;
  return std::atoi(response.substr(9, 3).c_str());
}

std::string raw_body(const std::string& response) {
  size_t pos = response.find("\r\n\r\n");
  return pos == std::string::npos ? std::string() : response.substr(pos + 4);
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

}  // namespace rassegna::test
