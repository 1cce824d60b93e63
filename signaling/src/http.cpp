// RFC 9112 §2-§5: the message head. Read parse_fields() (the field lines, shared by requests
// and responses), then the two start lines, then RequestParser (buffering with limits).
#include "rtc/signaling/http.hpp"

#include <algorithm>
#include <cstdio>

namespace rtc::signaling::http {

namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// RFC 9110 §5.6.2: tchar, the characters of a token (field names, methods).
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits the head into lines at CRLF. The head ends with an empty line, so the last line
// returned is empty. Bare CR or LF inside a line is rejected (RFC 9112 §2.2 lets a recipient
// do that, and it closes the door on request smuggling through odd line endings).
Result<std::vector<std::pair<std::string_view, std::size_t>>> split_lines(std::string_view head) {
  std::vector<std::pair<std::string_view, std::size_t>> lines;
  std::size_t at = 0;
  while (at < head.size()) {
    const std::size_t crlf = head.find("\r\n", at);
    if (crlf == std::string_view::npos) return fail_at(Errc::truncated, "head not terminated", at);
    std::string_view line = head.substr(at, crlf - at);
    const std::size_t bad = line.find_first_of("\r\n");
    if (bad != std::string_view::npos) {
      return fail_at(Errc::malformed, "bare CR or LF in a line", at + bad);
    }
    lines.emplace_back(line, at);
    at = crlf + 2;
    if (line.empty()) break;
  }
  if (lines.empty() || !lines.back().first.empty()) {
    return fail_at(Errc::truncated, "head not terminated by an empty line", head.size());
  }
  return lines;
}

// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
Result<void> parse_fields(const std::vector<std::pair<std::string_view, std::size_t>>& lines,
                          const Limits& limits, Fields& out) {
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    const auto [line, offset] = lines[i];
    if (line.front() == ' ' || line.front() == '\t') {
      // RFC 9112 §5.2: obsolete line folding; a server may reject it with 400.
      return fail_at(Errc::malformed, "obsolete line folding", offset);
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return fail_at(Errc::malformed, "field line without a name and ':'", offset);
    }
    const std::string_view name = line.substr(0, colon);
    // RFC 9112 §5.1: no whitespace between the name and the colon (400 if there is).
    if (!std::all_of(name.begin(), name.end(), is_tchar)) {
      return fail_at(Errc::malformed, "invalid character in field name", offset);
    }
    const std::string_view value = trim(line.substr(colon + 1));
    for (std::size_t k = 0; k < value.size(); ++k) {
      const auto c = static_cast<unsigned char>(value[k]);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return fail_at(Errc::malformed, "control character in field value", offset + colon + 1 + k);
      }
    }
    if (out.headers.size() >= limits.max_headers) {
      return fail_at(Errc::unsupported, "too many header fields", offset);
    }
    out.headers.push_back(Header{std::string(name), std::string(value)});
  }
  return {};
}

Result<int> parse_version(std::string_view v, std::size_t offset) {
  // RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT; we speak 1.x only.
  if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || v[5] != '1' || v[6] != '.' || v[7] < '0' ||
      v[7] > '9') {
    return fail_at(Errc::unsupported, "not HTTP/1.x", offset);
  }
  return v[7] - '0';
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

