#pragma once
// Article: the plain struct every reader produces and the index stores.

#include <string>
#include <vector>

namespace rassegna {

struct Article {
  std::string id;
  std::string title;
  std::string body;
  std::string date;    // as given: YYYY-MM-DD or ISO-8601 date-time; empty when unknown
  std::string lang;    // it, en, another ISO 639-1 code, or empty (detect)
  std::string source;
  std::string url;
  std::vector<std::string> orgs;       // organisations named by the input itself
  std::vector<std::string> companies;  // canonical company names (tagger + orgs)
};

// Where an article came from, for messages: "corpus/a.jsonl:12".
struct SourceLocation {
  std::string file;
  std::size_t line = 0;  // 0 for whole-file inputs
  std::string to_string() const;
};

}  // namespace rassegna
