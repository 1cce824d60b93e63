// The WebSocket opening handshake (RFC 6455 §4): an HTTP/1.1 Upgrade, validated and answered.
//
//   GET /ws HTTP/1.1                        HTTP/1.1 101 Switching Protocols
//   Host: server.example.com                Upgrade: websocket
//   Upgrade: websocket               ->     Connection: Upgrade
//   Connection: Upgrade                     Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
//   Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
//   Sec-WebSocket-Version: 13
//
// The accept value proves that the server read the key and speaks WebSocket (a plain HTTP
// server or a cache would not compute it): base64(SHA-1(key + GUID)) (§4.2.2 step 5.4).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/common/error.hpp"
#include "rtc/common/random.hpp"
#include "rtc/signaling/http.hpp"

namespace rtc::signaling::ws {

// §1.3 and §4.2.2: the GUID appended to the key before hashing.
inline constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// §4.2.2 step 5.4: base64(SHA-1(key + GUID)). The key is used as sent (its base64 text).
std::string accept_key(std::string_view client_key);

// §4.1: the client's key is 16 random bytes, base64-encoded (24 characters).
std::string make_client_key(Random& random);

struct HandshakeOptions {
  // §4.2.2 and §10.2: when non-empty, a request whose Origin is not listed is refused with
  // 403. Requests without Origin (non-browser clients, which can send any Origin they like
  // anyway) are accepted: the check protects browsers' users, not the server.
  std::vector<std::string> allowed_origins;
};

// The server's verdict on an Upgrade request.
struct UpgradeResult {
  int status = 101;      // 101, or 400 / 403 / 426 (RFC 6455 §4.2.1, §4.4)
  std::string reason;    // why it was refused, for the log and the response body
  std::string response;  // the complete HTTP response to write
};

// True when the request asks for a WebSocket (has "Upgrade: websocket"): such a request
// either gets 101 or an error, never a static file.
bool wants_websocket(const http::Request& request);

// §4.2.1: method GET, HTTP/1.1 or later, Host, "Upgrade: websocket", "Connection: Upgrade",
// a Sec-WebSocket-Key that decodes to 16 bytes, Sec-WebSocket-Version 13 (else 426 with the
// versions we speak, §4.4), and the Origin check.
UpgradeResult validate_upgrade(const http::Request& request, const HandshakeOptions& options);

// ---- Client side ---------------------------------------------------------------------------

// §4.1: the client's opening handshake.
std::string make_client_request(std::string_view host, std::string_view path, std::string_view key,
                                std::string_view origin = {});

// §4.1 (the client's checks on the answer): 101, Upgrade and Connection tokens, the right
// Sec-WebSocket-Accept, and no extension or subprotocol we did not ask for.
Result<void> validate_server_response(const http::Response& response, std::string_view key);

}  // namespace rtc::signaling::ws
