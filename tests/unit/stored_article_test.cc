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
  EXPECT_THROW(decode_body(it.substr(0, it.size() - 3)), Error);
  EXPECT_THROW(decode_body(en + "x"), Error);
}

TEST(StoredArticle, BodiesWrittenWithZstdStayReadable) {
  // Bytes written by encode_body since bodies are zstd frames (ids 3, 4, 5), with and without a
  // dictionary: a change of dictionary or codec under these ids would make them unreadable.
  const std::string it(
      "\x04\x28\xb5\x2f\xfd\x20\x52\x65\x01\x00\x70\x53\x6e\x6f\x20\x69\x6e\x20\x76\x69\x67\x6f\x72\x65\x2e\x08\x80"
      "\xc0\x0f\x47\x67\x31\x12\x6b\x26\xfe\xda\xee\x01\xe6\x5e\x1c\x44\x09\x8a\x5d\x83\x93\x15\x36\xbc\x64\x46\x02",
      54);
  const std::string en(
      "\x05\x28\xb5\x2f\xfd\x20\x50\x25\x01\x00\x70\x2c\x74\x6f\x6c\x64\x20\x52\x65\x75\x74\x65\x72\x73\x2e\x06\x80"
      "\xc0\x0f\x80\xba\x1e\x9e\x22\xfb\x36\x3c\xc7\xc3\x8b\x7b\x94\x61\x98\x1f\x0b",
      46);
  const std::string de = std::string("\x03\x28\xb5\x2f\xfd\x20\x36\xb1\x01\x00", 10) +
                         "Die Regierung hat am Dienstag neue Regeln beschlossen.";
  EXPECT_EQ(decode_body(it), "Secondo quanto riferito dal presidente della Regione, le misure restano in vigore.");
  EXPECT_EQ(decode_body(en), "The company said net profit rose in the first quarter, a spokesman told Reuters.");
  EXPECT_EQ(decode_body(de), "Die Regierung hat am Dienstag neue Regeln beschlossen.");
  // What is written now is zstd with the language's dictionary (the old deflate ids stay readable).
  EXPECT_EQ(encode_body("Un testo.", "it")[0], '\x04');
  EXPECT_EQ(encode_body("A text.", "en")[0], '\x05');
  EXPECT_EQ(encode_body("Ein Text.", "de")[0], '\x03');
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
  wrong_dictionary[0] = 5;  // decoded with the English dictionary: garbage or an error, never the text
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
