#pragma once
// The one project error type. Libraries throw it; programs map `code` to an exit status
// and the HTTP API maps it to a status code.

#include <stdexcept>
#include <string>

namespace rassegna {

enum class ErrorCode {
  invalid_argument,  // a bad parameter, flag or query: the caller can fix it (HTTP 400)
  not_found,         // an unknown article id or path (HTTP 404)
  unavailable,       // the database is missing or unreadable (HTTP 503)
  io_error,          // a file could not be read or written
  internal,          // a bug (HTTP 500)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

// "invalid_argument", "not_found", ... for JSON error bodies.
const char* error_code_name(ErrorCode code) noexcept;

}  // namespace rassegna
