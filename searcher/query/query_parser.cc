#include "searcher/query/query_parser.h"

#include <algorithm>

#include <rassegna/analysis/folding.h>
#include <rassegna/dates.h>
#include <rassegna/error.h>
#include <rassegna/schema.h>

namespace rassegna {
namespace {

struct Lexeme {
  enum Kind { word, phrase, lparen, rparen, op_and, op_or, op_not, end } kind = end;
  std::string field;  // title, company, date, lang; empty for free text
  std::string text;
  bool negated = false;
  size_t pos = 0;  // 1-based character position, for messages
};

bool is_field(const std::string& f) { return f == "title" || f == "company" || f == "date" || f == "lang"; }

[[noreturn]] void fail(size_t pos, const std::string& what) {
  throw Error(ErrorCode::invalid_argument, "query", "error at position " + std::to_string(pos) + ": " + what);
}

std::vector<Lexeme> lex(const std::string& q) {
  std::vector<Lexeme> out;
  size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < q.size()) {
    if (is_space(q[i])) {
      ++i;
      continue;
    }
    Lexeme lx;
    lx.pos = i + 1;
    if (q[i] == '(') {
      lx.kind = Lexeme::lparen;
      ++i;
      out.push_back(lx);
      continue;
    }
    if (q[i] == ')') {
      lx.kind = Lexeme::rparen;
      ++i;
      out.push_back(lx);
      continue;
    }
    if ((q[i] == '-' || q[i] == '+') && i + 1 < q.size() && !is_space(q[i + 1])) {
      lx.negated = q[i] == '-';
      ++i;
    }
    auto read_quoted = [&](Lexeme& l) {
      size_t close = q.find('"', i + 1);
      if (close == std::string::npos) fail(i + 1, "the quote opened here is never closed");
      l.text = q.substr(i + 1, close - i - 1);
      l.kind = Lexeme::phrase;
      i = close + 1;
    };
    if (q[i] == '"') {
      read_quoted(lx);
      out.push_back(lx);
      continue;
    }
    size_t start = i;
    while (i < q.size() && !is_space(q[i]) && q[i] != '(' && q[i] != ')' && q[i] != '"') ++i;
    std::string word = q.substr(start, i - start);
    size_t colon = word.find(':');
    if (colon != std::string::npos && colon > 0) {
      std::string field = word.substr(0, colon);
      std::transform(field.begin(), field.end(), field.begin(), [](unsigned char c) { return std::tolower(c); });
      if (is_field(field)) {
        lx.field = field;
        std::string value = word.substr(colon + 1);
        if (value.empty() && i < q.size() && q[i] == '"') {
          read_quoted(lx);
          out.push_back(lx);
          continue;
        }
        if (value.empty()) fail(lx.pos, "'" + field + ":' needs a value, e.g. " + field + ":oracle");
        lx.kind = Lexeme::word;
        lx.text = value;
        out.push_back(lx);
        continue;
      }
    }
    lx.kind = Lexeme::word;
    lx.text = word;
    if (!lx.negated) {
      if (word == "AND") lx.kind = Lexeme::op_and;
      if (word == "OR") lx.kind = Lexeme::op_or;
      if (word == "NOT") lx.kind = Lexeme::op_not;
    }
    out.push_back(lx);
  }
  Lexeme end;
  end.kind = Lexeme::end;
  end.pos = q.size() + 1;
  out.push_back(end);
  return out;
}

// A parsed sub-expression: a Xapian query, or nothing (punctuation only, or a filter
// that went into ParsedQuery), possibly negated.
struct Node {
  std::optional<Xapian::Query> query;
  bool negated = false;
};

Xapian::Query boolean(const Xapian::Query& q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

class Parser {
 public:
  Parser(QueryParser& owner, std::vector<Lexeme> lexemes, const std::string& lang, ParsedQuery& out)
      : owner_(owner), lx_(std::move(lexemes)), lang_(lang), out_(out) {}

  std::optional<Xapian::Query> run() {
    auto q = parse_or(0);
    if (peek().kind == Lexeme::rparen) fail(peek().pos, "')' without a matching '('");
    return q;
  }

 private:
  const Lexeme& peek() const { return lx_[i_]; }
  const Lexeme& next() { return lx_[i_++]; }

  std::optional<Xapian::Query> parse_or(int depth) {
    auto left = parse_and(depth);
    while (peek().kind == Lexeme::op_or) {
      size_t pos = next().pos;
      if (!left) fail(pos, "OR needs a term before it");
      out_.conjunction.reset();
      auto right = parse_and(depth);
      if (!right) fail(pos, "OR needs a term after it");
      left = Xapian::Query(Xapian::Query::OP_OR, *left, *right);
    }
    return left;
  }

  std::optional<Xapian::Query> parse_and(int depth) {
    std::vector<Xapian::Query> positive, negative;
    bool any = false;
    while (true) {
      Lexeme::Kind k = peek().kind;
      if (k == Lexeme::end || k == Lexeme::rparen || k == Lexeme::op_or) break;
      if (k == Lexeme::op_and) {
        size_t pos = next().pos;
        Lexeme::Kind after = peek().kind;
        if (!any || after == Lexeme::end || after == Lexeme::rparen || after == Lexeme::op_or) {
          fail(pos, "AND needs a term on both sides");
        }
        continue;
      }
      Node n = parse_unary(depth);
      any = true;
      if (!n.query) continue;
      (n.negated ? negative : positive).push_back(*n.query);
    }
    if (positive.empty() && negative.empty()) return std::nullopt;
    Xapian::Query result = positive.empty() ? Xapian::Query::MatchAll
                                            : Xapian::Query(Xapian::Query::OP_AND, positive.begin(), positive.end());
    if (!negative.empty()) {
      result = Xapian::Query(Xapian::Query::OP_AND_NOT, result,
                             Xapian::Query(Xapian::Query::OP_OR, negative.begin(), negative.end()));
    }
    return result;
  }

  Node parse_unary(int depth) {
    if (peek().kind == Lexeme::op_not) {
      size_t pos = next().pos;
      Lexeme::Kind after = peek().kind;
      if (after == Lexeme::end || after == Lexeme::rparen || after == Lexeme::op_or || after == Lexeme::op_and) {
        fail(pos, "NOT needs a term after it");
      }
      Node n = parse_unary(depth + 1);
      n.negated = !n.negated;
      return n;
    }
    const Lexeme& l = next();
    Node n;
    n.negated = l.negated;
    if (l.kind == Lexeme::lparen) {
      out_.conjunction.reset();
      n.query = parse_or(depth + 1);
      if (peek().kind != Lexeme::rparen) fail(l.pos, "the '(' opened here is never closed");
      next();
      return n;
    }
    if (l.kind == Lexeme::rparen) fail(l.pos, "')' without a matching '('");
    bool top_level_filter = depth == 0 && !l.negated;
    if (!l.field.empty() && l.field != "title" && !top_level_filter) out_.conjunction.reset();
    if (l.field == "company") {
      std::string name = owner_.resolve_company(l.text);
      if (top_level_filter) {
        out_.companies.push_back(name);
      } else {
        n.query = boolean(Xapian::Query(std::string(schema::kCompany) + schema::company_key(name)));
      }
      return n;
    }
    if (l.field == "date") {
      std::string from, to;
      parse_date_value(l, from, to);
      if (top_level_filter) {
        if (!from.empty()) out_.date_from = std::max(out_.date_from, from);
        if (!to.empty()) out_.date_to = out_.date_to.empty() ? to : std::min(out_.date_to, to);
      } else {
        n.query = boolean(QueryParser::date_filter(from, to));
      }
      return n;
    }
    if (l.field == "lang") {
      std::string lang = analysis::fold(l.text);
      if (lang.size() != 2 || !std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        fail(l.pos, "lang:" + l.text + " is not a language code; use lang:it or lang:en");
      }
      if (top_level_filter) {
        out_.lang = lang;
      } else {
        n.query = boolean(Xapian::Query(std::string(schema::kLang) + lang));
      }
      return n;
    }
    bool title = l.field == "title";
    std::vector<std::string> group;
    Xapian::Query q =
        owner_.word_query(l.text, title, l.kind == Lexeme::phrase, lang_, n.negated ? scratch_ : out_, &group);
    if (!q.empty()) {
      n.query = q;
      if (!n.negated) out_.has_text = true;
      if (group.empty()) {
        out_.conjunction.reset();
      } else if (out_.conjunction) {
        (n.negated ? out_.conjunction->excluded : out_.conjunction->required).push_back(std::move(group));
      }
    }
    return n;
  }

  void parse_date_value(const Lexeme& l, std::string& from, std::string& to) {
    std::string v = l.text;
    size_t dots = v.find("..");
    std::string a = dots == std::string::npos ? v : v.substr(0, dots);
    std::string b = dots == std::string::npos ? v : v.substr(dots + 2);
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
  ParsedQuery& out_;
  ParsedQuery scratch_;  // highlight terms of negated words are not highlighted
};

}  // namespace

std::string QueryParser::resolve_company(const std::string& value) const {
  if (gazetteer_ != nullptr) {
    int c = gazetteer_->resolve(value);
    if (c >= 0) return gazetteer_->companies()[static_cast<size_t>(c)].name;
  }
  return value;
}

Xapian::Query QueryParser::date_filter(const std::string& from, const std::string& to) {
  if (!from.empty() && !to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDay, from, to);
  if (!from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDay, from);
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDay, to);
}

Xapian::Query QueryParser::word_query(const std::string& raw, bool title_only, bool exact_only,
                                      const std::string& lang, ParsedQuery& out, std::vector<std::string>* group) {
  std::vector<analysis::Token> tokens = analyzer_.tokenize(raw);
  if (tokens.empty()) return Xapian::Query();
  const std::string exact_prefix(title_only ? schema::kTitle : "");
  const std::string stem_prefix(title_only ? schema::kTitleStem : schema::kStem);
  if (tokens.size() > 1 || exact_only) {
    std::vector<Xapian::Query> parts;
    for (const auto& t : tokens) {
      parts.emplace_back(exact_prefix + t.term);
      out.highlight_exact.insert(t.term);
    }
    if (parts.size() == 1) {  // one quoted word: its exact form only, still a plain word
      if (group != nullptr) *group = {exact_prefix + tokens[0].term};
      return parts[0];
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), static_cast<Xapian::termcount>(parts.size()));
  }
  const std::string& term = tokens[0].term;
  std::vector<std::string> terms = {exact_prefix + term};
  out.highlight_exact.insert(term);
  const std::vector<std::string> both = analysis::Analyzer::query_languages();
  for (const std::string& l : lang.empty() ? both : std::vector<std::string>{lang}) {
    if (l != "it" && l != "en") continue;
    const std::string& stem = analyzer_.stem(term, l);
    out.highlight_stems.insert(stem);
    std::string stemmed = stem_prefix + stem;
    if (std::find(terms.begin(), terms.end(), stemmed) == terms.end()) terms.push_back(stemmed);
  }
  if (group != nullptr) *group = terms;
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

ParsedQuery QueryParser::parse(const std::string& query, const std::string& lang) {
  ParsedQuery out;
  Parser parser(*this, lex(query), lang, out);
  auto q = parser.run();
  out.text = q ? *q : Xapian::Query::MatchAll;
  return out;
}

}  // namespace rassegna
