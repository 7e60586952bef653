#pragma once
// Where programs find the files that ship with Rassegna when no flag names them.

#include <string>

namespace rassegna {

// The company gazetteer: $RASSEGNA_GAZETTEER, else corpus/companies.tsv of the checkout the
// program was built from (found next to build/), else ../share/rassegna/companies.tsv next to
// the program (the Debian package's /usr/share/rassegna), else corpus/companies.tsv in the
// current folder. Empty when none exists.
std::string default_gazetteer_path();

// The folder of the running executable.
std::string executable_dir();

}  // namespace rassegna
