// Markup clean-up and UTF-8 repair.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "indexer/analysis/html_markup.h"
#include "indexer/analysis/text_cleaner.h"

namespace rassegna::analysis {
namespace {

TEST(Cleaner, RemovesCmsShortcodes) {
  EXPECT_EQ(clean_text("aspetti.\n[gallery_embed id=144246]\nRiportiamo"), "aspetti.\n\nRiportiamo");
  EXPECT_EQ(clean_text("a [caption id=\"x\" align=\"left\"]foto[/caption] b"), "a foto b");
  EXPECT_EQ(clean_text("[embed]https://x.y/z[/embed]"), "https://x.y/z");
}

TEST(Cleaner, KeepsBracketsThatAreText) {
  EXPECT_EQ(clean_text("come ha scritto [sic] il giudice [1]"), "come ha scritto [sic] il giudice [1]");
  EXPECT_EQ(clean_text("[Reuters] Rome"), "[Reuters] Rome");
}

struct CleanCase {
  const char* name;
  std::string input;
  std::string expected;
};

// Angle brackets that are text: they must come out as they went in.
const std::vector<CleanCase> kText = {
    {"reuters ticker", "Montedison Spa <MONI.MI> said it has concluded its negotiations with Spanish "
                       "pharmaceuticals company <Antibioticos SA>.", ""},
    {"ticker that is an element name", "USAIR <U> FEBRUARY LOAD FACTOR RISES", ""},
    {"two-letter ticker", "DU PONT CO <DD> LAUNCHES IMPROVED ARAMID FIBERS", ""},
    {"lower-case ticker", "Entertainment Marketing Inc <em> for Crazy Eddie", ""},
    {"company named like an element", "<Strong Point Inc> said its unit", ""},
    {"company over two lines", "bought <B and R International\nInc.>, a U.S. broker", ""},
    {"slash in a company", "<A/S Norske Shell>, Royal Dutch/Shell Group's <RD.AS> Norwegian unit", ""},
    {"apostrophe in a company", "Reuter <MARK'S WORK WEARHOUSE LTD> YEAR NET", ""},
    {"whole title in brackets", "<CONSOLIDATED PLANTATIONS BHD>", ""},
    {"comparison", "if a < b and c > d", ""},
    {"comparison without spaces", "a<b and c>d", ""},
    {"arrows", "x <= y >= z, 3 <5 e 7> 2", ""},
    {"guillemets typed as brackets", "<<NEWS>> e << altro >>", ""},
    {"e-mail address", "scrivete a <redazione@giornale.it> o <a@b.it>", ""},
    {"url", "<http://www.example.com/x?a=1&b=2>", ""},
    {"lone inline tag in plain text", "In via Campania <strong>un motociclista", ""},
    {"broken closing tag", "La Regione<strong>: < / strong> ricostruzione", ""},
    {"square brackets", "come ha scritto [sic] il giudice [1], [email protected]", ""},
};

// Real markup: removed, with line breaks for block elements.
const std::vector<CleanCase> kMarkup = {
    {"paragraphs and entity", "<p>Primo</p><p>Secondo &amp; terzo</p>", "Primo\n\nSecondo & terzo"},
    {"upper-case paragraphs", "<P>Uno</P><P>Due</P>", "Uno\n\nDue"},
    {"inline tag inside a word", "<b>Micro</b>soft", "Microsoft"},
    {"entities", "perch&eacute; citt&#224; caf&#xE9;", "perché città café"},
    {"apostrophe entity", "dell&rsquo;amministrazione", "dell\u2019amministrazione"},
    {"script", "x<script>alert(1)</script>y", "xy"},
    {"style in capitals", "<STYLE>p { color: red }</STYLE>testo", "testo"},
    {"comment", "<!-- nota -->testo", "testo"},
    {"self-closing break", "epidemia<br /> Coronavirus", "epidemia\nCoronavirus"},
    {"bare break", "primo<br>secondo", "primo\nsecondo"},
    {"typographic quotes in an attribute", "<div dir=\u201Dauto\u201D>Circa 100 uomini", "Circa 100 uomini"},
    {"'>' inside a quoted attribute", "<img src=\"x.jpg\" alt=\"a > b\">Foto", "Foto"},
    {"link beside a ticker", "<a href=\"https://x.it/?a=1&amp;b=2\">Montedison</a> <MONI.MI>", "Montedison <MONI.MI>"},
    {"comparison inside html", "<p class=x>a > b</p>", "a > b"},
    // In text that is HTML, an element name in brackets is a tag, as a browser reads it.
    {"element-named ticker inside html", "<p>Du Pont <DD> said</p>", "Du Pont\nsaid"},
    {"doctype", "<!DOCTYPE html><html><body>Testo</body></html>", "Testo"},
    {"shortcode", "aspetti.\n[gallery_embed id=144246]\nRiportiamo", "aspetti.\n\nRiportiamo"},
    {"encoded markup stays visible", "&lt;script&gt;alert(1)&lt;/script&gt; &lt;U&gt;", "<script>alert(1)</script> <U>"},
};

TEST(Cleaner, KeepsAngleBracketsThatAreText) {
  for (const auto& c : kText) EXPECT_EQ(clean_text(c.input), c.input) << c.name;
}

TEST(Cleaner, RemovesMarkup) {
  for (const auto& c : kMarkup) EXPECT_EQ(clean_text(c.input), c.expected) << c.name;
}

TEST(Cleaner, TellsHtmlFromText) {
  for (const auto& c : kText) EXPECT_FALSE(looks_like_html(c.input)) << c.name;
  EXPECT_TRUE(looks_like_html("a<br>b"));
  EXPECT_TRUE(looks_like_html("<i>x</i>"));
  EXPECT_TRUE(looks_like_html("<span class=\"x\">y"));
  EXPECT_FALSE(looks_like_html("<I>x"));  // Reuters: First Interstate Bancorp <I>
}

// Text full of '<', '&' or '[' that never close must not cost a search to its end from each one.
TEST(Cleaner, UnclosedMarkupCostsLinearTime) {
  for (std::string unit : {"<!-- ", "<!doctype ", "<a x=\"", "<b y ", "AT&T ", "[ab "}) {
    std::string text;
    while (text.size() < 400000) text += unit;
    const auto start = std::chrono::steady_clock::now();
    std::string cleaned = clean_text(text);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 2.0) << unit;  // ~0.01 s; a quadratic scan takes ~30 s
    EXPECT_EQ(cleaned.substr(0, 2 * unit.size()), text.substr(0, 2 * unit.size())) << unit;
  }
}

TEST(Cleaner, CleaningIsNotIdempotentSoReadersCleanOnce) {
  EXPECT_EQ(clean_text("&amp;amp;"), "&amp;");
}

TEST(Cleaner, TidiesWhitespaceKeepingParagraphs) {
  EXPECT_EQ(clean_text("  uno   due \t tre \r\n\n\n\nquattro  "), "uno due tre\n\nquattro");
  EXPECT_EQ(clean_text("a\u00A0b"), "a b");
}

TEST(Cleaner, NormalisesToNfc) {
  EXPECT_EQ(clean_text("perche\u0301"), "perché");
}

TEST(Utf8, RepairsInvalidSequences) {
  std::string s = "caf\xE9 ok";
  EXPECT_FALSE(is_valid_utf8(s));
  EXPECT_TRUE(repair_utf8(s));
  EXPECT_EQ(s, "caf\uFFFD ok");
  EXPECT_TRUE(is_valid_utf8(s));
  std::string good = "città";
  EXPECT_FALSE(repair_utf8(good));
  EXPECT_EQ(good, "città");
}

}  // namespace
}  // namespace rassegna::analysis
