#pragma once
// The document data of a Rassegna database: everything a hit needs to be shown, encoded
// compactly (length-prefixed fields) so that decoding a hit costs no parsing.

#include <string>
#include <string_view>

#include <rassegna/article.h>

namespace rassegna {

std::string encode_article(const Article& a);

// Throws rassegna::Error(internal) if `data` was not written by encode_article.
Article decode_article(std::string_view data);

// Everything but the body, for hit lists (decode_article reads it back with an empty body).
std::string encode_summary(const Article& a);

}  // namespace rassegna
