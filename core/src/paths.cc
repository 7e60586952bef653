#include <rassegna/paths.h>

#include <cstdlib>
#include <filesystem>

namespace rassegna {
namespace fs = std::filesystem;

std::string executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

std::string default_gazetteer_path() {
  if (const char* env = std::getenv("RASSEGNA_GAZETTEER"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  for (const fs::path& candidate : {fs::path(executable_dir()) / ".." / "corpus" / "companies.tsv",
                                    fs::path(executable_dir()) / ".." / "share" / "rassegna" / "companies.tsv",
                                    fs::path("corpus") / "companies.tsv"}) {
    if (fs::exists(candidate, ec)) return fs::weakly_canonical(candidate, ec).string();
  }
  return {};
}

}  // namespace rassegna
