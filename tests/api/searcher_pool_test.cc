// The pool of Searchers: one borrower per Searcher, waiting with a deadline, reuse, discarding
// and reopening, and a failed open that does not leak its slot.
#include <chrono>
#include <gtest/gtest.h>
#include <thread>

#include <rassegna/error.h>

#include "searcher/api/searcher_pool.h"
#include "tests/common/test_support.h"

namespace rassegna::api {
namespace {

using testing::bundled_db;
using testing::kCorpusArticles;

TEST(SearcherPoolTest, LendsEachSearcherToOneBorrowerAtATime) {
  SearcherPool pool(bundled_db(), 2);
  auto a = pool.borrow(std::chrono::milliseconds(100));
  auto b = pool.borrow(std::chrono::milliseconds(100));
  EXPECT_NE(&*a, &*b);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(pool.borrow(std::chrono::milliseconds(50)), PoolTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(45));

  Searcher* first = &*a;
  std::thread giver([moved = std::move(a)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    auto gone = std::move(moved);  // returned when `gone` dies
  });
  auto c = pool.borrow(std::chrono::milliseconds(2000));  // waits for the giver
  giver.join();
  EXPECT_EQ(&*c, first);  // reused, not reopened
}

TEST(SearcherPoolTest, DiscardedSearchersAreReopened) {
  SearcherPool pool(bundled_db(), 1);
  {
    auto a = pool.borrow(std::chrono::milliseconds(100));
    a.discard();
  }
  auto b = pool.borrow(std::chrono::milliseconds(100));
  EXPECT_EQ(b->stats().articles, kCorpusArticles);
}

TEST(SearcherPoolTest, FailedOpenFreesTheSlot) {
  SearcherPool pool("/nonexistent/rassegna-db", 1);
  for (int i = 0; i < 3; ++i) EXPECT_THROW(pool.borrow(std::chrono::milliseconds(50)), Error);
}

}  // namespace
}  // namespace rassegna::api
