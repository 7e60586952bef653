// The server answers while rassegna-index commits into the same database: no request fails,
// and the new articles become visible without a restart.
#include <atomic>
#include <gtest/gtest.h>
#include <httplib.h>
#include <set>
#include <thread>

#include "tests/api/server_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using testing::index_files;
using testing::kSampleJsonl;
using testing::kSeedArticle;
using testing::source_path;

TEST(LiveIndex, RequestsSucceedWhileTheIndexerCommits) {
  testing::TempDir dir;
  testing::LogSink log;
  const std::string db = dir / "db";
  ASSERT_EQ(index_files(db, {source_path(kSeedArticle)}).stats.added, 1u);

  HttpServer server(testing::server_options(db, log));
  const int port = server.start();

  std::atomic<bool> indexing_done{false}, stop_clients{false};
  std::atomic<int> requests{0};
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  std::mutex totals_mutex;
  std::set<uint64_t> totals_seen;

  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(10);
      const std::vector<std::string> targets = {
          "/api/search?size=5",                                // everything, with facets
          "/api/search?q=the&facets=0&size=20",                // English text, more hits to read
          "/api/search?q=amministrazione&company=Oracle",      // the seed is always there
          "/api/stats",
          std::string("/api/articles/") + testing::kSeedId,
          "/api/search?q=mercato&sort=date&size=50",
      };
      for (size_t i = static_cast<size_t>(t); !stop_clients; ++i) {
        const std::string& target = targets[i % targets.size()];
        auto res = c.Get(target.c_str());
        ++requests;
        if (!res || res->status != 200) {
          std::lock_guard lock(failures_mutex);
          failures.push_back(target + " -> " + (res ? std::to_string(res->status) + " " + res->body : "no response"));
          continue;
        }
        if (target == "/api/search?size=5") {
          json j = json::parse(res->body);
          std::lock_guard lock(totals_mutex);
          totals_seen.insert(j["total"].get<uint64_t>());
        }
      }
    });
  }

  // The indexer: small batches, so it commits about sixty times while the clients run.
  std::thread indexer([&] {
    index_files(db, {source_path(kSampleJsonl)}, /*batch=*/10);
    indexing_done = true;
  });
  indexer.join();
  // Keep the clients going a little after the last commit.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop_clients = true;
  for (auto& t : clients) t.join();

  httplib::Client c("127.0.0.1", port);
  auto final_res = c.Get("/api/search?size=1&facets=0");
  ASSERT_TRUE(final_res);
  ASSERT_EQ(final_res->status, 200);
  EXPECT_EQ(json::parse(final_res->body)["total_articles"], testing::kCorpusArticles);
  server.stop();

  std::cout << "live index: " << requests.load() << " requests, " << totals_seen.size() << " distinct totals\n";
  EXPECT_TRUE(indexing_done);
  EXPECT_GT(requests.load(), 50);
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
  // Intermediate commits were seen, not only the first and last state.
  EXPECT_GE(totals_seen.size(), 3u) << "totals seen: " << totals_seen.size();
  EXPECT_EQ(*totals_seen.begin() >= 1, true);
  for (const auto& line : log.lines()) EXPECT_EQ(line.find("error:"), std::string::npos) << line;
}

}  // namespace
}  // namespace rassegna::api
