#pragma once
// Finds the companies an article mentions: gazetteer aliases as whole words (multi-word
// aliases, elided and possessive forms come through the shared tokenizer), tickers written
// "( XOM.N )" or "<SRD>", and the article's own `orgs` when they resolve to a known company.
// Names that are also ordinary words (flag `common`) and weak context aliases ("Redmond")
// count only with evidence: a company cue word nearby, or another firm mention of the company.

#include <string>
#include <vector>

#include <rassegna/article.h>
#include <rassegna/gazetteer.h>

namespace rassegna::entities {

class CompanyTagger {
 public:
  explicit CompanyTagger(const Gazetteer& gazetteer) : gazetteer_(gazetteer) {}

  // Canonical names of the companies in `a` (title, body, orgs), sorted, without repeats.
  // Thread-safe.
  std::vector<std::string> tag(const Article& a) const;

  // Without a gazetteer: the article's own orgs, de-duplicated.
  static std::vector<std::string> plain_orgs(const Article& a);

  const Gazetteer& gazetteer() const { return gazetteer_; }

 private:
  const Gazetteer& gazetteer_;
};

// The companies an article is indexed with: tagged by `tagger`, or without one the article's
// own orgs (CompanyTagger::plain_orgs).
inline std::vector<std::string> companies_of(const CompanyTagger* tagger, const Article& a) {
  return tagger != nullptr ? tagger->tag(a) : CompanyTagger::plain_orgs(a);
}

}  // namespace rassegna::entities
