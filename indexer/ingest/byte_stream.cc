#include "indexer/ingest/byte_stream.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace rassegna::ingest {

ByteStream::ByteStream(const std::string& path) {
  errno = 0;
  gz_ = gzopen(path.c_str(), "rb");  // reads plain files as they are
  if (gz_ == nullptr) {
    throw std::runtime_error("cannot open: " + std::string(errno != 0 ? std::strerror(errno) : "out of memory"));
  }
  gzbuffer(gz_, 1 << 17);
}

ByteStream::~ByteStream() {
  if (gz_ != nullptr) gzclose(gz_);
}

bool ByteStream::fill() {
  delivered_ += len_;
  pos_ = len_ = 0;
  int n = gzread(gz_, buf_.get(), kBufSize);
  if (n < 0) {
    int err;
    const char* msg = gzerror(gz_, &err);
    throw std::runtime_error(std::string("gzip error: ") + msg);
  }
  len_ = static_cast<size_t>(n);
  return n > 0;
}

size_t ByteStream::read(std::string& out, size_t n) {
  size_t done = 0;
  while (done < n) {
    if (pos_ == len_ && !fill()) break;
    size_t take = std::min(n - done, len_ - pos_);
    out.append(buf_.get() + pos_, take);
    pos_ += take;
    done += take;
  }
  return done;
}

uint64_t ByteStream::skip(uint64_t n) {
  uint64_t done = 0;
  while (done < n) {
    if (pos_ == len_ && !fill()) break;
    size_t take = static_cast<size_t>(std::min<uint64_t>(n - done, len_ - pos_));
    pos_ += take;
    done += take;
  }
  return done;
}

bool ByteStream::read_line(std::string& line, size_t max, bool& truncated) {
  line.clear();
  truncated = false;
  bool any = false;
  while (true) {
    if (pos_ == len_ && !fill()) return any;
    any = true;
    const char* start = buf_.get() + pos_;
    const void* nl = std::memchr(start, '\n', len_ - pos_);
    size_t span = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - start) : len_ - pos_;
    size_t room = line.size() < max ? max - line.size() : 0;
    size_t take = std::min(span, room);
    line.append(start, take);
    if (take < span) truncated = true;
    pos_ += span;
    if (nl != nullptr) {
      ++pos_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
  }
}

uint64_t ByteStream::consumed() const { return static_cast<uint64_t>(gzoffset(gz_)); }

std::string read_head(const std::string& path, size_t n) {
  ByteStream in(path);
  std::string head;
  in.read(head, n);
  return head;
}

std::string read_whole_file(const std::string& path, size_t max_bytes) {
  ByteStream in(path);
  std::string all;
  in.read(all, max_bytes);
  if (in.peek() >= 0) {
    throw std::runtime_error("larger than " + std::to_string(max_bytes >> 20) +
                             " MB (decompressed); split it into smaller files");
  }
  return all;
}

bool is_gzip_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  unsigned char magic[2] = {0, 0};
  size_t n = std::fread(magic, 1, 2, f);
  std::fclose(f);
  return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

}  // namespace rassegna::ingest
