// A small TURN server (RFC 8656) for the simulated network, built from the STUN builder: the
// long-term credential challenge (401 with REALM and NONCE, RFC 8489 §9.2), Allocate, Refresh,
// CreatePermission, ChannelBind, Send/Data indications and ChannelData, over UDP. Just enough to
// relay ICE between two peers that nothing else connects (both behind symmetric NATs, or UDP
// blocked except to the server). No lifetimes are enforced.
#pragma once

#include <map>
#include <set>
#include <string>

#include "rtc/stun/builder.hpp"
#include "rtc/stun/channel_data.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"
#include "support/sim_udp_network.hpp"

namespace rtc::ice::testing {

class SimTurnServer {
 public:
  SimTurnServer(sim::SimUdpNetwork& net, SocketAddress address, std::string username,
                std::string password)
      : net_(net),
        address_(address),
        username_(std::move(username)),
        keys_(stun::IntegrityKeys::long_term(username_, kRealm, password).value()) {
    net_.add_service(address_,
                     [this](Timestamp now, const SocketAddress&, const SocketAddress& from,
                            BytesView data) { on_client(now, from, data); });
  }

  std::size_t allocations() const { return allocations_.size(); }
  std::uint64_t relayed_datagrams = 0, channel_data = 0;

 private:
  static constexpr std::string_view kRealm = "sim.example";
  static constexpr std::string_view kNonce = "sim-nonce-0001";

  struct Allocation {
    SocketAddress client;
    SocketAddress relayed;
    std::set<Bytes> permissions;                      // peer IPs
    std::map<std::uint16_t, SocketAddress> channels;  // number -> peer
  };

  static Bytes ip_of(const SocketAddress& a) {
    return Bytes(a.ip_bytes().begin(), a.ip_bytes().end());
  }

  Allocation* by_client(const SocketAddress& client) {
    for (auto& [relayed, a] : allocations_) {
      if (a.client == client) return &a;
    }
    return nullptr;
  }

  void reply(Timestamp now, const SocketAddress& to, stun::MessageBuilder& b, bool sign) {
    if (sign) stun::sign(b, keys_);
    b.add_fingerprint();
    if (auto bytes = b.take()) net_.inject(now, address_, to, *bytes);
  }

  void on_client(Timestamp now, const SocketAddress& from, BytesView data) {
    if (!data.empty() && data[0] >= 0x40 && data[0] <= 0x4F) {  // ChannelData (§12.4)
      auto cd = stun::ChannelDataView::parse(data);
      Allocation* a = by_client(from);
      if (!cd || a == nullptr) return;
      auto ch = a->channels.find(cd->channel);
      if (ch == a->channels.end()) return;
      ++channel_data;
      relay_out(now, *a, ch->second, cd->data);
      return;
    }
    auto m = stun::MessageView::parse(data);
    if (!m) return;
    if (m->is_indication() && m->method() == stun::Method::send) {  // §11.3
      Allocation* a = by_client(from);
      auto peer = m->xor_peer_address();
      auto payload = m->data();
      if (a != nullptr && peer && payload) relay_out(now, *a, *peer, *payload);
      return;
    }
    if (!m->is_request()) return;
    // §9.2.4: requests without credentials, or with a wrong HMAC, are challenged.
    auto user = m->username();
    if (!user || *user != username_ || !m->message_integrity() ||
        !stun::verify_message_integrity(*m, keys_.sha1())) {
      auto b = stun::MessageBuilder::error_response(*m, 401);
      b.add_realm(kRealm);
      b.add_nonce(kNonce);
      return reply(now, from, b, false);
    }
    switch (m->method()) {
      case stun::Method::allocate: {  // §7.2
        Allocation* a = by_client(from);
        if (a == nullptr) {
          SocketAddress relayed = address_;
          relayed.set_port(next_port_++);
          allocations_[relayed] = Allocation{from, relayed, {}, {}};
          a = &allocations_[relayed];
          net_.add_service(relayed,
                           [this](Timestamp t, const SocketAddress& to, const SocketAddress& peer,
                                  BytesView d) { on_peer(t, to, peer, d); });
        }
        auto b = stun::MessageBuilder::success_response(*m);
        b.add_xor_relayed_address(a->relayed);
        b.add_xor_mapped_address(from);
        b.add_lifetime(600);
        return reply(now, from, b, true);
      }
      case stun::Method::refresh: {  // §8.2
        auto b = stun::MessageBuilder::success_response(*m);
        auto lifetime = m->lifetime();
        b.add_lifetime(lifetime ? *lifetime : 600);
        return reply(now, from, b, true);
      }
      case stun::Method::create_permission: {  // §10.2
        Allocation* a = by_client(from);
        if (a == nullptr) break;
        for (const auto& attr : m->attributes()) {
          if (attr.type != stun::AttributeType::xor_peer_address) continue;
          if (auto peer = stun::decode_xor_address(attr.value, m->transaction_id(),
                                                   stun::AttributeType::xor_peer_address)) {
            a->permissions.insert(ip_of(*peer));
          }
        }
        auto b = stun::MessageBuilder::success_response(*m);
        return reply(now, from, b, true);
      }
      case stun::Method::channel_bind: {  // §12.2
        Allocation* a = by_client(from);
        auto channel = m->channel_number();
        auto peer = m->xor_peer_address();
        if (a == nullptr || !channel || !peer) break;
        a->channels[*channel] = *peer;
        a->permissions.insert(ip_of(*peer));
        auto b = stun::MessageBuilder::success_response(*m);
        return reply(now, from, b, true);
      }
      default:
        break;
    }
    auto b = stun::MessageBuilder::error_response(*m, 400);
    reply(now, from, b, true);
  }

  void relay_out(Timestamp now, Allocation& a, const SocketAddress& peer, BytesView payload) {
    if (a.permissions.count(ip_of(peer)) == 0) return;  // §11.3: no permission, dropped
    ++relayed_datagrams;
    net_.inject(now, a.relayed, peer, payload);
  }

  // §11.4 / §12.6: data from a peer to a relayed address goes to the client.
  void on_peer(Timestamp now, const SocketAddress& relayed, const SocketAddress& peer,
               BytesView payload) {
    auto it = allocations_.find(relayed);
    if (it == allocations_.end()) return;
    Allocation& a = it->second;
    if (a.permissions.count(ip_of(peer)) == 0) return;
    for (const auto& [number, bound] : a.channels) {
      if (bound == peer) {
        if (auto bytes = stun::encode_channel_data(number, payload)) {
          net_.inject(now, address_, a.client, *bytes);
        }
        return;
      }
    }
    stun::MessageBuilder b(stun::Method::data, stun::MessageClass::indication,
                           stun::TransactionId{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    b.add_xor_peer_address(peer);
    b.add_data(payload);
    b.add_fingerprint();
    if (auto bytes = b.take()) net_.inject(now, address_, a.client, *bytes);
  }

  sim::SimUdpNetwork& net_;
  SocketAddress address_;
  std::string username_;
  stun::IntegrityKeys keys_;
  std::map<SocketAddress, Allocation> allocations_;
  std::uint16_t next_port_ = 50000;
};

}  // namespace rtc::ice::testing
