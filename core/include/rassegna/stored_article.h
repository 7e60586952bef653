#pragma once
// The document data of a Rassegna database: everything a hit needs to be shown, encoded
// compactly (length-prefixed fields) so that decoding a hit costs no parsing.

#include <string>
#include <string_view>

#include <xapian.h>

#include <rassegna/article.h>

namespace rassegna {

std::string encode_article(const Article& a);

// Throws rassegna::Error(internal) if `data` was not written by encode_article.
Article decode_article(std::string_view data);

// Everything but the body, for hit lists (decode_article reads it back with an empty body).
std::string encode_summary(const Article& a);

// A database stores each article once, in two parts (schema 2): the summary in the value slot
// schema::kSlotSummary, and the body alone as the document data, deflated with a zlib preset
// dictionary of its language (scripts/make_body_dictionaries.py; ~20 % smaller than deflate
// alone on news). The data's first byte names the dictionary (0: none), so dictionaries can be
// added without re-indexing. Xapian's own compression of the data then finds nothing to gain.
std::string encode_body(std::string_view body, std::string_view lang);
// Throws rassegna::Error(internal) if `data` was not written by encode_body.
std::string decode_body(std::string_view data);

// The whole article of a stored document: its summary slot with the body from its data.
Article decode_document(const Xapian::Document& doc);
// The article id of a stored document (from its summary slot; schema 2 has no id slot).
std::string stored_id(const Xapian::Document& doc);

}  // namespace rassegna
