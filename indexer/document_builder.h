#pragma once
// Article -> Xapian::Document: free-text terms from the shared Analyzer, filter terms,
// value slots and the stored article, laid out as schema.h says.
// One builder per thread (it owns an Analyzer).

#include <string>
#include <unordered_map>
#include <vector>
#include <xapian.h>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/article.h>

#include "indexer/dedup/fingerprint.h"

namespace rassegna {

class DocumentBuilder {
 public:
  // Fills in what the input left out (language when absent) and builds the document.
  // `a.companies` must already hold the article's companies (see entities/).
  Xapian::Document build(Article& a);

  analysis::Analyzer& analyzer() { return analyzer_; }

 private:
  void index_text(Xapian::Document& doc, std::string_view text, std::string_view lang, bool title,
                  Xapian::termpos& pos);

  analysis::Analyzer analyzer_;
  dedup::Fingerprinter fingerprinter_;  // near-duplicate bands and own story key (dedup/)
  std::vector<analysis::Token> tokens_;
  std::vector<uint64_t> word_hashes_;                          // the body's, for the fingerprint
  std::unordered_map<std::string, Xapian::termcount> stems_;  // one text's stems, how often each
};

}  // namespace rassegna
