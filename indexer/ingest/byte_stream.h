#pragma once
// Bytes of an input file, decompressed when it is gzip (any number of concatenated members, as
// WARC files are written), read through a fixed buffer: memory stays constant however large
// the file.

#include <cstdint>
#include <memory>
#include <string>
#include <zlib.h>

namespace rassegna::ingest {

class ByteStream {
 public:
  // Throws std::runtime_error ("cannot open: REASON") when the file cannot be opened.
  explicit ByteStream(const std::string& path);
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // The next byte, or -1 at the end. Throws std::runtime_error on corrupt gzip data.
  int get() {
    if (pos_ == len_ && !fill()) return -1;
    return static_cast<unsigned char>(buf_[pos_++]);
  }
  // The next byte without consuming it, or -1 at the end.
  int peek() {
    if (pos_ == len_ && !fill()) return -1;
    return static_cast<unsigned char>(buf_[pos_]);
  }
  // Appends up to n bytes to `out`; returns how many (fewer only at the end).
  size_t read(std::string& out, size_t n);
  // Discards up to n bytes; returns how many.
  uint64_t skip(uint64_t n);
  // Reads a line without its "\n" (and "\r"). Keeps at most `max` bytes of it and sets
  // `truncated` when there were more. False at the end of the file.
  bool read_line(std::string& line, size_t max, bool& truncated);

  // Bytes of the file (compressed bytes for gzip) consumed so far, for progress.
  uint64_t consumed() const;
  // Decompressed bytes handed out so far: a position for messages.
  uint64_t offset() const { return delivered_ + pos_; }

 private:
  bool fill();
  static constexpr unsigned kBufSize = 1 << 16;
  gzFile gz_ = nullptr;
  std::unique_ptr<char[]> buf_{new char[kBufSize]};
  size_t pos_ = 0, len_ = 0;
  uint64_t delivered_ = 0;  // bytes before buf_
};

// The first `n` decompressed bytes of a file (fewer when it is shorter), for sniffing.
std::string read_head(const std::string& path, size_t n);

// The whole decompressed file. Throws std::runtime_error naming the limit when it has more
// than `max_bytes`.
std::string read_whole_file(const std::string& path, size_t max_bytes);

// True when the file starts with the gzip magic bytes.
bool is_gzip_file(const std::string& path);

}  // namespace rassegna::ingest
