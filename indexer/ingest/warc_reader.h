#pragma once
// Web crawls in WARC 1.0/1.1 (.warc, .warc.gz with one gzip member per record or one for all),
// read as a stream: memory stays constant whatever the size of the file. Every `response`
// record holding an HTML page becomes an article through the HTML reader; the other records
// (warcinfo, request, metadata, images, redirects …) are passed over and counted.

#include <string>

#include "indexer/ingest/reader.h"

namespace rassegna::ingest {

// Articles are located as FILE:N, N the record's number in the file (1-based).
void read_warc(const std::string& path, const ReadCallbacks& cb);

}  // namespace rassegna::ingest
