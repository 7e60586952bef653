# Third-party libraries, all from Debian packages (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(ICU 70 REQUIRED COMPONENTS uc i18n)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 CONFIG QUIET)

# Xapian's CMake config sets only variables; wrap them in an imported target.
find_package(Xapian REQUIRED)
if(NOT TARGET Xapian::xapian)
  add_library(Xapian::xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

# cpp-httplib: the pkg-config flags carry the defines the compiled library was built with.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

# zstd compresses stored article bodies (stored_article.cc): 3-4x cheaper to write than deflate
# at about the same size, and cheaper to read for snippets.
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)

# jemalloc: the indexer's allocator. Analysis builds each Xapian document (thousands of small map
# nodes and strings) on one thread and the writer frees it on another; glibc's malloc spent
# ~20 % of the watch's CPU on that, jemalloc about a third of it (docs/benchmarks.md, seventh session).
pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)

# libxml2 parses feeds and HTML pages (only in the readers that need it).
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)

# CLD2 (language identification) ships no CMake or pkg-config file.
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)
add_library(CLD2::cld2 INTERFACE IMPORTED)
set_target_properties(CLD2::cld2 PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${CLD2_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${CLD2_LIBRARY}")

if(NOT TARGET CLI11::CLI11)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  set_target_properties(CLI11::CLI11 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${CLI11_INCLUDE_DIR}")
endif()
