// Failures to HTTP answers: the status per error code, the JSON shape, parameter names taken
// from the error's param(), and the retry hints of 503s.
#include <algorithm>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include <rassegna/error.h>

#include "searcher/api/errors.h"

namespace rassegna::api {
namespace {

using nlohmann::json;

json body_of(const ApiResponse& r) { return json::parse(r.body); }

std::string header(const ApiResponse& r, const std::string& name) {
  auto it = std::find_if(r.headers.begin(), r.headers.end(), [&](const auto& h) { return h.first == name; });
  return it == r.headers.end() ? std::string() : it->second;
}

TEST(ErrorMapping, StatusPerCode) {
  EXPECT_EQ(http_status(ErrorCode::invalid_argument), 400);
  EXPECT_EQ(http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(http_status(ErrorCode::unavailable), 503);
  EXPECT_EQ(http_status(ErrorCode::io_error), 503);
  EXPECT_EQ(http_status(ErrorCode::internal), 500);
  ApiResponse r = error_response(418, "teapot", "short and stout");
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(body_of(r), json::parse(R"({"error":{"code":"teapot","message":"short and stout"}})"));
}

TEST(ErrorMapping, ParameterNamesComeFromTheError) {
  const std::vector<std::pair<Error, std::string>> cases = {
      {Error(ErrorCode::invalid_argument, "query", "error at position 1: the quote opened here is never closed"),
       "q: error at position 1: the quote opened here is never closed"},
      {Error(ErrorCode::invalid_argument, "limit", "101 is more than 100"), "size: 101 is more than 100"},
      {Error(ErrorCode::invalid_argument, "offset", "paging stops at 10000 hits"), "page: paging stops at 10000 hits"},
      {Error(ErrorCode::invalid_argument, "from", "'ieri' is not a date"), "from: 'ieri' is not a date"},
      {Error(ErrorCode::invalid_argument, "size", "'0' is not between 1 and 100"), "size: '0' is not between 1 and 100"},
      {Error(ErrorCode::invalid_argument, "no parameter here"), "no parameter here"},
  };
  for (const auto& [error, message] : cases) {
    ApiResponse r = error_response(error);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(body_of(r), (json{{"error", {{"code", "invalid_argument"}, {"message", message}}}}));
    EXPECT_TRUE(r.headers.empty());
  }
}

TEST(ErrorMapping, UnavailableAndIoErrorsSayWhenToRetry) {
  ApiResponse gone = error_response(Error(ErrorCode::unavailable, "cannot open database '/x'"));
  EXPECT_EQ(gone.status, 503);
  EXPECT_EQ(body_of(gone)["error"]["code"], "unavailable");
  EXPECT_EQ(body_of(gone)["error"]["message"], "the database is not available: cannot open database '/x'");
  EXPECT_EQ(header(gone, "Retry-After"), "5");

  ApiResponse io = error_response(Error(ErrorCode::io_error, "cannot read gazetteer 'g.tsv'"));
  EXPECT_EQ(io.status, 503);
  EXPECT_EQ(body_of(io)["error"]["code"], "io_error");
  EXPECT_EQ(header(io, "Retry-After"), "5");

  ApiResponse missing = error_response(Error(ErrorCode::not_found, "no article with id 'x'"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(body_of(missing)["error"]["message"], "no article with id 'x'");

  ApiResponse busy = busy_response("every database handle stayed busy for 5000 ms");
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(body_of(busy)["error"]["code"], "busy");
  EXPECT_EQ(header(busy, "Retry-After"), "1");

  ApiResponse internal = internal_error_response();
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(body_of(internal)["error"]["code"], "internal");
}

}  // namespace
}  // namespace rassegna::api
