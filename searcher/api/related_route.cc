// GET /api/articles/{id}/related: related coverage (Searcher::related).
#include <rassegna/error.h>

#include "searcher/api/errors.h"
#include "searcher/api/json_format.h"
#include "searcher/api/params.h"
#include "searcher/api/routes.h"

namespace rassegna::api {

ApiResponse Api::related(const ApiRequest& request, const std::string& id) {
  if (!is_parameter_text(id) || id.size() > options_.limits.max_value_bytes) {
    return error_response(404, "not_found", "no article with id " + quote_value(is_parameter_text(id) ? id : "(not UTF-8)"));
  }
  RelatedParams params;
  try {
    params = parse_related_params(request.params, options_.limits);
  } catch (const Error& e) {
    return error_response(e);
  }
  return with_searcher([&](Searcher& searcher) {
    nlohmann::json body = to_json(searcher.related(id, params.days, params.limit));
    body.erase("query");
    body["id"] = id;
    body["days"] = params.days;
    return json_response(200, body);
  });
}

}  // namespace rassegna::api
