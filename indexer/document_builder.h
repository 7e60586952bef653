#pragma once
// Article -> Xapian::Document: free-text terms from the shared Analyzer, filter terms,
// value slots and the stored article, laid out as schema.h says.
// One builder per thread (it owns an Analyzer).

#include <xapian.h>

#include <vector>

#include "analysis/analyzer.h"
#include "article.h"

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
  std::vector<analysis::Token> tokens_;
  std::string scratch_;
};

// The key of a company in filter terms: its canonical name folded ("Intesa Sanpaolo" -> "intesa sanpaolo").
std::string company_key(std::string_view canonical_name);

}  // namespace rassegna
