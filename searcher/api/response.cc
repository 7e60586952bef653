#include "searcher/api/response.h"

#include "searcher/api/json_format.h"

namespace rassegna::api {

ApiResponse json_response(int status, const nlohmann::json& body) {
  ApiResponse r;
  r.status = status;
  r.body = dump(body);
  return r;
}

}  // namespace rassegna::api