const std::string* Fields::get(std::string_view name) const {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

bool Fields::has_token(std::string_view name, std::string_view token) const {
  for (const auto& h : headers) {
    if (!iequals(h.name, name)) continue;
    std::string_view list = h.value;
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      const std::string_view element = trim(list.substr(0, comma));
      if (iequals(element, token)) return true;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return false;
}

std::string_view Request::path() const {
  return std::string_view(target).substr(0, target.find('?'));
}

std::string_view Request::query() const {
  const std::size_t q = target.find('?');
  return q == std::string::npos ? std::string_view() : std::string_view(target).substr(q + 1);
}

std::optional<std::string_view> Request::query_param(std::string_view key) const {
  std::string_view q = query();
  while (!q.empty()) {
    const std::size_t amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key) {
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

Result<Request> parse_request_head(std::string_view head, const Limits& limits) {
  if (head.size() > limits.max_head_bytes) {
    return fail_at(Errc::unsupported, "request head too large", limits.max_head_bytes);
  }
  auto lines = split_lines(head);
  if (!lines) return std::unexpected(lines.error());
  // RFC 9112 §3: request-line = method SP request-target SP HTTP-version
  const std::string_view line = (*lines)[0].first;
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return fail_at(Errc::malformed, "request line is not 'METHOD TARGET VERSION'", 0);
  }
  Request r;
  r.method = std::string(line.substr(0, sp1));
  r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  if (r.method.empty() || !std::all_of(r.method.begin(), r.method.end(), is_tchar)) {
    return fail_at(Errc::malformed, "invalid method", 0);
  }
  // Origin-form only (RFC 9112 §3.2.1): "/path?query", printable ASCII.
  if (r.target.empty() || r.target.front() != '/') {
    return fail_at(Errc::malformed, "request target is not origin-form", sp1 + 1);
  }
  for (char c : r.target) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return fail_at(Errc::malformed, "invalid target byte", sp1 + 1);
  }
  auto minor = parse_version(line.substr(sp2 + 1), sp2 + 1);
  if (!minor) return std::unexpected(minor.error());
  r.version_minor = *minor;
  if (auto ok = parse_fields(*lines, limits, r); !ok) return std::unexpected(ok.error());
  // No request bodies here: a GET with a body is unusual and a body we did not read would be
  // taken for the next request (RFC 9112 §6.3 request smuggling).
  if (r.get("Transfer-Encoding")) return fail(Errc::unsupported, "request bodies not supported");
  if (const std::string* cl = r.get("Content-Length"); cl && *cl != "0") {
    return fail(Errc::unsupported, "request bodies not supported");
  }
  return r;
}

Result<Response> parse_response_head(std::string_view head, const Limits& limits) {
  if (head.size() > limits.max_head_bytes) {
    return fail_at(Errc::unsupported, "response head too large", limits.max_head_bytes);
  }
  auto lines = split_lines(head);
  if (!lines) return std::unexpected(lines.error());
  // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
  const std::string_view line = (*lines)[0].first;
  if (line.size() < 12 || line[8] != ' ' || (line.size() > 12 && line[12] != ' ')) {
    return fail_at(Errc::malformed, "bad status line", 0);
  }
  if (auto minor = parse_version(line.substr(0, 8), 0); !minor) {
    return std::unexpected(minor.error());
  }
  Response r;
  for (std::size_t i = 9; i < 12; ++i) {
    if (line[i] < '0' || line[i] > '9') return fail_at(Errc::malformed, "bad status code", i);
    r.status = r.status * 10 + (line[i] - '0');
  }
  if (line.size() > 13) r.reason = std::string(line.substr(13));
  if (auto ok = parse_fields(*lines, limits, r); !ok) return std::unexpected(ok.error());
  return r;
}

Result<std::optional<Request>> RequestParser::feed(BytesView data) {
  buffer_.append(as_string_view(data));
  const std::size_t end = buffer_.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (buffer_.size() > limits_.max_head_bytes) {
      error_status_ = 431;  // RFC 6585 §5: Request Header Fields Too Large
      return fail_at(Errc::unsupported, "request head too large", limits_.max_head_bytes);
    }
    return std::nullopt;
  }
  const std::size_t head_size = end + 4;
  auto request = parse_request_head(std::string_view(buffer_).substr(0, head_size), limits_);
  if (!request) {
    error_status_ = request.error().code == Errc::unsupported ? 431 : 400;
    if (request.error().message == "not HTTP/1.x") error_status_ = 505;
    if (request.error().message == "request bodies not supported") error_status_ = 400;
    return std::unexpected(request.error());
  }
  buffer_.erase(0, head_size);
  return std::optional<Request>(std::move(*request));
}

std::string RequestParser::take_rest() {
  std::string rest = std::move(buffer_);
  buffer_ = std::string();
  return rest;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 426:
      return "Upgrade Required";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string make_response(int status, const std::vector<Header>& headers, std::string_view body,
                          bool head_only) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  for (const auto& h : headers) out += h.name + ": " + h.value + "\r\n";
  // 1xx and 304 carry no body and no Content-Length of one (RFC 9110 §8.6).
  if (status >= 200 && status != 204 && status != 304) {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  out += "\r\n";
  if (!head_only) out.append(body);
  return out;
}

std::optional<std::string> safe_relative_path(std::string_view request_path) {
  // RFC 3986 §2.1: percent-decoding.
  std::string decoded;
  for (std::size_t i = 0; i < request_path.size(); ++i) {
    char c = request_path[i];
    if (c == '%') {
      if (i + 2 >= request_path.size()) return std::nullopt;
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      const int hi = hex(request_path[i + 1]);
      const int lo = hex(request_path[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0' || c == '\\') return std::nullopt;
    decoded.push_back(c);
  }
  if (decoded.empty() || decoded.front() != '/') return std::nullopt;
  if (decoded.back() == '/') decoded += "index.html";
  // Every segment must be a plain name: no "", ".", ".." and no hidden files (".git").
  std::string_view rest = std::string_view(decoded).substr(1);
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment.front() == '.') return std::nullopt;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return decoded.substr(1);
}

std::string_view content_type_for(std::string_view file_name) {
  const std::size_t dot = file_name.rfind('.');
  const std::string_view ext =
      dot == std::string_view::npos ? std::string_view() : file_name.substr(dot + 1);
  struct Entry {
    std::string_view ext;
    std::string_view type;
  };
  static constexpr Entry kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},  // RFC 9239 §6
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"txt", "text/plain; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"ico", "image/x-icon"},
      {"wasm", "application/wasm"},
  };
  for (const auto& e : kTypes) {
    if (iequals(e.ext, ext)) return e.type;
  }
  return "application/octet-stream";
}

std::string make_etag(std::uint64_t size, std::int64_t mtime_ns) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(mtime_ns));
  return buf;
}

}  // namespace rtc::signaling::http
