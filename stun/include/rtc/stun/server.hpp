// The server side of a Binding transaction (RFC 8489 §6.3, §7.3), as plain functions: what to
// answer to one datagram. No sockets, no state: `rtc stun server` (tools/) calls
// answer_binding_request() for every datagram it receives, and the ICE agent reuses the pieces
// (unknown_comprehension_required, error responses) for its own checks.
//
// Two rules shape the answers:
//  - Never amplify: a response is never longer than the request it answers. Optional
//    attributes (SOFTWARE, then FINGERPRINT) are left out when they would not fit, and a request
//    too small for even XOR-MAPPED-ADDRESS (a bare 20-byte header) gets no answer at all. A client
//    that wants one pads its request (SOFTWARE, or RFC 5780's PADDING attribute).
//  - Ignore what is not STUN, and never answer a response or an indication (§6.3.2, §6.3.3).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/message.hpp"

namespace rtc::stun {

// The comprehension-required attributes (type < 0x8000) of `message` that are not in
// `understood`, each listed once, in order of appearance (§7.3.1: a request with any of them is
// answered 420 Unknown Attribute with UNKNOWN-ATTRIBUTES listing them).
std::vector<AttributeType> unknown_comprehension_required(
    const MessageView& message, std::span<const AttributeType> understood);
// The same with "understood" = every attribute this module decodes (is_supported()).
std::vector<AttributeType> unknown_comprehension_required(const MessageView& message);

// 420 Unknown Attribute with UNKNOWN-ATTRIBUTES (§7.3.1, §14.13). Add FINGERPRINT (or integrity)
// before taking the bytes.
MessageBuilder unknown_attributes_response(const MessageView& request,
                                           std::span<const AttributeType> unknown);

struct BindingServerOptions {
  std::string software;     // SOFTWARE attribute (§14.14); empty = none
  bool fingerprint = true;  // FINGERPRINT on responses (§7.3; ICE requires it, RFC 8445 §7.3)
  // Comprehension-required attributes the server understands; empty = is_supported().
  std::vector<AttributeType> understood{};
  // Bytes a response may exceed its request by. 0 (the default) never amplifies. RFC 5389-era
  // clients such as coturn's turnutils_stunclient send a bare 20-byte request, whose answer
  // needs 12 more bytes (IPv4 XOR-MAPPED-ADDRESS), 24 for IPv6, plus 8 for FINGERPRINT; a
  // server that opts in bounds the amplification to this many bytes.
  std::size_t amplification_allowance = 0;
};

// The bytes to send back to `from` for one received datagram, or nullopt to stay silent:
//   not STUN, a bad FINGERPRINT, an indication or a response  -> silence
//   a Binding request                                         -> success with XOR-MAPPED-ADDRESS
//   unknown comprehension-required attributes                 -> 420 + UNKNOWN-ATTRIBUTES
//   another method                                            -> 400 Bad Request
// and always silence rather than a response longer than the request.
std::optional<Bytes> answer_binding_request(BytesView datagram, const SocketAddress& from,
                                            const BindingServerOptions& options = {});

}  // namespace rtc::stun
