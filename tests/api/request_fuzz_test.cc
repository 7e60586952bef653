// A bounded request fuzzer (issue 15): random and mutated parameters, methods, headers,
// percent-encodings, invalid UTF-8, deep parentheses, long queries and huge page numbers, first
// through Api::handle (thousands of requests, no sockets) and then as raw bytes to a real server.
// Whatever comes in: no crash, no 5xx but 503, no internal error logged, every 4xx a JSON error,
// and a refused parameter is named at the start of the message.
//
// RASSEGNA_FUZZ_SEED=N reproduces a run (the seed is printed with every failure);
// RASSEGNA_FUZZ_REQUESTS=N runs more than the default.
#include <cstdlib>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

#include "searcher/api/params.h"
#include "searcher/api/routes.h"
#include "tests/api/server_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using testing::bundled_db;
using testing::LogSink;
using testing::raw_http;
using testing::raw_status;
using testing::url_encode;

unsigned seed() {
  const char* s = std::getenv("RASSEGNA_FUZZ_SEED");
  return s != nullptr ? static_cast<unsigned>(std::strtoul(s, nullptr, 10)) : std::random_device{}();
}

size_t requests(size_t fallback) {
  const char* s = std::getenv("RASSEGNA_FUZZ_REQUESTS");
  return s != nullptr ? std::strtoul(s, nullptr, 10) : fallback;
}

const std::vector<std::string> kParams = {"q", "company", "lang", "from", "to", "sort", "page", "size", "facets"};

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  size_t below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

  std::string random_bytes(size_t max_len) {
    std::string s(below(max_len + 1), '\0');
    for (char& c : s) c = static_cast<char>(below(256));
    return s;
  }

  // A query built from the syntax's pieces, sometimes broken.
  std::string query() {
    static const std::vector<std::string> pieces = {
        "tiktok", "oracle", "Microsoft", "amministrazione", "città", "CITTA", "l’azienda", "dell'", "po’",
        "\"", "\"la spunta Oracle\"", "(", ")", "()", "OR", "AND", "NOT", "-", "+", "-oracle", "title:",
        "title:\"fuori dai giochi\"", "company:", "company:microsoft", "company:\"gruppo di Redmond\"",
        "company:MSFT", "date:", "date:2020-09", "date:2020-09-01..2020-09-30", "date:..2019", "date:2020-13-45..",
        "date:99999", "lang:", "lang:it", "lang:xx", "*", "!!", "\\", ":", "::", "..", "ﬁ", "🙂", "\u202e", "\t",
        "<script>", "%", "&", "=", "'", "’", "\xc3", "\xff\xfe", "a\x00b", "ǅ", "İ", "ß"};
    std::string q;
    const size_t n = below(12);
    for (size_t i = 0; i < n; ++i) {
      if (!q.empty() && chance(70)) q += ' ';
      q += pick(pieces);
    }
    switch (below(12)) {
      case 0: {  // very deep parentheses (past the parser's nesting limit, within the byte limit)
        const size_t depth = 1 + below(1500);
        q = std::string(depth, '(') + "tiktok" + std::string(chance(80) ? depth : below(depth), ')');
        break;
      }
      case 1: {  // many terms: past the word limit, sometimes past the byte limit
        const size_t words = 100 + below(20000);
        q.clear();
        for (size_t i = 0; i < words; ++i) q += (i ? " " : "") + std::string(1, static_cast<char>('a' + below(26)));
        break;
      }
      case 2:
        q = std::string(below(30), 'N') + "OT " + std::string(below(200), '-') + "x";
        break;
      case 3:
        q = random_bytes(64);
        break;
      default:
        break;
    }
    return q;
  }

  std::string value(const std::string& param) {
    static const std::vector<std::string> numbers = {
        "0", "1", "2", "10", "100", "101", "-1", "+1", " 1", "1 ", "1.5", "1e3", "0x10", "", "00001", "９",
        "1000", "10001", "99999999999999999999", "18446744073709551615", "18446744073709551616", "NaN", "true"};
    static const std::vector<std::string> dates = {"2020", "2020-09", "2020-09-01", "2020-9-1", "2020-02-30", "0000",
                                                   "9999-12-31", "2020-09-01T00:00", "..", "yesterday", "", "-2020"};
    switch (below(5)) {
      case 0:
        return random_bytes(40);
      case 1:
        return pick(numbers);
      default:
        break;
    }
    if (param == "q") return query();
    if (param == "from" || param == "to") return pick(dates);
    if (param == "page" || param == "size") return pick(numbers);
    if (param == "lang") return pick(std::vector<std::string>{"it", "en", "", "IT", "fr", "it,en", "english"});
    if (param == "sort") return pick(std::vector<std::string>{"relevance", "date", "", "DATE", "random"});
    if (param == "facets") return pick(std::vector<std::string>{"1", "0", "true", "false", "", "yes"});
    if (param == "company") return pick(std::vector<std::string>{"Oracle", "gruppo di Redmond", "MSFT.O", "", "x"});
    return query();
  }

  Params params() {
    Params p;
    const size_t n = below(7);
    for (size_t i = 0; i < n; ++i) {
      std::string name = chance(90) ? pick(kParams) : random_bytes(8);
      p.emplace(name, value(name));
    }
    if (chance(10)) {  // a long list of company values
      for (size_t i = 0, m = below(60); i < m; ++i) p.emplace("company", value("company"));
    }
    return p;
  }

  std::string path() {
    static const std::vector<std::string> paths = {
        "/api/search", "/api/search", "/api/search", "/api/search", "/api/health", "/api/stats", "/api/openapi.json",
        "/api/articles/reuters-1", "/api/articles/", "/api/articles/%00", "/api", "/api/", "/api/x", "/",
        "/api/search/", "/API/search", "/api//search", "/api/articles/../search"};
    std::string p = pick(paths);
    if (chance(5)) p += random_bytes(10);
    return p;
  }

 private:
  std::mt19937 rng_;
};

