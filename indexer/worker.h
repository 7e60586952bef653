#pragma once
// A thread that takes items from a bounded queue and hands each to `work`, so that the thread
// feeding it and the work overlap (reading and analysis beside Xapian's writing). The feeder
// blocks while the queue is full. An exception in `work` stops the worker; push() and finish()
// throw it on the feeding thread.

#include <atomic>
#include <exception>
#include <functional>
#include <thread>

#include "indexer/bounded_queue.h"

namespace rassegna {

template <typename T>
class Worker {
 public:
  // `last` runs on the worker thread after the last item (e.g. the final commit of its database).
  Worker(size_t capacity, std::function<void(T&)> work, std::function<void()> last = {})
      : queue_(capacity), work_(std::move(work)), last_(std::move(last)), thread_([this] { loop(); }) {}
  // Stops without finishing: items not yet taken are dropped and `last` does not run.
  ~Worker() {
    abandoned_ = true;
    queue_.close();
    if (thread_.joinable()) thread_.join();
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Blocks while the queue is full; throws what `work` threw if the worker has stopped.
  void push(T item) {
    if (!queue_.push(std::move(item))) std::rethrow_exception(error_);
  }

  // No more items; finish() then waits. (Closing several workers before waiting on any lets
  // them end in parallel.)
  void close() { queue_.close(); }

  // No more items: waits until every one is done (and `last` has run); throws what they threw.
  void finish() {
    queue_.close();
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void loop() {
    try {
      while (auto item = queue_.pop()) {
        if (abandoned_) return;
        work_(*item);
      }
      if (last_) last_();
    } catch (...) {
      error_ = std::current_exception();  // before close(): push() reads it once it sees the queue closed
      queue_.close();
    }
  }

  BoundedQueue<T> queue_;
  std::function<void(T&)> work_;
  std::function<void()> last_;
  std::exception_ptr error_;
  std::atomic<bool> abandoned_{false};
  std::thread thread_;  // last: the thread starts once everything it uses exists
};

}  // namespace rassegna
