// A minimal HTTP/1.1 (RFC 9110, RFC 9112) message-head parser, with limits, and the pieces of
// a static file server: safe paths, content types, ETags, responses.
//
// WebSocket starts life as an HTTP/1.1 GET with "Upgrade: websocket" (RFC 6455 §4.1), so the
// signaling server must read HTTP requests anyway; it also serves the demo page. Only what
// that needs is here: GET/HEAD heads, no request bodies, no chunked encoding. Limits come
// first because a parser that buffers "until CRLF CRLF" is the oldest way to eat a server's
// memory (the slowloris attack): the head is bounded in bytes and in header count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::signaling::http {

struct Header {
  std::string name;   // as received; compare case-insensitively (RFC 9110 §5.1)
  std::string value;  // leading and trailing whitespace removed (RFC 9110 §5.5)
};

// What a request head and a response head share: the start line and the fields.
struct Fields {
  std::vector<Header> headers;
  // The first field of that name (case-insensitive), or nullptr.
  const std::string* get(std::string_view name) const;
  // True when the comma-separated field `name` (possibly repeated) has element `token`,
  // compared case-insensitively: "Connection: keep-alive, Upgrade" has "upgrade".
  bool has_token(std::string_view name, std::string_view token) const;
};

struct Request : Fields {
  std::string method;              // "GET"
  std::string target;              // "/ws?x=1" (origin-form, RFC 9112 §3.2.1)
  int version_minor = 1;           // HTTP/1.0 or HTTP/1.1
  std::string_view path() const;   // target before '?'
  std::string_view query() const;  // target after '?', or empty
  // The value of a query parameter ("EIO" in "/socket.io/?EIO=4&transport=websocket"), raw.
  std::optional<std::string_view> query_param(std::string_view key) const;
};

struct Response : Fields {
  int status = 0;
  std::string reason;
};

struct Limits {
  std::size_t max_head_bytes = 8 * 1024;  // request line + headers + blank line
  std::size_t max_headers = 64;
};

// Parses a whole request head: the bytes up to and including the empty line.
// The error's offset points at the offending byte.
Result<Request> parse_request_head(std::string_view head, const Limits& limits = {});
Result<Response> parse_response_head(std::string_view head, const Limits& limits = {});

// Accumulates bytes until a complete head has arrived (sans-IO: the server feeds what it
// reads). Bytes after the head (a pipelined request, or the first WebSocket frames a client
// sent without waiting) are kept for whoever reads next: take_rest().
class RequestParser {
 public:
  explicit RequestParser(Limits limits = {}) : limits_(limits) {}

  // Appends bytes. Returns a request once its head is complete, nullopt while more bytes are
  // needed, or an error; error_status() then says which HTTP status to answer with.
  Result<std::optional<Request>> feed(BytesView data);
  int error_status() const { return error_status_; }
  // Bytes received after the last complete head.
  std::string take_rest();
  std::size_t buffered() const { return buffer_.size(); }

 private:
  Limits limits_;
  std::string buffer_;
  int error_status_ = 400;
};

// ---- Writing responses and serving files ------------------------------------------------

const char* reason_phrase(int status);

// "HTTP/1.1 404 Not Found\r\n" + fields + "Content-Length" + "\r\n" + body. `head_only`
// leaves the body out but keeps its Content-Length (a HEAD answer, RFC 9110 §9.3.2).
std::string make_response(int status, const std::vector<Header>& headers,
                          std::string_view body = {}, bool head_only = false);

// Maps a request path to a relative file path under the web root: percent-decodes it,
// and refuses anything that could leave the root ("..", NUL, backslashes, empty segments
// that hide them). "/" becomes "index.html". nullopt means 404 without touching the disk.
std::optional<std::string> safe_relative_path(std::string_view request_path);

// The media type (RFC 9110 §8.3) for a file name's extension; text types say UTF-8.
std::string_view content_type_for(std::string_view file_name);

// A strong validator (RFC 9110 §8.8.3) from the file's size and modification time.
std::string make_etag(std::uint64_t size, std::int64_t mtime_ns);

// Case-insensitive ASCII equality, for field names and tokens.
bool iequals(std::string_view a, std::string_view b);

}  // namespace rtc::signaling::http
