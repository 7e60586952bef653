#pragma once
// Shared by the Searcher's files (searcher.cc, related.cc).

#include <xapian.h>

#include <rassegna/error.h>

namespace rassegna {

// The one retry policy for reading while rassegna-index commits. A commit may recycle the blocks
// a read was using (Xapian::DatabaseModifiedError); `read` (which starts with refresh(), so it
// reopens to the newest revision) then runs again, up to this many times in all.
constexpr int kReadAttempts = 5;

template <class Read>
auto on_newest_revision(Read&& read) -> decltype(read()) {
  for (int attempt = 1;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kReadAttempts) throw Error(ErrorCode::unavailable, "the database kept changing while being read; retry");
    }
  }
}

}  // namespace rassegna
