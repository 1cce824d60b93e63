// Look-ups on the SDP model (session.hpp): the questions JSEP code asks of a description.
#include "rtc/sdp/session.hpp"

namespace rtc::sdp {

const GenericAttribute* AttributeList::find_generic(std::string_view name) const {
  for (const auto& a : attributes) {
    if (const auto* g = std::get_if<GenericAttribute>(&a); g && g->name == name) return g;
  }
  return nullptr;
}

std::optional<std::string_view> MediaDescription::mid() const {
  if (const Mid* m = find<Mid>()) return std::string_view(m->value);
  return std::nullopt;
}

MediaDirection MediaDescription::direction() const {
  // RFC 8866 §6.7: sendrecv is the default when no direction attribute is present. (A
  // session-level direction also applies; callers that care look at the session too.)
  if (const Direction* d = find<Direction>()) return d->value;
  return MediaDirection::sendrecv;
}

const Rtpmap* MediaDescription::rtpmap(std::uint8_t payload_type) const {
  for (const auto& a : attributes) {
    if (const auto* r = std::get_if<Rtpmap>(&a); r && r->payload_type == payload_type) return r;
  }
  return nullptr;
}

const Fmtp* MediaDescription::fmtp(std::uint8_t payload_type) const {
  for (const auto& a : attributes) {
    if (const auto* f = std::get_if<Fmtp>(&a); f && f->payload_type == payload_type) return f;
  }
  return nullptr;
}

const MediaDescription* SessionDescription::find_media(std::string_view mid) const {
  for (const auto& m : media) {
    if (m.mid() == mid) return &m;
  }
  return nullptr;
}

}  // namespace rtc::sdp
