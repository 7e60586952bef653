#include "grammar_forms.h"

#include <set>
#include <string>

#include "tests/common/expected_trees.h"

namespace rassegna::testing {

using Kind = QueryNode::Kind;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
std::vector<std::pair<SearchRequest, QueryNode>> grammar_forms(analysis::Analyzer& analyzer) {
  const Trees t{analyzer, ""}, it{analyzer, "it"}, en{analyzer, "en"};
  const auto AND = Kind::and_, OR = Kind::or_;
  const QueryNode tiktok = t.word("tiktok"), oracle = t.word("oracle");
  const auto rel = SortOrder::relevance, date = SortOrder::date;
  std::vector<std::pair<SearchRequest, QueryNode>> out = {
      // words, accents, elisions
      {{.query = "tiktok"}, tiktok},
      {{.query = "amministrazione Oracle"}, t.op(AND, {t.word("amministrazione"), oracle})},
      {{.query = "dell’Amministrazione"}, t.word("amministrazione")},
      {{.query = "citta perche"}, t.op(AND, {t.word("citta"), t.word("perche")})},
      {{.query = "banca", .lang = "it", .limit = 20}, it.word("banca")},
      {{.query = "mercato milioni", .lang = "it", .to = "2022-12-31"}, it.op(AND, {it.word("mercato"), it.word("milioni")})},
      {{.query = "shares company", .lang = "en"}, en.op(AND, {en.word("shares"), en.word("company")})},
      {{.query = "nessunaparolacosi"}, t.word("nessunaparolacosi")},
      // -w, NOT, AND NOT, negations alone
      {{.query = "tiktok -oracle"}, t.op(AND, {tiktok, t.no(oracle)})},
      {{.query = "tiktok NOT oracle"}, t.op(AND, {tiktok, t.no(oracle)})},
      {{.query = "tiktok AND NOT oracle"}, t.op(AND, {tiktok, t.no(oracle)})},
      {{.query = "NOT oracle tiktok"}, t.op(AND, {t.no(oracle), tiktok})},
      {{.query = "NOT oracle", .limit = 15}, t.no(oracle)},
      {{.query = "-the", .limit = 15}, t.no(t.word("the"))},
      {{.query = "-the -il", .sort = date}, t.op(AND, {t.no(t.word("the")), t.no(t.word("il"))})},
      {{.query = "NOT NOT tiktok"}, tiktok},
      // OR, parentheses
      {{.query = "tiktok OR bytedance"}, t.op(OR, {tiktok, t.word("bytedance")})},
      {{.query = "tiktok OR NOT oracle", .limit = 30}, t.op(OR, {tiktok, t.no(oracle)})},
      {{.query = "(tiktok OR bytedance) -oracle"},
       t.op(AND, {t.op(OR, {tiktok, t.word("bytedance")}), t.no(oracle)})},
      {{.query = "-(tiktok OR oracle) microsoft"},
       t.op(AND, {t.no(t.op(OR, {tiktok, oracle})), t.word("microsoft")})},
      {{.query = "microsoft (cloud OR azure) AND NOT (tiktok apple)"},
       t.op(AND, {t.word("microsoft"), t.op(OR, {t.word("cloud"), t.word("azure")}),
                  t.no(t.op(AND, {tiktok, t.word("apple")}))})},
      {{.query = "tiktok (microsoft oracle)"}, t.op(AND, {tiktok, t.word("microsoft"), oracle})},
      // phrases
      {{.query = "\"la spunta Oracle\""}, t.phrase({"la", "spunta", "oracle"})},
      {{.query = "\"Microsoft\" cloud"}, t.op(AND, {t.exact("microsoft"), t.word("cloud")})},
      {{.query = "\"stock market\" OR \"borsa italiana\""},
       t.op(OR, {t.phrase({"stock", "market"}), t.phrase({"borsa", "italiana"})})},
      {{.query = "shares -\"net loss\"", .lang = "en"}, en.op(AND, {en.word("shares"), en.no(en.phrase({"net", "loss"}))})},
      // title:
      {{.query = "title:oracle"}, t.word("oracle", true)},
      {{.query = "title:apple"}, t.word("apple", true)},
      {{.query = "title:\"fuori dai giochi\""}, t.phrase({"fuori", "dai", "giochi"}, true)},
      {{.query = "tiktok -title:tiktok"}, t.op(AND, {tiktok, t.no(t.word("tiktok", true))})},
      // company:
      {{.query = "company:microsoft", .sort = date}, t.filter(Kind::company, "Microsoft")},
      {{.query = "company:\"gruppo di Redmond\" tiktok"}, t.op(AND, {t.filter(Kind::company, "Microsoft"), tiktok})},
      {{.query = "company:MSFT company:oracle"},
       t.op(AND, {t.filter(Kind::company, "Microsoft"), t.filter(Kind::company, "Oracle")})},
      {{.query = "tiktok OR company:oracle"}, t.op(OR, {tiktok, t.filter(Kind::company, "Oracle")})},
      {{.query = "tiktok -company:oracle"}, t.op(AND, {tiktok, t.no(t.filter(Kind::company, "Oracle"))})},
      // date:
      {{.query = "date:2020-09"}, t.filter(Kind::date, "", "20200901", "20200930")},
      {{.query = "date:2020-09-01..2020-09-30 tiktok", .sort = date},
       t.op(AND, {t.filter(Kind::date, "", "20200901", "20200930"), tiktok})},
      {{.query = "date:..1987 profit", .lang = "en"}, en.op(AND, {en.filter(Kind::date, "", "", "19871231"), en.word("profit")})},
      {{.query = "microsoft (date:2020 OR date:..2010)"},
       t.op(AND, {t.word("microsoft"), t.op(OR, {t.filter(Kind::date, "", "20200101", "20201231"),
                                                 t.filter(Kind::date, "", "", "20101231")})})},
      {{.query = "date:2020 date:2019..2020-03"}, t.op(AND, {t.filter(Kind::date, "", "20200101", "20201231"),
                                                              t.filter(Kind::date, "", "20190101", "20200331")})},
      // lang:
      {{.query = "lang:it mercato"}, t.op(AND, {t.filter(Kind::lang, "it"), t.word("mercato")})},
      {{.query = "microsoft -lang:en"}, t.op(AND, {t.word("microsoft"), t.no(t.filter(Kind::lang, "en"))})},
      {{.query = "lang:it", .lang = "en"}, en.filter(Kind::lang, "it")},  // both must hold: nothing
      // empty query with filters; sorts; paging
      {{.query = ""}, QueryNode{}},
      {{.query = "", .companies = {"Microsoft"}, .from = "2020-09", .to = "2020-09"}, QueryNode{}},
      {{.companies = {"Apple"}, .lang = "en", .from = "2008-01-01", .to = "2012-12-31", .sort = date, .offset = 3},
       QueryNode{}},
      {{.companies = {"TikTok", "Microsoft"}, .sort = rel}, QueryNode{}},
      {{.query = "microsoft", .sort = date}, t.word("microsoft")},
      {{.query = "profit", .lang = "en", .offset = 5, .limit = 7}, en.word("profit")},
      {{.query = "governo italia", .from = "2020-01-01", .to = "2024-12-31", .sort = date},
       t.op(AND, {t.word("governo"), t.word("italia")})},
      {{.query = "sales", .companies = {"Apple", "Google", "Microsoft"}, .from = "2009-01-01"}, t.word("sales")},
      {{.query = "the OR il", .sort = date, .offset = 40, .limit = 100}, t.op(OR, {t.word("the"), t.word("il")})},
      {{.query = "the", .offset = 100, .limit = 50, .facets = false}, t.word("the")},
      {{.query = "mercato \"la\"", .lang = "it", .offset = 2, .limit = 3, .facets = false},
       it.op(AND, {it.word("mercato"), it.exact("la")})},
  };
  const std::set<std::string> without_facets = {"the", "mercato \"la\""};  // Enquire's totals may be estimates
  for (auto& [r, tree] : out) {
    r.snippets = false;
    r.facets = !without_facets.count(r.query);
    r.facet_size = 100000;
  }
  return out;
}
#pragma GCC diagnostic pop

}  // namespace rassegna::testing
