#include "searcher/api/errors.h"

namespace rassegna::api {

int http_status(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument:
      return 400;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::unavailable:
    case ErrorCode::io_error:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

std::string_view http_param_name(std::string_view param) noexcept {
  if (param == "query") return "q";
  if (param == "limit") return "size";
  if (param == "offset") return "page";
  return param;
}

ApiResponse error_response(int status, const std::string& code, const std::string& message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

ApiResponse error_response(const Error& error) {
  std::string message;
  if (!error.param().empty()) {
    message = std::string(http_param_name(error.param())) + ": " + error.message();
  } else if (error.code() == ErrorCode::unavailable) {
    message = std::string("the database is not available: ") + error.what();
  } else {
    message = error.what();
  }
  ApiResponse r = error_response(http_status(error.code()), error_code_name(error.code()), message);
  if (r.status == 503) r.headers.emplace_back("Retry-After", "5");
  return r;
}

ApiResponse busy_response(const std::string& why) {
  ApiResponse r = error_response(503, "busy", "the server is busy: " + why + "; retry");
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

ApiResponse internal_error_response() {
  return error_response(500, "internal", "the server failed to answer; the failure is in its log");
}

}  // namespace rassegna::api
