#include "indexer/document_builder.h"

#include <rassegna/analysis/folding.h>
#include <rassegna/analysis/languages.h>
#include <rassegna/company_slots.h>
#include <rassegna/dates.h>
#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

#include "indexer/analysis/language.h"

namespace rassegna {

void DocumentBuilder::index_text(Xapian::Document& doc, std::string_view text, std::string_view lang, bool title,
                                 Xapian::termpos& pos) {
  tokens_.clear();
  analyzer_.tokenize(text, tokens_);
  const bool stemmed = analysis::is_stemmed_language(lang);
  const Xapian::termcount wdf = title ? schema::kTitleWeight : 1;
  // Each stem is added to the document once with its summed wdf (Xapian keeps a document's terms
  // in a map: one insertion per distinct stem instead of one per word). The body's word hashes
  // go to the fingerprint, so that it does not stem the text a second time.
  stems_.clear();
  if (!title) word_hashes_.clear();
  for (const auto& t : tokens_) {
    ++pos;
    doc.add_posting(t.term, pos, wdf);
    if (stemmed) {
      const std::string& stem = analyzer_.stem(t.term, lang);
      if (!title) word_hashes_.push_back(dedup::Fingerprinter::word_hash(stem));
      ++stems_[stem];
    } else if (!title) {
      word_hashes_.push_back(dedup::Fingerprinter::word_hash(t.term));
    }
    if (title) doc.add_posting(std::string(schema::kTitle) + t.term, pos);
  }
  for (const auto& [stem, occurrences] : stems_) {
    doc.add_term(std::string(schema::kStem) + stem, occurrences * wdf);
    if (title) doc.add_term(std::string(schema::kTitleStem) + stem, occurrences);
  }
}

Xapian::Document DocumentBuilder::build(Article& a) {
  if (a.lang.empty()) a.lang = analysis::detect_language(a.title, a.body);

  Xapian::Document doc;
  Xapian::termpos pos = 0;
  index_text(doc, a.title, a.lang, true, pos);
  pos += schema::kBodyPositionGap;
  index_text(doc, a.body, a.lang, false, pos);
  // word_hashes_ holds the body's words now: its near-duplicate bands, and its own story key
  // until the writer's StoryGrouper finds it a story.
  {
    dedup::Fingerprint f = fingerprinter_.of_words(word_hashes_);
    f.day = dedup::fingerprint_day(a.date);
    std::string bands = dedup::encode_bands(f);
    if (!bands.empty()) doc.add_value(schema::kSlotBands, std::move(bands));
  }
  const std::optional<Date> date = parse_article_date(a.date);
  const std::string story = dedup::own_story_key(a.id, date ? date->timestamp_key() : std::string());
  doc.add_boolean_term(std::string(schema::kStory) + story);
  doc.add_value(schema::kSlotStory, story);

  doc.add_boolean_term(std::string(schema::kId) + a.id);
  doc.add_boolean_term(std::string(schema::kLang) + a.lang);
  if (!a.source.empty()) {
    doc.add_boolean_term(std::string(schema::kSource) + analysis::fold(a.source).substr(0, 200));
  }
  std::string companies;
  for (const auto& c : a.companies) {
    doc.add_boolean_term(std::string(schema::kCompany) + schema::company_key(c).substr(0, 200));
    if (!companies.empty()) companies.push_back(schema::kListSeparator);
    companies += c;
  }
  if (!companies.empty()) doc.add_value(schema::kSlotCompanies, companies);
  company_slots::add(doc, a.companies);

  if (date) {
    doc.add_value(schema::kSlotDay, date->day_key());
    doc.add_value(schema::kSlotTimestamp, date->timestamp_key());
  } else {
    doc.add_boolean_term(std::string(schema::kUndated));
  }
  doc.add_value(schema::kSlotSummary, encode_summary(a));  // the article once: summary here, body in the data
  doc.set_data(encode_body(a.body, a.lang));
  return doc;
}

}  // namespace rassegna
