#include "rtc/sctp/data_channel.hpp"

namespace rtc::sctp {

const char* to_string(ChannelState s) {
  switch (s) {
    case ChannelState::connecting:
      return "connecting";
    case ChannelState::open:
      return "open";
    case ChannelState::closing:
      return "closing";
    case ChannelState::closed:
      return "closed";
  }
  return "?";
}

// ---------------------------------------------------------------- DCEP (RFC 8832 §5)

Result<DataChannelOpen> DataChannelOpen::parse(BytesView data) {
  ByteReader r(data);
  auto type = r.u8();
  if (!type) return std::unexpected(type.error());
  if (*type != kMessageType) return fail_at(Errc::malformed, "not a DATA_CHANNEL_OPEN", 0);
  auto channel_type = r.u8();
  auto priority = r.u16();
  auto reliability = r.u32();
  auto label_len = r.u16();
  auto protocol_len = r.u16();
  if (!protocol_len) return std::unexpected(protocol_len.error());
  DataChannelOpen o;
  switch (*channel_type) {
    case 0x00:
    case 0x01:
    case 0x02:
    case 0x80:
    case 0x81:
    case 0x82:
      o.channel_type = static_cast<ChannelType>(*channel_type);
      break;
    default:
      return fail_at(Errc::malformed, "unknown DCEP channel type", 1);
  }
  o.priority = *priority;
  o.reliability_parameter = *reliability;
  auto label = r.bytes(*label_len);
  if (!label) return std::unexpected(label.error());
  auto protocol = r.bytes(*protocol_len);
  if (!protocol) return std::unexpected(protocol.error());
  o.label = std::string(as_string_view(*label));
  o.protocol = std::string(as_string_view(*protocol));
  return o;
}

Bytes DataChannelOpen::serialize() const {
  ByteWriter w(12 + label.size() + protocol.size());
  w.u8(kMessageType);
  w.u8(static_cast<std::uint8_t>(channel_type));
  w.u16(priority);
  w.u32(reliability_parameter);
  w.u16(static_cast<std::uint16_t>(label.size()));
  w.u16(static_cast<std::uint16_t>(protocol.size()));
  w.bytes(label);
  w.bytes(protocol);
  return w.take();
}

// ---------------------------------------------------------------- manager

DataChannelManager::DataChannelManager(const AssociationConfig& config, DtlsRole role,
                                       Random& random, TraceSink* trace)
    : association_(config, random, trace), role_(role) {}

std::optional<std::uint16_t> DataChannelManager::allocate_id() const {
  // RFC 8832 §6: the DTLS client uses even stream ids, the server odd ones.
  const std::uint32_t limit =
      association_.is_established() ? association_.outbound_streams() : 65535;
  for (std::uint32_t id = role_ == DtlsRole::client ? 0 : 1; id < limit && id < 65535; id += 2) {
    if (!channels_.contains(static_cast<std::uint16_t>(id))) return static_cast<std::uint16_t>(id);
  }
  return std::nullopt;
}

Result<std::uint16_t> DataChannelManager::create_channel(Timestamp now, std::string label,
                                                         const DataChannelInit& init) {
  if (label.size() > 0xFFFF || init.protocol.size() > 0xFFFF) {
    return fail(Errc::invalid_argument, "label or protocol longer than 65535 bytes");
  }
  if (init.max_retransmits && init.max_packet_life_time) {
    return fail(Errc::invalid_argument, "maxRetransmits and maxPacketLifeTime are exclusive");
  }
  std::uint16_t id = 0;
  if (init.negotiated || init.id) {
    if (!init.id) return fail(Errc::invalid_argument, "a negotiated channel needs an id");
    if (*init.id == 65535) return fail(Errc::invalid_argument, "stream id 65535 is reserved");
    id = *init.id;
    if (channels_.contains(id)) return fail(Errc::invalid_argument, "stream id already in use");
  } else {
    auto free = allocate_id();
    if (!free) return fail(Errc::state, "no free stream id");
    id = *free;
  }
  Channel c;
  c.info.id = id;
  c.info.label = std::move(label);
  c.info.protocol = init.protocol;
  c.info.negotiated = init.negotiated;
  c.info.priority = init.priority;
  std::uint8_t type = init.ordered ? 0x00 : 0x80;
  if (init.max_retransmits) {
    type |= 0x01;
    c.info.reliability_parameter = *init.max_retransmits;
  } else if (init.max_packet_life_time) {
    type |= 0x02;
    c.info.reliability_parameter = static_cast<std::uint32_t>(init.max_packet_life_time->count());
  }
  c.info.type = static_cast<ChannelType>(type);
  c.acked = init.negotiated;
  auto& stored = channels_[id] = std::move(c);
  if (association_.is_established()) {
    if (stored.info.negotiated) {
      stored.info.state = ChannelState::open;
      events_.push_back(channel_event::Open{id, false});
    } else {
      send_open(now, stored);
    }
  }
  return id;
}

void DataChannelManager::send_open(Timestamp now, Channel& c) {
  DataChannelOpen open;
  open.channel_type = c.info.type;
  open.priority = c.info.priority;
  open.reliability_parameter = c.info.reliability_parameter;
  open.label = c.info.label;
  open.protocol = c.info.protocol;
  // RFC 8832 §6: DATA_CHANNEL_OPEN goes reliable and ordered, PPID 50.
  if (association_.send(now, c.info.id, static_cast<std::uint32_t>(Ppid::dcep), open.serialize())) {
    c.open_sent = true;
    // Like browsers, the channel is usable at once; until the ACK arrives its messages are
    // sent ordered (RFC 8832 §6) so none overtakes the OPEN.
    c.info.state = ChannelState::open;
    events_.push_back(channel_event::Open{c.info.id, false});
  }
}

void DataChannelManager::on_transport_connected(Timestamp now) {
  events_.push_back(channel_event::TransportConnected{});
  for (auto& [id, c] : channels_) {
    if (c.info.state != ChannelState::connecting) continue;
    if (c.info.negotiated) {
      c.info.state = ChannelState::open;
      events_.push_back(channel_event::Open{id, false});
    } else if (!c.open_sent) {
      send_open(now, c);
    }
  }
}

SendOptions DataChannelManager::options_for(const Channel& c) const {
  SendOptions o;
  const auto type = static_cast<std::uint8_t>(c.info.type);
  o.unordered = (type & 0x80) != 0 && c.acked;
  if ((type & 0x03) == 0x01)
    o.max_retransmits =
        static_cast<std::uint16_t>(std::min<std::uint32_t>(c.info.reliability_parameter, 0xFFFF));
  if ((type & 0x03) == 0x02) o.lifetime = std::chrono::milliseconds(c.info.reliability_parameter);
  return o;
}

Result<void> DataChannelManager::send(Timestamp now, std::uint16_t id, Ppid ppid, BytesView data) {
  auto it = channels_.find(id);
  if (it == channels_.end()) return fail(Errc::invalid_argument, "no such channel");
  if (it->second.info.state != ChannelState::open) return fail(Errc::state, "channel is not open");
  // RFC 8831 §6.6: an empty message is one byte with the "empty" PPID.
  static constexpr std::uint8_t kZero = 0;
  if (data.empty()) {
    ppid = ppid == Ppid::string ? Ppid::string_empty : Ppid::binary_empty;
    data = BytesView(&kZero, 1);
  }
  return association_.send(now, id, static_cast<std::uint32_t>(ppid), data,
                           options_for(it->second));
}

Result<void> DataChannelManager::send_binary(Timestamp now, std::uint16_t id, BytesView data) {
  return send(now, id, Ppid::binary, data);
}
Result<void> DataChannelManager::send_text(Timestamp now, std::uint16_t id, std::string_view text) {
  return send(now, id, Ppid::string, as_bytes(text));
}

void DataChannelManager::close(Timestamp now, std::uint16_t id) {
  auto it = channels_.find(id);
  if (it == channels_.end()) return;
  Channel& c = it->second;
  if (c.info.state == ChannelState::closing || c.info.state == ChannelState::closed) return;
  if (!association_.is_established() || !association_.peer_supports_reconfig()) {
    c.info.state = ChannelState::closed;
    events_.push_back(channel_event::Closed{id});
    channels_.erase(it);
    return;
  }
  c.info.state = ChannelState::closing;
  events_.push_back(channel_event::Closing{id});
  // RFC 8831 §6.7: reset our outgoing stream; the peer answers by resetting its own.
  (void)association_.reset_streams(now, {id});
}

void DataChannelManager::maybe_closed(std::uint16_t id) {
  auto it = channels_.find(id);
  if (it == channels_.end()) return;
  if (it->second.outgoing_reset && it->second.incoming_reset) {
    events_.push_back(channel_event::Closed{id});
    channels_.erase(it);  // the stream id can be reused
  }
}

void DataChannelManager::on_dcep(Timestamp now, std::uint16_t id, BytesView data) {
  if (data.empty()) return;
  if (data[0] == kDataChannelAck) {
    auto it = channels_.find(id);
    if (it != channels_.end()) it->second.acked = true;
    return;
  }
  auto open = DataChannelOpen::parse(data);
  if (!open) return;  // RFC 8832 §5: malformed DCEP messages are ignored
  // RFC 8832 §6: the opener uses its own parity; an OPEN on a stream of ours is a collision.
  const bool peer_parity = (id % 2 == 0) == (role_ == DtlsRole::server);
  if (!peer_parity || channels_.contains(id)) return;
  Channel c;
  c.info.id = id;
  c.info.label = open->label;
  c.info.protocol = open->protocol;
  c.info.type = open->channel_type;
  c.info.reliability_parameter = open->reliability_parameter;
  c.info.priority = open->priority;
  c.info.state = ChannelState::open;
  c.acked = true;  // we received the OPEN: our side may send unordered at once
  channels_[id] = std::move(c);
  const std::uint8_t ack = kDataChannelAck;
  (void)association_.send(now, id, static_cast<std::uint32_t>(Ppid::dcep), BytesView(&ack, 1));
  events_.push_back(channel_event::Open{id, true});
}

void DataChannelManager::pump(Timestamp now) {
  while (auto e = association_.poll_event()) {
    if (std::holds_alternative<event::Connected>(*e)) {
      on_transport_connected(now);
    } else if (auto* m = std::get_if<event::Message>(&*e)) {
      if (m->ppid == static_cast<std::uint32_t>(Ppid::dcep)) {
        on_dcep(now, m->stream_id, m->data);
        continue;
      }
      auto it = channels_.find(m->stream_id);
      if (it == channels_.end() || it->second.info.state == ChannelState::closed) continue;
      // A first user message also acknowledges the OPEN implicitly (RFC 8832 §6).
      it->second.acked = true;
      switch (static_cast<Ppid>(m->ppid)) {
        case Ppid::string:
          events_.push_back(channel_event::Message{m->stream_id, false, std::move(m->data)});
          break;
        case Ppid::binary:
          events_.push_back(channel_event::Message{m->stream_id, true, std::move(m->data)});
          break;
        case Ppid::string_empty:
          events_.push_back(channel_event::Message{m->stream_id, false, {}});
          break;
        case Ppid::binary_empty:
          events_.push_back(channel_event::Message{m->stream_id, true, {}});
          break;
        default:
          break;  // deprecated partial PPIDs 52/54 and unknown ones are not delivered
      }
    } else if (auto* in = std::get_if<event::IncomingStreamsReset>(&*e)) {
      for (auto id : in->streams) {
        auto it = channels_.find(id);
        if (it == channels_.end()) continue;
        it->second.incoming_reset = true;
        if (it->second.info.state != ChannelState::closing) {
          // The peer closed: answer by resetting our direction too (RFC 8831 §6.7).
          it->second.info.state = ChannelState::closing;
          events_.push_back(channel_event::Closing{id});
          (void)association_.reset_streams(now, {id});
        }
        maybe_closed(id);
      }
    } else if (auto* out = std::get_if<event::OutgoingStreamsReset>(&*e)) {
      for (auto id : out->streams) {
        auto it = channels_.find(id);
        if (it == channels_.end()) continue;
        it->second.outgoing_reset = true;
        maybe_closed(id);
      }
    } else if (auto* low = std::get_if<event::BufferedAmountLow>(&*e)) {
      if (channels_.contains(low->stream_id))
        events_.push_back(channel_event::BufferedAmountLow{low->stream_id});
    } else if (auto* closed = std::get_if<event::Closed>(&*e)) {
      for (auto& [id, c] : channels_) {
        if (c.info.state != ChannelState::closed) events_.push_back(channel_event::Closed{id});
      }
      channels_.clear();
      events_.push_back(channel_event::TransportClosed{closed->aborted, closed->reason});
    }
  }
}

std::optional<ChannelInfo> DataChannelManager::channel(std::uint16_t id) const {
  auto it = channels_.find(id);
  if (it == channels_.end()) return std::nullopt;
  return it->second.info;
}

ChannelState DataChannelManager::state(std::uint16_t id) const {
  auto it = channels_.find(id);
  return it == channels_.end() ? ChannelState::closed : it->second.info.state;
}

void DataChannelManager::handle_receive(Timestamp now, BytesView packet) {
  association_.handle_receive(now, packet);
  pump(now);
}

void DataChannelManager::handle_timeout(Timestamp now) {
  association_.handle_timeout(now);
  pump(now);
}

std::optional<Bytes> DataChannelManager::poll_transmit(Timestamp now) {
  pump(now);
  auto p = association_.poll_transmit(now);
  pump(now);
  return p;
}

std::optional<ChannelEvent> DataChannelManager::poll_event() {
  if (events_.empty()) return std::nullopt;
  ChannelEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

}  // namespace rtc::sctp
