#pragma once
// UTF-8 validity, one definition for the whole project: the indexer repairs what fails it
// (indexer/analysis/text_cleaner.h), the HTTP API refuses parameters that fail it.

#include <string_view>

namespace rassegna {

// True when `text` is well-formed UTF-8: no stray continuation bytes, no truncated sequences,
// no overlong forms, no surrogates (U+D800..U+DFFF), nothing past U+10FFFF. NUL is a valid
// character here; callers that cannot take it check for it themselves.
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace rassegna
