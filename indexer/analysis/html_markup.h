#pragma once
// Finds the HTML in article text so that it, and nothing else, can be removed.
//
// A tag is `<name ...>` or `</name>` where `name` is an HTML element (by the WHATWG list plus the
// obsolete ones feeds still carry: font, center, big, tt ...). Angle brackets are also plain
// text: Reuters writes tickers and companies in them (`<MONI.MI>`, `<Antibioticos SA>`), and
// some of those are element names too (`<U>` USAir, `<DD>` Du Pont, `<EM>`, `<Strong Point Inc>`);
// people write `a < b`, `<<NEWS>>`, `<mario@rossi.it>`. So element tags are removed only from text
// that is unmistakably HTML: it has a comment or doctype, a closing tag of an element, an element
// tag with an attribute value (`<a href=...>`) or a self-closing slash (`<br/>`), or a lower-case
// `<br>`, `<p>`, `<hr>` or `<li>`. Everything else in angle brackets is kept as written.

#include <string>
#include <string_view>

namespace rassegna::analysis {

// True when `text` contains unmistakable HTML (see above).
bool looks_like_html(std::string_view text);

// Removes the HTML of `text`: element tags, comments, doctypes and the contents of script and
// style elements, when looks_like_html(text); otherwise returns the text unchanged. A removed tag
// becomes a line break (block elements: p, br, div, li, h1 ...), nothing (inline formatting,
// which can split a word: "<b>Micro</b>soft") or a space. Entities are left as they are.
std::string strip_html(std::string_view text);

}  // namespace rassegna::analysis
