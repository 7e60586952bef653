#include "searcher/query/given_idf_weight.h"

#include <algorithm>

#include "searcher/query/ranking.h"

namespace rassegna::ranking {

GivenIdfWeight::GivenIdfWeight() {
  need_stat(AVERAGE_LENGTH);
  need_stat(DOC_LENGTH);
  need_stat(DOC_LENGTH_MIN);
  need_stat(WDF);
  need_stat(WDF_MAX);
}

GivenIdfWeight* GivenIdfWeight::clone() const { return new GivenIdfWeight(); }

void GivenIdfWeight::init(double factor) {
  termweight_ = factor;
  const double average = get_average_length();
  len_factor_ = average > 0 ? 1 / average : 0;
}

std::string GivenIdfWeight::name() const { return "rassegna::GivenIdfWeight"; }

std::string GivenIdfWeight::serialise() const { return std::string(); }

GivenIdfWeight* GivenIdfWeight::unserialise(const std::string&) const { return new GivenIdfWeight(); }

double GivenIdfWeight::get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount) const {
  if (termweight_ == 0 || wdf == 0) return 0;
  const double normlen = std::max(doclen * len_factor_, kMinNormLength);
  const double w = wdf;
  return termweight_ * (w / (kK1 * (normlen * kB + (1 - kB)) + w));
}

double GivenIdfWeight::get_maxpart() const {
  if (termweight_ == 0) return 0;
  const double w = get_wdf_upper_bound();
  if (w == 0) return 0;
  const double normlen = std::max(get_doclength_lower_bound() * len_factor_, kMinNormLength);
  return termweight_ * (w / (kK1 * (normlen * kB + (1 - kB)) + w));
}

double GivenIdfWeight::get_sumextra(Xapian::termcount, Xapian::termcount) const { return 0; }

double GivenIdfWeight::get_maxextra() const { return 0; }

}  // namespace rassegna::ranking
