#include "near_duplicates.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace rassegna::testing {

std::vector<Article> read_jsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Article> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line);
    Article a;
    a.id = j.value("id", "");
    a.title = j.value("title", "");
    a.body = j.value("body", "");
    a.date = j.value("date", "");
    a.lang = j.value("lang", "");
    a.source = j.value("source", "");
    a.url = j.value("url", "");
    out.push_back(std::move(a));
  }
  return out;
}

std::string write_jsonl(const std::string& path, const std::vector<Article>& articles) {
  std::ofstream out(path, std::ios::binary);
  for (const auto& a : articles) {
    nlohmann::json j = {{"id", a.id}, {"title", a.title}, {"body", a.body}, {"date", a.date}, {"lang", a.lang},
                        {"source", a.source}};
    if (!a.url.empty()) j["url"] = a.url;
    out << j.dump() << '\n';
  }
  return path;
}

std::string trim_last_paragraph(const std::string& body) {
  std::string b = body;
  while (!b.empty() && (b.back() == '\n' || b.back() == ' ')) b.pop_back();
  size_t cut = b.rfind("\n\n");
  if (cut == std::string::npos || cut < b.size() * 6 / 10) cut = b.rfind("\n    ");
  if (cut == std::string::npos || cut < b.size() * 6 / 10) cut = b.rfind('\n');
  if (cut == std::string::npos || cut < b.size() * 6 / 10) return body;
  return b.substr(0, cut);
}

Article republished(const Article& a, const std::string& id, int variant) {
  Article c = a;
  c.id = id;
  c.url.clear();
  const bool italian = a.lang == "it";
  c.title = (italian ? "Ultim'ora, la notizia del giorno: " : "UPDATE 2-Wire report of the day: ") + std::to_string(variant);
  if (variant == 0 || variant == 2) c.body = trim_last_paragraph(c.body);
  if (variant == 0 || variant == 1) {
    c.body += italian ? "\n\n(Riproduzione riservata, redazione agenzia)" : "\n\n(Reporting by the wire desk; Editing by the night editor)";
  }
  c.source = "Wire copy " + std::to_string(variant);
  if (c.date.size() >= 10 && c.date[8] < '2') c.date[9] = static_cast<char>(c.date[9] == '9' ? '8' : c.date[9] + 1);
  return c;
}

}  // namespace rassegna::testing
