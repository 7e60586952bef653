#pragma once
// Language identification for articles that do not say their language.
// CLD2 (Google's Compact Language Detector 2, a Debian package) does the work; a count of
// Italian and English function words decides where CLD2 is unsure, since short, upper-case
// or telegraphic news (wire headlines, 1987 Reuters) is where n-gram detectors stumble.

#include <string>
#include <string_view>

namespace rassegna::analysis {

// Returns "it", "en", another ISO 639-1 code CLD2 is sure of, or "und" when nothing can be said.
std::string detect_language(std::string_view title, std::string_view body);

}  // namespace rassegna::analysis
