#include "searcher/api/exports.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "searcher/api/json_format.h"

namespace rassegna::api {
namespace {

std::string csv_cell(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
    v.insert(v.begin(), '\'');
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

std::string csv_header() { return "id,date,lang,source,title,url,companies\r\n"; }

std::string csv_row(const Article& a) {
  std::string companies;
  for (const auto& c : a.companies) companies += (companies.empty() ? "" : "; ") + c;
  return csv_cell(a.id) + "," + csv_cell(a.date) + "," + csv_cell(a.lang) + "," + csv_cell(a.source) + "," +
         csv_cell(a.title) + "," + csv_cell(a.url) + "," + csv_cell(companies) + "\r\n";
}

std::string jsonl_row(const Article& a) {
  nlohmann::json j = {{"id", a.id},     {"date", a.date},           {"lang", a.lang}, {"source", a.source},
                      {"title", a.title}, {"url", a.url}, {"companies", a.companies}, {"body", a.body}};
  return dump(j) + "\n";
}

std::function<bool(std::string&)> export_stream(std::vector<std::string> ids, ExportFormat format, ArticleReader read,
                                                size_t batch, std::function<void(const std::string&)> on_error) {
  struct State {
    std::vector<std::string> ids;
    size_t next = 0;
    bool header = true;
  };
  auto state = std::make_shared<State>();
  state->ids = std::move(ids);
  return [state, format, read = std::move(read), batch, on_error = std::move(on_error)](std::string& out) {
    if (state->header) {
      state->header = false;
      if (format == ExportFormat::csv) out += csv_header();
      if (!state->ids.empty()) return true;
    }
    if (state->next >= state->ids.size()) return false;
    const size_t end = std::min(state->ids.size(), state->next + std::max<size_t>(batch, 1));
    std::vector<std::string> part(state->ids.begin() + static_cast<std::ptrdiff_t>(state->next),
                                  state->ids.begin() + static_cast<std::ptrdiff_t>(end));
    state->next = end;
    try {
      for (const Article& a : read(part)) out += format == ExportFormat::csv ? csv_row(a) : jsonl_row(a);
    } catch (const std::exception& e) {
      on_error(e.what());
      state->next = state->ids.size();
      return false;
    }
    return state->next < state->ids.size();
  };
}

}  // namespace rassegna::api
