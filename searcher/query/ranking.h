#pragma once
// BM25's parameters, in one place. The direct matcher (direct_match.cc) scores with them,
// Enquire is given bm25_weight() (searcher.cc), and the differential test's oracle
// (tests/integration/tree_oracle.cc) computes with them, so the two paths and the oracle agree
// to 1e-9 whatever the values. They are chosen with bench/quality/ (docs/quality.md): change
// them only with a same-run table showing the change helps every language.

#include <xapian.h>

namespace rassegna::ranking {

inline constexpr double kK1 = 1.0;              // term frequency saturation
inline constexpr double kB = 0.5;               // length normalisation: 0 none, 1 full
inline constexpr double kMinNormLength = 0.5;   // shorter documents count as this long (share of the average)

// Xapian's BM25Weight with these parameters (k2 = 0 and k3 = 1 are Xapian's defaults: no
// document-length correction term, and a word typed twice counts once).
inline Xapian::BM25Weight bm25_weight() { return Xapian::BM25Weight(kK1, 0, 1, kB, kMinNormLength); }

}  // namespace rassegna::ranking
