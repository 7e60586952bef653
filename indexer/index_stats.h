#pragma once
// What an indexing run reports: progress now and then, and the closing figures.

#include <cstddef>
#include <cstdint>

namespace rassegna {

struct IndexProgress {
  uint64_t bytes_done = 0;   // of the input files (compressed bytes for .gz)
  uint64_t bytes_total = 0;
  size_t articles = 0;       // read so far
  double seconds = 0;        // since the run started
};

struct IndexStats {
  size_t files = 0;
  size_t records = 0;   // articles read: added + replaced + skipped
  size_t added = 0;
  size_t replaced = 0;
  size_t skipped = 0;   // records and files that could not be indexed
  size_t repaired = 0;  // indexed after a repair (see the issues)
  size_t passed_over = 0;  // records that are not articles by design (WARC requests, images ...)
  size_t deleted = 0;
  size_t delete_missing = 0;
  uint64_t bytes = 0;
  double seconds = 0;
};

// What one writer did: IndexWriter::put says whether it replaced an article.
struct WriteCounts {
  size_t added = 0;
  size_t replaced = 0;
  void count(bool was_replacement) { ++(was_replacement ? replaced : added); }
};

}  // namespace rassegna
