#pragma once
// What the libFuzzer targets share: a check that aborts with a message (libFuzzer then saves
// the input that caused it), and the paths of the checkout.

#include <cstdio>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(cond, what)                                                   \
  do {                                                                           \
    if (!(cond)) {                                                               \
      std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", what, __FILE__, __LINE__); \
      std::abort();                                                              \
    }                                                                            \
  } while (0)

namespace rassegna::fuzz {

inline std::string source_path(const std::string& relative) { return std::string(RASSEGNA_SOURCE_DIR) + "/" + relative; }

}  // namespace rassegna::fuzz
