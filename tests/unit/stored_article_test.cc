#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include <rassegna/error.h>
#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

namespace rassegna {
namespace {

TEST(StoredArticle, RoundTripsEveryField) {
  Article a;
  a.id = "x-1";
  a.title = "Titolo è";
  a.body = std::string(100000, 'b') + "\nfine";
  a.date = "2020-09-14T10:00:00+02:00";
  a.lang = "it";
  a.source = "Fonte";
  a.url = "https://example.org/a";
  a.orgs = {"ORCL.N", "MSFT.O"};
  a.companies = {"Microsoft", "Oracle"};
  Article b = decode_article(encode_article(a));
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(b.date, a.date);
  EXPECT_EQ(b.lang, a.lang);
  EXPECT_EQ(b.source, a.source);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.orgs, a.orgs);
  EXPECT_EQ(b.companies, a.companies);
}

TEST(StoredArticle, RejectsForeignData) {
  EXPECT_THROW(decode_article("{\"id\": 1}"), Error);
  std::string truncated = encode_article(Article{"id", "t", "body", "", "", "", "", {}, {}});
  truncated.resize(truncated.size() - 2);
  EXPECT_THROW(decode_article(truncated), Error);
}

TEST(StoredArticle, BodiesRoundTripInEveryLanguage) {
  const std::string it = "Secondo quanto riferito dal presidente del Consiglio, il governo è pronto. ";
  const std::string en = "The company said on Tuesday that its net profit rose in the quarter. ";
  for (const auto& [body, lang] : std::vector<std::pair<std::string, std::string>>{
           {it + it + it, "it"}, {en + en, "en"}, {en, "de"}, {"", "it"}, {"x", "en"},
           {std::string(300000, 'z') + "\n\xc3\xa8", "it"}, {std::string(1, '\0') + "nul", ""}}) {
    const std::string data = encode_body(body, lang);
    EXPECT_EQ(decode_body(data), body) << lang << " " << body.size();
    EXPECT_LT(data.size(), body.size() + 16) << lang;  // deflated, not inflated
  }
}

TEST(StoredArticle, TheDictionaryPaysOnNews) {
  // Deflate alone (dictionary id 0) against the language's preset dictionary on one article's
  // worth of ordinary news text: the dictionary must win clearly, or it is not worth its id.
  const std::string body =
      "Il presidente della Regione ha firmato questa mattina una nuova ordinanza che prevede "
      "ulteriori misure per il contenimento dell'emergenza sanitaria. Secondo quanto si apprende, "
      "le disposizioni resteranno in vigore fino alla fine del mese, salvo nuove indicazioni da parte "
      "del governo e delle autorità competenti.";
  const size_t with = encode_body(body, "it").size();
  const size_t without = encode_body(body, "xx").size();
  EXPECT_LT(with * 10, without * 9) << with << " vs " << without;
}

TEST(StoredArticle, BodiesWrittenBySchema2StayReadable) {
  // Bytes written by encode_body when the dictionaries were released (ids 1 and 2). If a
  // dictionary is regenerated in place, these no longer inflate to the text: that would make
  // every database built before unreadable. A new dictionary needs a new id instead.
  const std::string it("\x01\x0b\x46\x3d\x82\x17\x7e\x05\x0e\xf8\x38\x50\xcc\x23\x24\xc1\x1b\x8a\xc1\xbb\xf0\xa1\xfb"
                       "\x23\xc0\x75\x28\x64\x89\x15\xe4\xbe\x53\x3d\x00",
                       35);
  const std::string en("\x02\xc3\x70\x02\xd2\xc2\x1e\x70\x57\x1c\xdb\x6a\x7c\x1d\x94\xcd\xa7\x28\x3d\x7d\x00", 21);
  EXPECT_EQ(decode_body(it), "Secondo quanto riferito dal presidente della Regione, le misure restano in vigore.");
  EXPECT_EQ(decode_body(en), "The company said net profit rose in the first quarter, a spokesman told Reuters.");
}

TEST(StoredArticle, RejectsForeignBodies) {
  const std::string good = encode_body("Un testo qualunque, abbastanza lungo da comprimere.", "it");
  std::string unknown = good;
  unknown[0] = static_cast<char>(200);  // no such dictionary
  EXPECT_THROW(decode_body(unknown), Error);
  std::string truncated = good.substr(0, good.size() - 3);
  EXPECT_THROW(decode_body(truncated), Error);
  EXPECT_THROW(decode_body(good + "trailing"), Error);
  std::string wrong_dictionary = good;
  wrong_dictionary[0] = 2;  // inflated with the English dictionary: garbage or an error, never the text
  try {
    EXPECT_NE(decode_body(wrong_dictionary), "Un testo qualunque, abbastanza lungo da comprimere.");
  } catch (const Error&) {
  }
}

TEST(StoredArticle, DocumentsHoldTheArticleOnce) {
  Article a{"id-7", "Titolo", "Il corpo dell'articolo, con la sua storia.", "2020-09-14", "it", "Fonte",
            "https://example.org/7", {"ORG"}, {"Acme"}};
  Xapian::Document doc;
  doc.add_value(schema::kSlotSummary, encode_summary(a));
  doc.set_data(encode_body(a.body, a.lang));
  EXPECT_EQ(doc.get_data().find("Titolo"), std::string::npos);
  EXPECT_EQ(doc.get_data().find("example.org"), std::string::npos);
  Article b = decode_document(doc);
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.companies, a.companies);
}

}  // namespace
}  // namespace rassegna
