// RFC 6455 §4.1 (client) and §4.2 (server): the opening handshake.
#include "rtc/signaling/websocket_handshake.hpp"

#include <algorithm>

#include "rtc/common/crypto.hpp"
#include "rtc/common/encoding.hpp"

namespace rtc::signaling::ws {

std::string accept_key(std::string_view client_key) {
  std::string input(client_key);
  input += kAcceptGuid;
  return to_base64(crypto::digest(crypto::HashAlgorithm::sha1, as_bytes(input)));
}

std::string make_client_key(Random& random) {
  std::uint8_t nonce[16];
  random.fill(nonce);
  return to_base64(nonce);
}

bool wants_websocket(const http::Request& request) {
  return request.has_token("Upgrade", "websocket");
}

namespace {

UpgradeResult refuse(int status, std::string reason, std::vector<http::Header> extra = {}) {
  extra.push_back({"Content-Type", "text/plain; charset=utf-8"});
  extra.push_back({"Connection", "close"});
  UpgradeResult r;
  r.status = status;
  r.response = http::make_response(status, extra, reason + "\n");
  r.reason = std::move(reason);
  return r;
}

}  // namespace

UpgradeResult validate_upgrade(const http::Request& request, const HandshakeOptions& options) {
  // §4.2.1 items 1-6, in order.
  if (request.method != "GET") return refuse(400, "WebSocket handshake must be a GET");
  if (request.version_minor < 1) return refuse(400, "WebSocket needs HTTP/1.1");
  if (!request.get("Host")) return refuse(400, "missing Host");
  if (!request.has_token("Upgrade", "websocket")) return refuse(400, "missing Upgrade: websocket");
  if (!request.has_token("Connection", "Upgrade"))
    return refuse(400, "missing Connection: Upgrade");
  const std::string* key = request.get("Sec-WebSocket-Key");
  if (!key) return refuse(400, "missing Sec-WebSocket-Key");
  // §4.2.1 item 5: "a base64-encoded value that, when decoded, is 16 bytes in length".
  auto nonce = from_base64(*key);
  if (!nonce || nonce->size() != 16) return refuse(400, "Sec-WebSocket-Key is not 16 bytes");
  // §4.2.2 item 4 / §4.4: an unsupported version gets 426 and the versions we do speak.
  const std::string* version = request.get("Sec-WebSocket-Version");
  if (!version || *version != "13") {
    return refuse(426, "Sec-WebSocket-Version must be 13", {{"Sec-WebSocket-Version", "13"}});
  }
  if (!options.allowed_origins.empty()) {
    if (const std::string* origin = request.get("Origin")) {
      const bool allowed =
          std::any_of(options.allowed_origins.begin(), options.allowed_origins.end(),
                      [&](const std::string& o) { return http::iequals(o, *origin); });
      // §4.2.2 item 4 ("the server MAY ... return an appropriate HTTP error code (such as 403
      // Forbidden)") and §10.2.
      if (!allowed) return refuse(403, "origin not allowed");
    }
  }
  // §4.2.2 item 5. No Sec-WebSocket-Protocol and no Sec-WebSocket-Extensions in the answer:
  // we select none (so permessage-deflate stays off and RSV1 must stay 0, §5.2).
  UpgradeResult r;
  r.status = 101;
  r.response = http::make_response(101, {{"Upgrade", "websocket"},
                                         {"Connection", "Upgrade"},
                                         {"Sec-WebSocket-Accept", accept_key(*key)}});
  return r;
}

std::string make_client_request(std::string_view host, std::string_view path, std::string_view key,
                                std::string_view origin) {
  std::string out = "GET " + std::string(path) + " HTTP/1.1\r\n";
  out += "Host: " + std::string(host) + "\r\n";
  out += "Upgrade: websocket\r\nConnection: Upgrade\r\n";
  out += "Sec-WebSocket-Key: " + std::string(key) + "\r\n";
  out += "Sec-WebSocket-Version: 13\r\n";
  if (!origin.empty()) out += "Origin: " + std::string(origin) + "\r\n";
  out += "\r\n";
  return out;
}

Result<void> validate_server_response(const http::Response& response, std::string_view key) {
  // §4.1, the client's items 1-6 on the server's response.
  if (response.status != 101) {
    return fail(Errc::state, "server answered " + std::to_string(response.status));
  }
  if (!response.has_token("Upgrade", "websocket")) return fail(Errc::malformed, "no Upgrade");
  if (!response.has_token("Connection", "Upgrade")) return fail(Errc::malformed, "no Connection");
  const std::string* accept = response.get("Sec-WebSocket-Accept");
  if (!accept || *accept != accept_key(key)) {
    return fail(Errc::integrity, "Sec-WebSocket-Accept does not match the key");
  }
  if (response.get("Sec-WebSocket-Extensions")) {
    return fail(Errc::unsupported, "server selected an extension we did not offer");
  }
  if (response.get("Sec-WebSocket-Protocol")) {
    return fail(Errc::unsupported, "server selected a subprotocol we did not offer");
  }
  return {};
}

}  // namespace rtc::signaling::ws
