// Hand-built STUN messages for driving one agent directly: a remote's checks and responses.
#pragma once

#include <fstream>
#include <iterator>

#include "rtc/ice/agent.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"

namespace rtc::ice::testing {

struct CheckSpec {
  std::string username;  // "local:remote" as the receiving agent sees it
  std::string password;  // the receiving agent's pwd
  std::uint32_t priority = 1853824767;
  std::optional<std::uint64_t> controlling;
  std::optional<std::uint64_t> controlled;
  bool use_candidate = false;
  bool goog_network_info = false;
  bool unknown_required = false;
  bool sign = true;
  std::uint8_t id_seed = 1;
};

inline Bytes make_check(const CheckSpec& s) {
  stun::TransactionId id{};
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(s.id_seed + i * 7);
  stun::MessageBuilder b(stun::Method::binding, stun::MessageClass::request, id);
  if (!s.username.empty()) b.add_username(s.username);
  if (s.goog_network_info) {
    const std::uint8_t v[] = {0, 1, 0, 10};
    b.add(stun::AttributeType::goog_network_info, v);
  }
  if (s.unknown_required) {
    const std::uint8_t v[] = {1, 2, 3, 4};
    b.add(static_cast<stun::AttributeType>(0x0031), v);
  }
  b.add_priority(s.priority);
  if (s.controlling) b.add_ice_controlling(*s.controlling);
  if (s.controlled) b.add_ice_controlled(*s.controlled);
  if (s.use_candidate) b.add_use_candidate();
  if (s.sign) {
    auto keys = stun::IntegrityKeys::short_term(s.password).value();
    stun::sign(b, keys);
  }
  b.add_fingerprint();
  return b.take().value();
}

// A success response to `request` (as our agent sent it), as the remote would answer it.
inline Bytes make_success(BytesView request, const SocketAddress& mapped,
                          const std::string& remote_password) {
  auto view = stun::MessageView::parse(request).value();
  auto b = stun::MessageBuilder::success_response(view);
  b.add_xor_mapped_address(mapped);
  auto keys = stun::IntegrityKeys::short_term(remote_password).value();
  stun::sign(b, keys);
  b.add_fingerprint();
  return b.take().value();
}

inline Bytes make_error(BytesView request, std::uint16_t code, const std::string& remote_password) {
  auto view = stun::MessageView::parse(request).value();
  auto b = stun::MessageBuilder::error_response(view, code);
  auto keys = stun::IntegrityKeys::short_term(remote_password).value();
  stun::sign(b, keys);
  b.add_fingerprint();
  return b.take().value();
}

inline std::vector<Transmit> drain(Agent& agent) {
  std::vector<Transmit> out;
  while (auto t = agent.poll_transmit()) out.push_back(std::move(*t));
  return out;
}

inline std::vector<Event> drain_events(Agent& agent) {
  std::vector<Event> out;
  while (auto e = agent.poll_event()) out.push_back(std::move(*e));
  return out;
}

inline Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

}  // namespace rtc::ice::testing
