// A stateless Binding server (RFC 8489 §6.3, §7.3) that never amplifies.
#include "rtc/stun/server.hpp"

#include <algorithm>

#include "rtc/stun/integrity.hpp"

namespace rtc::stun {

std::vector<AttributeType> unknown_comprehension_required(
    const MessageView& message, std::span<const AttributeType> understood) {
  std::vector<AttributeType> unknown;
  for (const auto& a : message.attributes()) {
    if (!is_comprehension_required(a.type)) continue;
    bool known = understood.empty()
                     ? is_supported(a.type)
                     : std::find(understood.begin(), understood.end(), a.type) != understood.end();
    if (!known && std::find(unknown.begin(), unknown.end(), a.type) == unknown.end()) {
      unknown.push_back(a.type);
    }
  }
  return unknown;
}

std::vector<AttributeType> unknown_comprehension_required(const MessageView& message) {
  return unknown_comprehension_required(message, {});
}

MessageBuilder unknown_attributes_response(const MessageView& request,
                                           std::span<const AttributeType> unknown) {
  auto b = MessageBuilder::error_response(request, error::kUnknownAttribute);
  b.add_unknown_attributes(unknown);
  return b;
}

namespace {

// Finishes `b` with FINGERPRINT when it fits in `budget` bytes; nullopt if even the mandatory
// part does not fit (no amplification).
std::optional<Bytes> finish(MessageBuilder& b, std::size_t budget, bool fingerprint) {
  if (!b.ok() || b.size() > budget) return std::nullopt;
  if (fingerprint && b.size() + 8 <= budget) b.add_fingerprint();
  auto bytes = b.take();
  if (!bytes) return std::nullopt;
  return std::move(*bytes);
}

}  // namespace

std::optional<Bytes> answer_binding_request(BytesView datagram, const SocketAddress& from,
                                            const BindingServerOptions& options) {
  auto request = MessageView::parse(datagram);
  if (!request) return std::nullopt;  // not STUN (or broken): silence, §6.3
  // §7.3: with the FINGERPRINT extension, a wrong CRC means "not STUN".
  if (request->fingerprint() && !verify_fingerprint(*request)) return std::nullopt;
  // §6.3.2: indications are never answered; responses go to client transactions, not here.
  if (!request->is_request()) return std::nullopt;

  // Never send more than we received (unless the caller allows a bounded excess).
  const std::size_t budget = datagram.size() + options.amplification_allowance;
  auto unknown = unknown_comprehension_required(*request, options.understood);
  if (!unknown.empty()) {
    // §7.3.1. Without the reason phrase the 420 is as small as it can be.
    auto b = MessageBuilder::error_response(*request, error::kUnknownAttribute, "");
    b.add_unknown_attributes(unknown);
    return finish(b, budget, options.fingerprint);
  }
  if (request->method() != Method::binding) {
    auto b = MessageBuilder::error_response(*request, error::kBadRequest, "");
    return finish(b, budget, options.fingerprint);
  }

  // §6.3.1.1: the success response reflects the source transport address, XORed (§14.2).
  auto b = MessageBuilder::success_response(*request);
  b.add_xor_mapped_address(from);
  if (!options.software.empty() &&
      check_text_for_sending(options.software, AttributeType::software)) {
    const std::size_t software = 4 + ((options.software.size() + 3) & ~std::size_t{3});
    const std::size_t fingerprint = options.fingerprint ? 8 : 0;
    if (b.size() + software + fingerprint <= budget) b.add_software(options.software);
  }
  return finish(b, budget, options.fingerprint);
}

}  // namespace rtc::stun
