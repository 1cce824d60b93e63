// ICE candidates: names, SDP conversion (RFC 8839 §5.1) and the one-line description.
#include "rtc/ice/candidate.hpp"

#include <cctype>

#include "rtc/sdp/parser.hpp"

namespace rtc::ice {

const char* to_string(CandidateType type) {
  switch (type) {
    case CandidateType::host:
      return "host";
    case CandidateType::server_reflexive:
      return "srflx";
    case CandidateType::peer_reflexive:
      return "prflx";
    case CandidateType::relayed:
      return "relay";
  }
  return "?";
}

std::optional<CandidateType> candidate_type_from_string(std::string_view text) {
  if (text == "host") return CandidateType::host;
  if (text == "srflx") return CandidateType::server_reflexive;
  if (text == "prflx") return CandidateType::peer_reflexive;
  if (text == "relay") return CandidateType::relayed;
  return std::nullopt;
}

namespace {

bool is_udp(std::string_view transport) {
  // RFC 8839 §5.1: transport tokens compare case-insensitively (Firefox writes "UDP").
  return transport.size() == 3 && std::tolower(static_cast<unsigned char>(transport[0])) == 'u' &&
         std::tolower(static_cast<unsigned char>(transport[1])) == 'd' &&
         std::tolower(static_cast<unsigned char>(transport[2])) == 'p';
}

}  // namespace

Result<Candidate> Candidate::from_sdp(const sdp::Candidate& sdp) {
  if (!is_udp(sdp.transport)) {
    return fail(Errc::unsupported, "candidate transport '" + sdp.transport +
                                       "' is not supported (UDP only, RFC 8839 §5.1)");
  }
  auto type = candidate_type_from_string(sdp.type);
  if (!type) return fail(Errc::malformed, "unknown candidate type '" + sdp.type + "'");
  if (sdp.component == 0 || sdp.component > 256) {
    return fail(Errc::malformed, "candidate component out of range (RFC 8445 §5.1.2.1)");
  }
  Candidate c;
  c.foundation = sdp.foundation;
  c.component = static_cast<std::uint16_t>(sdp.component);
  c.priority = sdp.priority;
  c.type = *type;
  if (sdp.is_mdns()) {
    // A browser hides its host address behind "<uuid>.local" (mDNS ICE candidates draft §3.1);
    // the address stays unspecified until it is resolved or matched to a check's source.
    c.mdns_name = sdp.address;
    c.address = SocketAddress();
    c.address.set_port(sdp.port);
  } else {
    auto address = SocketAddress::from_ip(sdp.address, sdp.port);
    if (!address) return fail(Errc::malformed, "candidate address: " + address.error().message);
    c.address = *address;
  }
  if (sdp.related_address && sdp.related_port) {
    // raddr is informational (§5.1.1.2 of RFC 8839): an unparsable one is dropped, not fatal
    // (browsers write "0.0.0.0" or an mDNS name when they hide it).
    if (auto related = SocketAddress::from_ip(*sdp.related_address, *sdp.related_port)) {
      c.related = *related;
    }
  }
  return c;
}

Result<Candidate> Candidate::parse(std::string_view text) {
  auto sdp = sdp::parse_candidate(text);
  if (!sdp) return std::unexpected(sdp.error());
  return from_sdp(*sdp);
}

sdp::Candidate Candidate::to_sdp() const {
  sdp::Candidate s;
  s.foundation = foundation;
  s.component = component;
  s.transport = "udp";
  s.priority = priority;
  s.address = is_mdns() ? mdns_name : address.ip_string();
  s.port = address.port();
  s.type = ice::to_string(type);
  if (type != CandidateType::host && related) {
    s.related_address = related->ip_string();
    s.related_port = related->port();
  }
  return s;
}

std::string Candidate::describe() const {
  std::string out = ice::to_string(type);
  out += ' ';
  if (is_mdns()) {
    out += mdns_name + ":" + std::to_string(address.port());
    if (!address.is_unspecified()) out += " (" + address.to_string() + ")";
  } else {
    out += address.to_string();
  }
  out += " prio " + std::to_string(priority);
  return out;
}

}  // namespace rtc::ice
