// Application data through the relay, both ways: Send indications and ChannelData out
// (RFC 8656 §11.1, §12.5), Data indications and ChannelData in (§11.4, §12.6).
#include <string>

#include "rtc/stun/builder.hpp"
#include "rtc/stun/channel_data.hpp"
#include "rtc/stun/turn_client.hpp"

namespace rtc::stun {

namespace {
// A STUN message's length field is 16 bits; leave room for XOR-PEER-ADDRESS (24), the DATA
// header and padding (7) and FINGERPRINT (8). UDP cannot carry more than 65507 anyway.
constexpr std::size_t kMaxData = 65535 - 64;
}  // namespace

Result<void> TurnClient::send_to(Timestamp now, const SocketAddress& peer, BytesView data) {
  if (auto ok = check_peer(peer); !ok) return ok;
  if (data.size() > kMaxData) {
    return fail(Errc::invalid_argument,
                std::to_string(data.size()) + " bytes do not fit in one Send indication");
  }
  if (channel(peer) || has_permission(peer)) {
    transmit_data(now, peer, data);
    return {};
  }
  // §11.1: "the client MUST ensure that there is a permission installed for the IP address of
  // the peer": ask for one and hold the data until the server says yes.
  if (auto created = create_permission(now, peer); !created) return created;
  Permission* permission = find_permission(peer);
  if (permission == nullptr || config_.max_queued_per_peer == 0) return {};
  if (permission->queued.size() >= config_.max_queued_per_peer) {
    trace(now, Direction::local,
          "dropped the oldest datagram waiting for a permission to " + peer.ip_string(),
          "RFC 8656 §11.1");
    permission->queued.pop_front();
  }
  permission->queued.emplace_back(peer, Bytes(data.begin(), data.end()));
  return {};
}

void TurnClient::transmit_data(Timestamp now, const SocketAddress& peer, BytesView data) {
  if (auto number = channel(peer)) {
    // §12.5: 4 bytes of framing instead of a 36+ byte STUN message.
    // §12.5: over TCP, padded to a multiple of 4 octets (the next header must start aligned).
    if (auto bytes = encode_channel_data(*number, data, config_.transport == TurnTransport::tcp)) {
      trace(now, Direction::outbound,
            "ChannelData " + std::to_string(*number) + ": " + std::to_string(data.size()) +
                " bytes for " + peer.to_string(),
            "RFC 8656 §12.5");
      transmits_.push_back(Transmit{config_.server, std::move(*bytes), 0});
    }
    return;
  }
  // §11.1: XOR-PEER-ADDRESS and DATA; indications carry no integrity (and get no answer).
  MessageBuilder b(Method::send, MessageClass::indication, random_transaction_id(*random_),
                   data.size() + 64);
  b.add_xor_peer_address(peer);
  b.add_data(data);
  if (config_.fingerprint) b.add_fingerprint();
  auto bytes = b.take();
  if (!bytes) return;
  trace(now, Direction::outbound,
        "Send indication: " + std::to_string(data.size()) + " bytes for " + peer.to_string(),
        "RFC 8656 §11.1");
  transmits_.push_back(Transmit{config_.server, std::move(*bytes), 0});
}

void TurnClient::flush_queue(Timestamp now, Permission& permission) {
  auto queued = std::move(permission.queued);
  permission.queued.clear();
  for (const auto& [peer, data] : queued) transmit_data(now, peer, data);
}

bool TurnClient::receive_channel_data(Timestamp now, BytesView datagram) {
  auto frame = ChannelDataView::parse(datagram);
  if (!frame) {
    trace(now, Direction::inbound, "discarded ChannelData: " + frame.error().message,
          "RFC 8656 §12.6");
    return true;
  }
  Channel* c = find_channel_by_number(frame->channel);
  // §12.6: "If the ChannelData message is received on a channel that is not bound to any peer,
  // then the message is silently discarded." (§12: data may arrive before the ChannelBind
  // response, so a binding on its way counts.)
  if (c == nullptr || state_ != State::allocated) {
    trace(now, Direction::inbound,
          "discarded ChannelData on unbound channel " + std::to_string(frame->channel),
          "RFC 8656 §12.6");
    return true;
  }
  trace(now, Direction::inbound,
        "ChannelData " + std::to_string(c->number) + ": " + std::to_string(frame->data.size()) +
            " bytes from " + c->peer.to_string(),
        "RFC 8656 §12.6");
  events_.push_back(
      TurnData{c->peer, Bytes(frame->data.begin(), frame->data.end()), frame->channel});
  return true;
}

void TurnClient::receive_data_indication(Timestamp now, const MessageView& message) {
  if (state_ != State::allocated) return;
  // §11.4: both XOR-PEER-ADDRESS and DATA must be there, and the client "SHOULD also check
  // that the XOR-PEER-ADDRESS attribute value contains an IP address with which the client
  // believes there is an active permission".
  auto peer = message.xor_peer_address();
  auto data = message.data();
  if (!peer || !data) {
    trace(now, Direction::inbound, "discarded a Data indication without XOR-PEER-ADDRESS and DATA",
          "RFC 8656 §11.4");
    return;
  }
  if (!has_permission(*peer)) {
    trace(now, Direction::inbound,
          "discarded a Data indication from " + peer->to_string() + ": no permission",
          "RFC 8656 §11.4");
    return;
  }
  trace(now, Direction::inbound,
        "Data indication: " + std::to_string(data->size()) + " bytes from " + peer->to_string(),
        "RFC 8656 §11.4");
  events_.push_back(TurnData{*peer, Bytes(data->begin(), data->end()), 0});
}

}  // namespace rtc::stun