bool sent_param(const Params& params, const std::string& name) { return params.find(name) != params.end(); }

// The checks every answer gets; `where` describes the request for the failure message.
void check_answer(int status, const std::string& content_type, const std::string& body, const Params& params,
                  const std::string& where) {
  ASSERT_TRUE(status < 500 || status == 503) << where << " -> " << status << " " << body;
  ASSERT_EQ(content_type, "application/json; charset=utf-8") << where;
  const json j = json::parse(body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << where << " -> not JSON: " << body.substr(0, 300);
  if (status < 400) return;
  ASSERT_TRUE(j.contains("error") && j["error"]["code"].is_string() && j["error"]["message"].is_string())
      << where << " -> " << body;
  const std::string message = j["error"]["message"];
  ASSERT_FALSE(message.empty()) << where;
  if (status == 400) {
    ASSERT_EQ(j["error"]["code"], "invalid_argument") << where << " -> " << body;
    const std::string named = message.substr(0, message.find(':'));
    ASSERT_NE(message.find(':'), std::string::npos) << where << " -> no parameter named: " << message;
    ASSERT_TRUE(sent_param(params, named)) << where << " -> names '" << named << "', which was not sent: " << message;
  }
}

std::string describe(const std::string& method, const std::string& path, const Params& params, unsigned s) {
  std::string out = "seed " + std::to_string(s) + ": " + method + " " + path + "?";
  for (const auto& [k, v] : params) out += url_encode(k) + "=" + url_encode(v.substr(0, 200)) + "&";
  return out;
}

TEST(RequestFuzz, ApiAnswersEveryRandomRequestCleanly) {
  const unsigned s = seed();
  SCOPED_TRACE("RASSEGNA_FUZZ_SEED=" + std::to_string(s));
  std::vector<std::string> internal_errors;
  Api api({bundled_db(), 2, {}, std::chrono::milliseconds(5000),
           [&](const std::string& m) { internal_errors.push_back(m); }});
  Generator g(s);
  const std::vector<std::string> methods = {"GET", "GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
                                            "OPTIONS", "TRACE", "get", ""};
  size_t ok = 0;
  size_t refused = 0;
  const size_t n = requests(3000);
  for (size_t i = 0; i < n; ++i) {
    ApiRequest r;
    r.method = g.pick(methods);
    r.path = g.path();
    r.params = g.params();
    const ApiResponse res = api.handle(r);
    check_answer(res.status, res.content_type, res.body, r.params, describe(r.method, r.path, r.params, s));
    if (HasFatalFailure()) return;
    (res.status == 200 ? ok : refused) += 1;
  }
  EXPECT_TRUE(internal_errors.empty()) << internal_errors.front();
  // The generator reaches both sides: real searches and refusals.
  EXPECT_GT(ok, n / 20);
  EXPECT_GT(refused, n / 20);
}

TEST(RequestFuzz, ServerAnswersRandomRawRequestsCleanly) {
  const unsigned s = seed();
  SCOPED_TRACE("RASSEGNA_FUZZ_SEED=" + std::to_string(s));
  LogSink log;
  ServerOptions o = testing::server_options(bundled_db(), log);
  o.request_timeout = std::chrono::seconds(2);
  HttpServer server(o);
  const int port = server.start();
  Generator g(s);
  const std::vector<std::string> methods = {"GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
                                            "TRACE", "CONNECT", "PATCH", "BREW", "get", "G\x01T", ""};
  const std::vector<std::string> headers = {
      "Host: x\r\n", "Connection: close\r\n", "Content-Length: 5\r\n\r\nhello", "Content-Length: -1\r\n",
      "Content-Length: 99999999999999999999\r\n", "Transfer-Encoding: chunked\r\n\r\nzz\r\n", "Range: bytes=5-1\r\n",
      "Range: bytes=0-0,1-1,2-2,3-3\r\n", "Accept-Encoding: gzip, br\r\n", "Expect: 100-continue\r\n",
      "X-Long: " + std::string(9000, 'a') + "\r\n", "Bad Header\r\n", ": empty\r\n", "Host: \xff\xfe\r\n",
      "Cookie: " + std::string(500, ';') + "\r\n", "Origin: http://evil\r\n"};
  const size_t n = requests(3000) / 10;
  for (size_t i = 0; i < n; ++i) {
    const std::string method = g.pick(methods);
    const std::string path = g.path();
    const Params params = g.params();
    std::string target = path;
    if (!params.empty()) target += "?";
    for (const auto& [k, v] : params) {
      // Mostly proper percent-encoding; sometimes raw bytes, broken escapes or '+' for spaces.
      std::string ev = g.chance(80) ? url_encode(v) : v;
      if (g.chance(5)) ev += g.pick(std::vector<std::string>{"%", "%Z", "%0", "%%41", "+", "%2"});
      target += url_encode(k) + "=" + ev + "&";
    }
    std::string request = method + " " + target + " HTTP/1.1\r\n";
    if (g.chance(5)) request = g.random_bytes(200) + "\r\n";
    std::string extra;
    for (size_t h = 0, m = g.below(4); h < m; ++h) extra += g.pick(headers);
    const bool has_body = extra.find("\r\n\r\n") != std::string::npos;
    request += "Host: x\r\nConnection: close\r\n" + extra + (has_body ? "" : "\r\n");
    const std::string answer = raw_http(port, request, 5000);
    const std::string where = "seed " + std::to_string(s) + ": raw request " + testing::url_encode(request.substr(0, 600));
    const int status = raw_status(answer);
    if (status < 0) continue;  // the server hung up on something that was not HTTP, or timed out on it
    ASSERT_TRUE(status < 500 || status == 503) << where << " -> " << answer.substr(0, 400);
    if (status < 400 || method == "HEAD") continue;
    const size_t head_end = answer.find("\r\n\r\n");
    ASSERT_NE(head_end, std::string::npos) << where;
    if (answer.substr(0, head_end).find("Content-Encoding:") != std::string::npos) continue;  // gzip or br, as asked
    const json j = json::parse(answer.substr(head_end + 4), nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << where << " -> " << answer.substr(0, 300) << " ... " << answer.substr(head_end);
    ASSERT_TRUE(j["error"]["message"].is_string()) << where << " -> " << answer.substr(0, 400);
  }
  for (const auto& line : log.lines()) EXPECT_EQ(line.rfind("error:", 0), std::string::npos) << line;
  EXPECT_EQ(raw_status(raw_http(port, "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 200);
}

}  // namespace
}  // namespace rassegna::api
