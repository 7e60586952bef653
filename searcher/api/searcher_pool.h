#pragma once
// N Searchers over one database, one lent per request: a Searcher is not thread-safe, so no two
// requests share one. Searchers are opened lazily, so a database that does not exist yet is
// tried again on every request; a Searcher whose database failed is discarded by its borrower
// and a fresh one is opened for a later request.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "searcher/query/searcher.h"

namespace rassegna::api {

// Thrown by SearcherPool::borrow when every Searcher stayed busy for the whole wait.
struct PoolTimeout : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SearcherPool {
 public:
  SearcherPool(std::string db_path, size_t size, SearcherOptions options = {});

  class Lease {
   public:
    Lease(SearcherPool& pool, std::unique_ptr<Searcher> searcher) : pool_(&pool), searcher_(std::move(searcher)) {}
    Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), searcher_(std::move(other.searcher_)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    Searcher& operator*() { return *searcher_; }
    Searcher* operator->() { return searcher_.get(); }
    // The database failed under this Searcher: close it instead of returning it to the pool.
    void discard() { searcher_.reset(); }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Searcher> searcher_;
  };

  // A free Searcher, opening one when fewer than `size` exist; waits up to `wait` when all
  // are lent. Throws Error(unavailable) when the database cannot be opened, PoolTimeout when
  // no Searcher came free in time.
  Lease borrow(std::chrono::milliseconds wait);

  const std::string& db_path() const { return db_path_; }
  size_t size() const { return size_; }

 private:
  void give_back(std::unique_ptr<Searcher> searcher);

  std::string db_path_;
  size_t size_;
  SearcherOptions options_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Searcher>> free_;
  size_t out_ = 0;  // Searchers lent or being opened
};

}  // namespace rassegna::api
