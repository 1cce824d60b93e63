// Resolving remote ".local" host candidates (draft-ietf-mmusic-mdns-ice-candidates §3.2.2) with a
// one-shot mDNS query (RFC 6762 §5.1) sent as legacy unicast (§6.7) from one of the agent's own
// sockets to 224.0.0.251:5353, so the answer comes back to a socket the caller already reads.
// Whether or not an answer comes, a check from the host teaches the agent its address
// (checks.cpp), so an unresolvable name never makes the agent fail.
#include <algorithm>

#include "internal.hpp"
#include "mdns_codec.hpp"

namespace rtc::ice {

namespace {
constexpr unsigned kMaxQueries = 16;  // distinct names being resolved (bounded)
constexpr unsigned kMaxSends = 3;     // RFC 6762 §5.2 spacing: 1 s, then doubling
constexpr Duration kFirstRetry = std::chrono::seconds(1);
}  // namespace

void Agent::Impl::resolve_mdns(Timestamp now, const std::string& name) {
  for (const auto& q : mdns) {
    if (mdns::same_name(q.name, name)) return;
  }
  if (mdns.size() >= kMaxQueries) return;
  MdnsQuery q;
  q.name = name;
  q.id = static_cast<std::uint16_t>(random->u16() | 1);  // nonzero: legacy unicast (§6.7)
  q.next_send = now;
  mdns.push_back(std::move(q));
  mdns_tick(now);
}

bool Agent::Impl::mdns_pending() const {
  return std::any_of(mdns.begin(), mdns.end(),
                     [](const MdnsQuery& q) { return !q.answered && q.sent <= kMaxSends; });
}

std::optional<Timestamp> Agent::Impl::mdns_deadline() const {
  std::optional<Timestamp> next;
  for (const auto& q : mdns) {
    if (q.answered || q.sent > kMaxSends) continue;
    if (!next || q.next_send < *next) next = q.next_send;
  }
  // Without an IPv4 socket nothing can be sent yet; do not spin.
  const bool can_send = std::any_of(sockets.begin(), sockets.end(),
                                    [](const LocalSocket& s) { return s.address.is_ipv4(); });
  return can_send ? next : std::nullopt;
}

void Agent::Impl::mdns_tick(Timestamp now) {
  const LocalSocket* from = nullptr;
  for (const auto& s : sockets) {
    if (!s.address.is_ipv4()) continue;
    if (from == nullptr || (from->address.is_loopback() && !s.address.is_loopback())) from = &s;
  }
  if (from == nullptr) return;
  for (auto& q : mdns) {
    if (q.answered || q.sent > kMaxSends || now < q.next_send) continue;
    if (q.sent == kMaxSends) {  // the last wait is over: give up on this name
      ++q.sent;
      continue;
    }
    if (auto bytes = mdns::encode_query(q.id, q.name)) {
      send_raw(from->address, mdns::group_ipv4(), std::move(*bytes));
      traceline(now, Direction::outbound, "mDNS query for " + q.name, "RFC 6762 §6.7");
    }
    q.next_send = now + kFirstRetry * (1 << q.sent);
    ++q.sent;
  }
}

bool Agent::Impl::handle_mdns(Timestamp now, const SocketAddress& from, BytesView datagram) {
  (void)from;
  if (mdns.empty()) return false;
  auto response = mdns::parse_response(datagram);
  if (!response) return false;
  bool used = false;
  for (auto& q : mdns) {
    if (q.answered || q.id != response->id) continue;
    for (const auto& answer : response->answers) {
      if (!mdns::same_name(answer.name, q.name)) continue;
      q.answered = true;
      used = true;
      traceline(now, Direction::inbound, "mDNS: " + q.name + " is " + answer.ip.ip_string(),
                "RFC 6762 §6.7");
      for (std::size_t i = 0; i < remotes.size(); ++i) {
        if (remotes[i].is_mdns() && remotes[i].address.is_unspecified() &&
            mdns::same_name(remotes[i].mdns_name, q.name)) {
          on_remote_resolved(i, answer.ip);
        }
      }
      break;
    }
  }
  return used;
}

void Agent::Impl::on_remote_resolved(std::size_t remote_index, const SocketAddress& ip) {
  Candidate& r = remotes[remote_index];
  const std::uint16_t port = r.address.port();
  r.address = ip;
  r.address.set_port(port);
  // Another candidate may already have this address (a check taught it as prflx): keep one.
  for (std::size_t i = 0; i < remotes.size(); ++i) {
    if (i != remote_index && remotes[i].address == r.address) return;
  }
  form_pairs_for_remote(remote_index);
}

}  // namespace rtc::ice
