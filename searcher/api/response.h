#pragma once
// What the API takes and gives, without sockets: a plain request (method, path, decoded query
// parameters) in, a status, a body and a content type out. http_server.h turns HTTP into these.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace rassegna::api {

struct ApiRequest {
  std::string method = "GET";
  std::string path;                                // decoded, without the query string
  std::multimap<std::string, std::string> params;  // decoded query parameters
  std::string base_url;  // "http://host[:port]" as the client named the server; empty when unknown
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Allow, Retry-After)
  // When set, the body is made piece by piece and sent chunked (`body` is ignored): each call
  // appends the next piece to its argument and returns false once there is nothing more.
  std::function<bool(std::string&)> stream;
};

// `body` serialised (invalid UTF-8 replaced, never thrown on) with the given status.
ApiResponse json_response(int status, const nlohmann::json& body);

}  // namespace rassegna::api
