#pragma once
// RSS 2.0 (also 0.9x and RDF/RSS 1.0) and Atom 1.0 feeds: one article per item or entry.
// Field mapping and bad-input behaviour: corpus/FORMAT.md.

#include <string>

#include "indexer/ingest/reader.h"

namespace rassegna::ingest {

// Reads the feed in `path` (plain or gzip). Problems are reported through cb.on_issue with the
// line of the item; one bad item never loses the others.
void read_feed(const std::string& path, const ReadCallbacks& cb);

}  // namespace rassegna::ingest
