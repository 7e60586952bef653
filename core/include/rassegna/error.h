#pragma once
// The one project error type. Libraries throw it; programs map `code` to an exit status
// and the HTTP API maps it to a status code.

#include <stdexcept>
#include <string>
#include <string_view>

namespace rassegna {

enum class ErrorCode {
  invalid_argument,  // a bad parameter, flag or query: the caller can fix it (HTTP 400)
  not_found,         // an unknown article id or path (HTTP 404)
  unavailable,       // the database is missing or unreadable (HTTP 503)
  io_error,          // a file could not be read or written (HTTP 503)
  internal,          // a bug (HTTP 500)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  // An error about one parameter, flag or field (`param`: "query", "from", "size"). what() is
  // "param: message", which is what a program prints; an interface that calls the parameter
  // something else (the HTTP API's "q" for the searcher's "query") reads param() and message().
  Error(ErrorCode code, std::string_view param, const std::string& message)
      : std::runtime_error(std::string(param) + ": " + message), code_(code), param_size_(param.size()) {}

  ErrorCode code() const noexcept { return code_; }
  // The parameter at fault; empty when the error is not about one.
  std::string_view param() const noexcept { return {what(), param_size_}; }
  // what() without the "param: " prefix.
  const char* message() const noexcept { return what() + (param_size_ > 0 ? param_size_ + 2 : 0); }

 private:
  ErrorCode code_;
  // param() and message() are views into what(): copying an Error stays as cheap and as
  // exception-safe as copying a std::runtime_error.
  size_t param_size_ = 0;
};

// "invalid_argument", "not_found", ... for JSON error bodies.
const char* error_code_name(ErrorCode code) noexcept;

}  // namespace rassegna
