#pragma once
// How failures become HTTP answers: one status per project error code, and one JSON shape,
//   {"error": {"code": "invalid_argument", "message": "size: '0' is not between 1 and 100"}}
// A message about one parameter starts with its name as the HTTP API spells it, taken from the
// error's param(): the searcher's "query" is "q", its "limit" is "size" and its "offset" "page".

#include <string>
#include <string_view>

#include <rassegna/error.h>

#include "searcher/api/response.h"

namespace rassegna::api {

// HTTP status for a project error code.
int http_status(ErrorCode code) noexcept;

// The HTTP parameter for a parameter or SearchRequest field named by an Error.
std::string_view http_param_name(std::string_view param) noexcept;

// {"error": {"code": code, "message": message}} with the given status.
ApiResponse error_response(int status, const std::string& code, const std::string& message);

// The answer for a project error: its status and code name, the message with the parameter
// named as above; 503s carry Retry-After: 5. Do not pass ErrorCode::internal here: its text
// belongs in the log, the client gets internal_error_response().
ApiResponse error_response(const Error& error);

// 503 "busy" (Retry-After: 1): no worker came free in time; `why` says how long it waited.
ApiResponse busy_response(const std::string& why);

// 500 "internal": says nothing of the failure, which goes to the log.
ApiResponse internal_error_response();

}  // namespace rassegna::api
