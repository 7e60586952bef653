#pragma once
// The main text of a web page: the article, without menus, footers, cookie banners or lists of
// related links. The rule, in three steps, small enough to explain to a user:
//
//  1. Leave out what is never the article: script, style, forms, nav, aside, footer, header,
//     hidden elements, and elements whose class or id has a word such as cookie, consent,
//     share, social, related, newsletter, comment, footer, sidebar, menu, promo, ad, unless
//     they hold three paragraphs of 100 bytes or more (badly nested pages).
//  2. Cut the rest into text blocks at block elements (p, div, li, h2 …) and weigh each: a
//     block whose words are mostly link text (menus, related links) weighs minus its words; a
//     short block without a full stop (bylines, buttons, labels) weighs -1; any other block
//     weighs its words not in links.
//  3. The main content is the element whose blocks weigh most in total (the deepest one on a
//     tie): paragraphs of running text add up, and every list of links nearby pulls a
//     container that takes it in below the one that does not. Its blocks that are not mostly
//     links and not short labels are the body, one paragraph each.

#include <string>

#include <libxml/tree.h>

namespace rassegna::ingest {

// The main text under `root` (normally <body>), paragraphs separated by blank lines.
std::string main_text(const xmlNode* root);

}  // namespace rassegna::ingest
