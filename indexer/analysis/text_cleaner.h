#pragma once
// Turns article text as found in feeds and CMS exports into plain text: HTML removed (only
// HTML: see html_markup.h for what counts), entities decoded, CMS shortcodes
// ([gallery_embed id=1]) removed, invalid UTF-8 replaced, Unicode in NFC. Paragraph breaks are
// kept. Cleaning is not idempotent ("&amp;amp;" -> "&amp;" -> "&"): readers clean each field once.

#include <string>
#include <string_view>

#include <rassegna/utf8.h>  // is_valid_utf8

namespace rassegna::analysis {

// Replaces each invalid UTF-8 sequence (see rassegna::is_valid_utf8) with U+FFFD. Returns true
// if anything was replaced.
bool repair_utf8(std::string& text);

// Removes markup and decodes entities; the result is NFC-normalised plain text with runs of
// spaces collapsed and at most one blank line between paragraphs. Any '<' that is not HTML
// ("<MONI.MI>", "a < b", "<<NEWS>>") and any '[' that is not a shortcode stays.
std::string clean_text(std::string_view raw);

}  // namespace rassegna::analysis
