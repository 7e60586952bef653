#include "indexer/analysis/text_cleaner.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unordered_map>

#include "indexer/analysis/html_markup.h"

namespace rassegna::analysis {
namespace {

void append_utf8(std::string& out, UChar32 cp) {
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, cp, error);
  if (!error) out.append(buf, static_cast<size_t>(len));
}

const std::unordered_map<std::string_view, UChar32>& named_entities() {
  static const std::unordered_map<std::string_view, UChar32> table = {
      {"amp", '&'},       {"lt", '<'},        {"gt", '>'},         {"quot", '"'},
      {"apos", '\''},     {"nbsp", 0xA0},     {"rsquo", 0x2019},   {"lsquo", 0x2018},
      {"rdquo", 0x201D},  {"ldquo", 0x201C},  {"ndash", 0x2013},   {"mdash", 0x2014},
      {"hellip", 0x2026}, {"laquo", 0xAB},    {"raquo", 0xBB},     {"euro", 0x20AC},
      {"copy", 0xA9},     {"reg", 0xAE},      {"trade", 0x2122},   {"deg", 0xB0},
      {"agrave", 0xE0},   {"aacute", 0xE1},   {"egrave", 0xE8},    {"eacute", 0xE9},
      {"igrave", 0xEC},   {"iacute", 0xED},   {"ograve", 0xF2},    {"oacute", 0xF3},
      {"ugrave", 0xF9},   {"uacute", 0xFA},   {"Agrave", 0xC0},    {"Egrave", 0xC8},
      {"Eacute", 0xC9},   {"Igrave", 0xCC},   {"Ograve", 0xD2},    {"Ugrave", 0xD9},
      {"ccedil", 0xE7},   {"ntilde", 0xF1},   {"auml", 0xE4},      {"ouml", 0xF6},
      {"uuml", 0xFC},     {"szlig", 0xDF},    {"pound", 0xA3},     {"middot", 0xB7},
      {"bull", 0x2022},   {"shy", 0xAD},      {"times", 0xD7},     {"sect", 0xA7},
  };
  return table;
}

// Decodes the entity starting at text[i] == '&'. Returns the length consumed, 0 if none.
size_t decode_entity(std::string_view text, size_t i, std::string& out) {
  size_t semi = text.substr(0, i + 13).find(';', i + 1);  // names are short: look no further
  if (semi == std::string_view::npos || semi == i + 1) return 0;
  std::string_view name = text.substr(i + 1, semi - i - 1);
  UChar32 cp = -1;
  if (name[0] == '#') {
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    long value = 0;
    for (char c : digits) {
      int d = hex ? (std::isxdigit(static_cast<unsigned char>(c))
                         ? (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10))
                         : -1)
                  : (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : -1);
      if (d < 0) return 0;
      value = value * (hex ? 16 : 10) + d;
      if (value > 0x10FFFF) return 0;
    }
    cp = static_cast<UChar32>(value);
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  } else {
    auto it = named_entities().find(name);
    if (it == named_entities().end()) return 0;
    cp = it->second;
  }
  append_utf8(out, cp);
  return semi - i + 1;
}

bool is_shortcode_name_char(char c) {
  return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_' ||
         c == '-';
}

// A CMS shortcode: [name attr=value ...], [/name], or a known bare [caption]-like name.
size_t shortcode_length(std::string_view text, size_t i) {
  size_t j = i + 1;
  bool closing = j < text.size() && text[j] == '/';
  if (closing) ++j;
  if (j >= text.size() || !std::islower(static_cast<unsigned char>(text[j]))) return 0;
  size_t name_start = j;
  while (j < text.size() && is_shortcode_name_char(text[j])) ++j;
  std::string_view name = text.substr(name_start, j - name_start);
  size_t end = text.substr(0, i + 401).find(']', j);  // a shortcode is at most 400 bytes
  if (end == std::string_view::npos) return 0;
  std::string_view rest = text.substr(j, end - j);
  if (rest.find('\n') != std::string_view::npos || rest.find('[') != std::string_view::npos) return 0;
  if (!rest.empty() && rest[0] != ' ') return 0;
  static const std::array<std::string_view, 12> known = {"caption", "gallery", "embed",  "video",
                                                         "audio",   "youtube", "tweet",  "playlist",
                                                         "vimeo",   "iframe",  "button", "contact-form"};
  bool has_attribute = rest.find('=') != std::string_view::npos;
  bool underscore = name.find('_') != std::string_view::npos;
  bool is_known = std::find(known.begin(), known.end(), name) != known.end();
  if (closing ? (underscore || is_known) : (has_attribute || underscore || is_known)) return end + 1 - i;
  return 0;
}

std::string normalise_nfc(std::string text) {
  bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return text;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return text;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  if (nfc->isNormalized(u, status) && U_SUCCESS(status)) return text;
  status = U_ZERO_ERROR;
  icu::UnicodeString normalised = nfc->normalize(u, status);
  if (U_FAILURE(status)) return text;
  std::string out;
  normalised.toUTF8String(out);
  return out;
}

// Collapses spaces within lines, trims lines, keeps at most one blank line.
std::string tidy_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  int pending_newlines = 0;
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++pending_newlines;
      pending_space = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = true;
      continue;
    }
    // U+00A0 no-break space counts as a space.
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      pending_space = true;
      ++i;
      continue;
    }
    if (c < 0x20) continue;  // other control characters
    if (!out.empty()) {
      if (pending_newlines > 0) {
        out.append(pending_newlines > 1 ? "\n\n" : "\n");
      } else if (pending_space) {
        out.push_back(' ');
      }
    }
    pending_newlines = 0;
    pending_space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

}  // namespace

bool repair_utf8(std::string& text) {
  if (is_valid_utf8(text)) return false;
  std::string out;
  out.reserve(text.size() + 16);
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    int32_t start = i;
    UChar32 cp;
    U8_NEXT(s, i, n, cp);
    if (cp < 0) {
      out.append("\xEF\xBF\xBD");
    } else {
      out.append(text, static_cast<size_t>(start), static_cast<size_t>(i - start));
    }
  }
  text.swap(out);
  return true;
}

std::string clean_text(std::string_view raw) {
  const std::string text = strip_html(raw);
  // Shortcodes go, and entities are decoded, in one pass after the tags are removed, so an
  // encoded tag ("&lt;b&gt;") stays visible text and a decoded bracket never starts a shortcode.
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t k = 0; k < text.size();) {
    size_t len = 0;
    if (text[k] == '&') {
      len = decode_entity(text, k, decoded);
    } else if (text[k] == '[') {
      len = shortcode_length(text, k);
    }
    if (len > 0) {
      k += len;
      continue;
    }
    decoded.push_back(text[k]);
    ++k;
  }
  repair_utf8(decoded);
  return normalise_nfc(tidy_whitespace(decoded));
}

}  // namespace rassegna::analysis
