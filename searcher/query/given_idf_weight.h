#pragma once
// BM25 whose term weight comes with the query instead of from Xapian's statistics.
//
// Over several databases (a collection's partitions) Xapian 1.4 works out the document
// frequency of an OP_SYNONYM on each sub-database's own posting-list tree, so a word's exact
// form and stems can get a frequency one or two off the one a single database holding the same
// articles gives (seen: 46 against 45 for veri|Zver over 90 partitions), and scores drift by
// ~0.1 %. Enquire on a local collection therefore runs with this weight: the lowering
// (lowering.h, to_xapian with CollectionIdf) wraps every word in OP_SCALE_WEIGHT whose factor is
// the word's BM25 idf computed from the whole collection's frequencies, and this class uses that
// factor as the term weight. Everything else is Xapian's BM25Weight with ranking.h's parameters
// (the same length normalisation, the same bounds), so scores equal a single database's.
//
// Only for local databases: a stock xapian-tcpsrv cannot run a weight class it does not know.

#include <string>
#include <xapian.h>

namespace rassegna::ranking {

class GivenIdfWeight : public Xapian::Weight {
 public:
  GivenIdfWeight();
  GivenIdfWeight* clone() const override;
  void init(double factor) override;
  std::string name() const override;
  std::string serialise() const override;
  GivenIdfWeight* unserialise(const std::string& serialised) const override;
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
  double get_maxpart() const override;
  double get_sumextra(Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
  double get_maxextra() const override;

 private:
  double termweight_ = 0;  // the idf the query gave (OP_SCALE_WEIGHT's factor)
  double len_factor_ = 0;  // 1 / the collection's average length
};

}  // namespace rassegna::ranking
