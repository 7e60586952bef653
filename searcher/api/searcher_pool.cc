#include "searcher/api/searcher_pool.h"

#include <algorithm>

namespace rassegna::api {

SearcherPool::SearcherPool(std::string db_path, size_t size, SearcherOptions options)
    : db_path_(std::move(db_path)), size_(std::max<size_t>(size, 1)), options_(options) {}

SearcherPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->give_back(std::move(searcher_));
}

SearcherPool::Lease SearcherPool::borrow(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (!freed_.wait_for(lock, wait, [&] { return !free_.empty() || out_ < size_; })) {
    throw PoolTimeout("every database handle stayed busy for " + std::to_string(wait.count()) + " ms");
  }
  ++out_;
  if (!free_.empty()) {
    std::unique_ptr<Searcher> s = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(s));
  }
  // Open outside the lock: opening may be slow, and may fail (database missing).
  lock.unlock();
  try {
    return Lease(*this, std::make_unique<Searcher>(db_path_, options_));
  } catch (...) {
    give_back(nullptr);
    throw;
  }
}

void SearcherPool::give_back(std::unique_ptr<Searcher> searcher) {
  {
    std::lock_guard lock(mutex_);
    --out_;
    if (searcher) free_.push_back(std::move(searcher));
  }
  freed_.notify_one();
}

}  // namespace rassegna::api
