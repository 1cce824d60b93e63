// Names of STUN classes and methods, and fresh transaction ids (RFC 8489 §5).
#include "rtc/stun/header.hpp"

namespace rtc::stun {

const char* to_string(MessageClass c) {
  switch (c) {
    case MessageClass::request:
      return "request";
    case MessageClass::indication:
      return "indication";
    case MessageClass::success_response:
      return "success response";
    case MessageClass::error_response:
      return "error response";
  }
  return "?";
}

const char* to_string(Method m) {
  switch (m) {
    case Method::binding:
      return "Binding";
    case Method::allocate:
      return "Allocate";
    case Method::refresh:
      return "Refresh";
    case Method::send:
      return "Send";
    case Method::data:
      return "Data";
    case Method::create_permission:
      return "CreatePermission";
    case Method::channel_bind:
      return "ChannelBind";
    case Method::connect:
      return "Connect";
    case Method::connection_bind:
      return "ConnectionBind";
    case Method::connection_attempt:
      return "ConnectionAttempt";
  }
  return nullptr;
}

TransactionId random_transaction_id(Random& random) {
  TransactionId id;
  random.fill(id);
  return id;
}

}  // namespace rtc::stun
