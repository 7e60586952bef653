#include "searcher/query/query_parser.h"

#include <algorithm>

#include <rassegna/analysis/folding.h>
#include <rassegna/dates.h>
#include <rassegna/error.h>
#include <rassegna/analysis/languages.h>

namespace rassegna {
namespace {

constexpr int kMaxDepth = 64;

struct Lexeme {
  enum Kind { word, phrase, lparen, rparen, op_and, op_or, op_not, end } kind = end;
  std::string field;  // title, company, date, lang; empty for free text
  std::string text;
  char sign = 0;      // '-' or '+' written before a word, phrase, field or '('
  size_t pos = 0;     // 1-based character position, for messages
};

bool is_field(const std::string& f) { return f == "title" || f == "company" || f == "date" || f == "lang"; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

[[noreturn]] void fail(size_t pos, const std::string& what) {
  throw Error(ErrorCode::invalid_argument, "query", "error at position " + std::to_string(pos) + ": " + what);
}

class Lexer {
 public:
  explicit Lexer(const std::string& q) : q_(q) {}

  std::vector<Lexeme> run() {
    std::vector<Lexeme> out;
    while (i_ < q_.size()) {
      if (is_space(q_[i_])) {
        ++i_;
        continue;
      }
      out.push_back(one());
    }
    Lexeme end;
    end.pos = position(q_.size());
    out.push_back(end);
    return out;
  }

 private:
  // Characters, not bytes, before `byte`, plus one: what a person counts in the query box.
  size_t position(size_t byte) const {
    size_t chars = 0;
    for (size_t k = 0; k < byte && k < q_.size(); ++k) chars += (static_cast<unsigned char>(q_[k]) & 0xC0) != 0x80;
    return chars + 1;
  }

  Lexeme one() {
    Lexeme lx;
    lx.pos = position(i_);
    const char c = q_[i_];
    if (c == ')') {
      lx.kind = Lexeme::rparen;
      ++i_;
      return lx;
    }
    // A sign binds to what follows it directly; "-" alone, or before ")", is no sign.
    if ((c == '-' || c == '+') && i_ + 1 < q_.size() && !is_space(q_[i_ + 1]) && q_[i_ + 1] != ')') {
      lx.sign = c;
      ++i_;
    }
    if (q_[i_] == '(') {
      lx.kind = Lexeme::lparen;
      ++i_;
      return lx;
    }
    if (q_[i_] == '"') {
      read_quoted(lx);
      return lx;
    }
    const size_t start = i_;
    while (i_ < q_.size() && !is_space(q_[i_]) && q_[i_] != '(' && q_[i_] != ')' && q_[i_] != '"') ++i_;
    std::string word = q_.substr(start, i_ - start);
    const size_t colon = word.find(':');
    if (colon != std::string::npos && colon > 0) {
      std::string field = word.substr(0, colon);
      std::transform(field.begin(), field.end(), field.begin(), [](unsigned char ch) { return std::tolower(ch); });
      if (is_field(field)) {
        lx.field = field;
        lx.text = word.substr(colon + 1);
        if (lx.text.empty() && i_ < q_.size() && q_[i_] == '"') {
          read_quoted(lx);
        } else {
          lx.kind = Lexeme::word;
        }
        if (lx.text.empty()) fail(lx.pos, "'" + field + ":' needs a value, e.g. " + field + ":oracle");
        return lx;
      }
    }
    lx.kind = Lexeme::word;
    lx.text = word;
    if (lx.sign == 0) {
      if (word == "AND") lx.kind = Lexeme::op_and;
      if (word == "OR") lx.kind = Lexeme::op_or;
      if (word == "NOT") lx.kind = Lexeme::op_not;
    }
    return lx;
  }

  void read_quoted(Lexeme& lx) {
    const size_t close = q_.find('"', i_ + 1);
    if (close == std::string::npos) fail(position(i_), "the quote opened here is never closed");
    lx.kind = Lexeme::phrase;
    lx.text = q_.substr(i_ + 1, close - i_ - 1);
    i_ = close + 1;
  }

  const std::string& q_;
  size_t i_ = 0;
};

using Kind = QueryNode::Kind;

// Children of the same kind are merged: AND(a, AND(b, c)) is AND(a, b, c).
std::optional<QueryNode> combine(Kind kind, std::vector<QueryNode> parts) {
  if (parts.empty()) return std::nullopt;
  if (parts.size() == 1) return std::move(parts[0]);
  QueryNode n;
  n.kind = kind;
  for (auto& p : parts) {
    if (p.kind == kind) {
      for (auto& c : p.children) n.children.push_back(std::move(c));
    } else {
      n.children.push_back(std::move(p));
    }
  }
  return n;
}

std::optional<QueryNode> negate(std::optional<QueryNode> n) {
  if (!n) return std::nullopt;
  if (n->kind == Kind::not_) return std::move(n->children[0]);  // NOT NOT a = a
  QueryNode out;
  out.kind = Kind::not_;
  out.children.push_back(std::move(*n));
  return out;
}

bool starts_term(Lexeme::Kind k) {
  return k == Lexeme::word || k == Lexeme::phrase || k == Lexeme::lparen || k == Lexeme::op_not;
}

class Parser {
 public:
  Parser(QueryParser& owner, std::vector<Lexeme> lexemes, const std::string& lang)
      : owner_(owner), lx_(std::move(lexemes)), lang_(lang) {}

  std::optional<QueryNode> run() {
    auto n = parse_or(0);
    if (peek().kind == Lexeme::rparen) fail(peek().pos, "')' without a matching '('");
    return n;
  }

 private:
  const Lexeme& peek() const { return lx_[i_]; }
  const Lexeme& next() { return lx_[i_++]; }

  std::optional<QueryNode> parse_or(int depth) {
    if (peek().kind == Lexeme::op_or) fail(peek().pos, "OR needs a term before it");
    std::vector<QueryNode> alternatives;
    if (auto n = parse_and(depth)) alternatives.push_back(std::move(*n));
    while (peek().kind == Lexeme::op_or) {
      const size_t pos = next().pos;
      if (!starts_term(peek().kind)) fail(pos, "OR needs a term after it");
      if (auto n = parse_and(depth)) alternatives.push_back(std::move(*n));
    }
    return combine(Kind::or_, std::move(alternatives));
  }

  std::optional<QueryNode> parse_and(int depth) {
    std::vector<QueryNode> parts;
    bool any = false;
    while (true) {
      const Lexeme::Kind k = peek().kind;
      if (k == Lexeme::end || k == Lexeme::rparen || k == Lexeme::op_or) break;
      if (k == Lexeme::op_and) {
        const size_t pos = next().pos;
        if (!any || !starts_term(peek().kind)) fail(pos, "AND needs a term on both sides");
        continue;
      }
      any = true;
      if (auto n = parse_unary(depth)) parts.push_back(std::move(*n));
    }
    return combine(Kind::and_, std::move(parts));
  }

  std::optional<QueryNode> parse_unary(int depth) {
    if (depth > kMaxDepth) fail(peek().pos, "parentheses and NOT nest more than 64 deep");
    if (peek().kind == Lexeme::op_not) {
      const size_t pos = next().pos;
      if (!starts_term(peek().kind)) fail(pos, "NOT needs a term after it");
      return negate(parse_unary(depth + 1));
    }
    const Lexeme& l = next();
    std::optional<QueryNode> n;
    if (l.kind == Lexeme::lparen) {
      if (peek().kind == Lexeme::rparen) fail(l.pos, "empty parentheses; put words inside or remove them");
      n = parse_or(depth + 1);
      if (peek().kind != Lexeme::rparen) fail(l.pos, "the '(' opened here is never closed");
      next();
    } else {
      n = leaf(l);
    }
    return l.sign == '-' ? negate(std::move(n)) : n;
  }

  std::optional<QueryNode> leaf(const Lexeme& l) {
    QueryNode n;
    if (l.field == "company") {
      n.kind = Kind::company;
      n.name = owner_.resolve_company(l.text);
      return n;
    }
    if (l.field == "date") {
      n.kind = Kind::date;
      parse_date_value(l, n.from, n.to);
      return n;
    }
    if (l.field == "lang") {
      std::string lang = analysis::fold(l.text);
      if (lang.size() != 2 || !std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        fail(l.pos, "lang:" + l.text + " is not a language code; use lang:it or lang:en");
      }
      n.kind = Kind::lang;
      n.name = lang;
      return n;
    }
    return owner_.text_leaf(l.text, l.field == "title", l.kind == Lexeme::phrase, lang_);
  }

  static void parse_date_value(const Lexeme& l, std::string& from, std::string& to) {
    const std::string& v = l.text;
    const size_t dots = v.find("..");
    const std::string a = dots == std::string::npos ? v : v.substr(0, dots);
    const std::string b = dots == std::string::npos ? v : v.substr(dots + 2);
    auto bound = [&](const std::string& s, bool upper) -> std::string {
      if (s.empty()) return {};
      auto d = parse_date_bound(s, upper);
      if (!d) fail(l.pos, "date:" + l.text + ": '" + s + "' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD");
      return d->day_key();
    };
    from = bound(a, false);
    to = bound(b, true);
    if (from.empty() && to.empty()) fail(l.pos, "date: needs at least one bound, e.g. date:2020-09");
    if (!from.empty() && !to.empty() && from > to) fail(l.pos, "date:" + l.text + " ends before it starts");
  }

  QueryParser& owner_;
  std::vector<Lexeme> lx_;
  size_t i_ = 0;
  const std::string& lang_;
};

}  // namespace

std::string QueryParser::resolve_company(const std::string& value) const {
  if (gazetteer_ != nullptr) {
    int c = gazetteer_->resolve(value);
    if (c >= 0) return gazetteer_->companies()[static_cast<size_t>(c)].name;
  }
  return value;
}

std::optional<QueryNode> QueryParser::text_leaf(const std::string& raw, bool title_only, bool exact_only,
                                                const std::string& lang) {
  std::vector<analysis::Token> tokens = analyzer_.tokenize(raw);
  if (tokens.empty()) return std::nullopt;
  QueryNode n;
  n.title = title_only;
  for (auto& t : tokens) n.words.push_back(std::move(t.term));
  if (n.words.size() > 1) {
    n.kind = Kind::phrase;
    return n;
  }
  n.kind = Kind::word;
  if (exact_only) return n;
  const std::vector<std::string>& both = analysis::Analyzer::query_languages();
  for (const std::string& l : lang.empty() ? both : std::vector<std::string>{lang}) {
    if (!analysis::is_stemmed_language(l)) continue;
    const std::string& stem = analyzer_.stem(n.words[0], l);
    if (std::find(n.stems.begin(), n.stems.end(), stem) == n.stems.end()) n.stems.push_back(stem);
  }
  return n;
}

ParsedQuery QueryParser::parse(const std::string& query, const std::string& lang) {
  Parser parser(*this, Lexer(query).run(), lang);
  ParsedQuery out;
  if (auto tree = parser.run()) out.tree = std::move(*tree);
  HighlightWords h = highlight_words(out.tree);
  out.highlight_exact = std::move(h.exact);
  out.highlight_stems = std::move(h.stems);
  return out;
}

}  // namespace rassegna
