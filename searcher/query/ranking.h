#pragma once
// BM25's parameters, in one place. The direct matcher (direct_match.cc) scores with them,
// Enquire is given bm25_weight() (searcher.cc), and the differential test's oracle
// (tests/integration/tree_oracle.cc) computes with them, so the two paths and the oracle agree
// to 1e-9 whatever the values. They are chosen with bench/quality/ (docs/quality.md): change
// them only with a same-run table showing the change helps every language.

#include <cmath>
#include <xapian.h>

namespace rassegna::ranking {

// Term frequency saturation. 0.7, below Xapian's 1.0: a word's exact form and stem both count
// (wdf 2 for one occurrence), so the first occurrences already say most of what repetition can;
// on bench/quality's dev sets 0.7 ranked the target higher for 12 queries and lower
// for 4, over the four sets (docs/quality.md).
inline constexpr double kK1 = 0.7;
inline constexpr double kB = 0.5;              // length normalisation: 0 none, 1 full (Xapian's default)
inline constexpr double kMinNormLength = 0.5;  // shorter documents count as this long, as a share of the
                                               // average (Xapian's default)

// Xapian's BM25Weight with these parameters (k2 = 0 and k3 = 1 are Xapian's defaults: no
// document-length correction term, and a word typed twice counts once).
inline Xapian::BM25Weight bm25_weight() { return Xapian::BM25Weight(kK1, 0, 1, kB, kMinNormLength); }

// BM25Weight's term weight (idf times k1 + 1) for a term in `df` of `doc_count` documents.
inline double bm25_idf(Xapian::doccount doc_count, Xapian::doccount df) {
  double ratio = (static_cast<double>(doc_count) - df + 0.5) / (df + 0.5);
  if (ratio < 2) ratio = ratio * 0.5 + 1;  // Xapian's guard against negative weights
  return std::log(ratio) * (kK1 + 1);
}

}  // namespace rassegna::ranking
