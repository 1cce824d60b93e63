#include "rtc/sctp/chunks.hpp"

namespace rtc::sctp {

namespace {
Result<void> need(const RawChunk& c, std::size_t n, const char* what) {
  if (c.value.size() < n) return fail_at(Errc::truncated, what, c.offset);
  return {};
}
}  // namespace

const char* to_string(ChunkType type) {
  switch (type) {
    case ChunkType::data:
      return "DATA";
    case ChunkType::init:
      return "INIT";
    case ChunkType::init_ack:
      return "INIT ACK";
    case ChunkType::sack:
      return "SACK";
    case ChunkType::heartbeat:
      return "HEARTBEAT";
    case ChunkType::heartbeat_ack:
      return "HEARTBEAT ACK";
    case ChunkType::abort:
      return "ABORT";
    case ChunkType::shutdown:
      return "SHUTDOWN";
    case ChunkType::shutdown_ack:
      return "SHUTDOWN ACK";
    case ChunkType::error:
      return "ERROR";
    case ChunkType::cookie_echo:
      return "COOKIE ECHO";
    case ChunkType::cookie_ack:
      return "COOKIE ACK";
    case ChunkType::shutdown_complete:
      return "SHUTDOWN COMPLETE";
    case ChunkType::reconfig:
      return "RE-CONFIG";
    case ChunkType::forward_tsn:
      return "FORWARD TSN";
  }
  return "unknown";
}

// ---- DATA ----
Result<DataChunk> DataChunk::parse(const RawChunk& c) {
  if (auto r = need(c, 12, "DATA chunk needs 16 bytes"); !r) return std::unexpected(r.error());
  // RFC 9260 §6.2: a DATA chunk with no user data is answered with ABORT (No User Data);
  // the association decides, the parser just reports it.
  DataChunk d;
  d.flags = c.flags;
  d.tsn = load_be32(c.value, 0);
  d.stream_id = load_be16(c.value, 4);
  d.ssn = load_be16(c.value, 6);
  d.ppid = load_be32(c.value, 8);
  d.payload = c.value.subspan(12);
  return d;
}

void DataChunk::write(ByteWriter& w) const {
  ChunkWriter cw(w, static_cast<std::uint8_t>(ChunkType::data), flags);
  w.u32(tsn);
  w.u16(stream_id);
  w.u16(ssn);
  w.u32(ppid);
  w.bytes(payload);  // the one copy of user data: into the packet buffer
  cw.close();
}

// ---- INIT / INIT ACK ----
Result<InitChunk> InitChunk::parse(const RawChunk& c) {
  if (auto r = need(c, 16, "INIT chunk needs 20 bytes"); !r) return std::unexpected(r.error());
  InitChunk init;
  init.initiate_tag = load_be32(c.value, 0);
  init.a_rwnd = load_be32(c.value, 4);
  init.outbound_streams = load_be16(c.value, 8);
  init.inbound_streams = load_be16(c.value, 10);
  init.initial_tsn = load_be32(c.value, 12);
  auto params = parse_parameters(c.value.subspan(16), c.offset + 20);
  if (!params) return std::unexpected(params.error());
  for (const auto& p : *params) {
    switch (static_cast<ParamType>(p.type)) {
      case ParamType::state_cookie:
        init.state_cookie = p.value;
        continue;
      case ParamType::forward_tsn_supported:
        init.forward_tsn_supported = true;
        continue;
      case ParamType::supported_extensions:
        for (std::uint8_t t : p.value) {
          if (t == static_cast<std::uint8_t>(ChunkType::forward_tsn))
            init.forward_tsn_supported = true;
          if (t == static_cast<std::uint8_t>(ChunkType::reconfig)) init.reconfig_supported = true;
        }
        continue;
      // Understood but irrelevant over DTLS (RFC 8261 §5: no addresses in INIT).
      case ParamType::ipv4_address:
      case ParamType::ipv6_address:
      case ParamType::host_name_address:
      case ParamType::supported_address_types:
      case ParamType::cookie_preservative:
      case ParamType::ecn_capable:
      case ParamType::unrecognized_parameter:
        continue;
      default:
        break;
    }
    const auto action = unknown_param_action(p.type);
    if (action.report) init.unrecognized.push_back(p.whole);
    if (action.stop) break;
  }
  return init;
}

void InitChunk::write(ByteWriter& w, bool is_ack) const {
  ChunkWriter cw(w, static_cast<std::uint8_t>(is_ack ? ChunkType::init_ack : ChunkType::init), 0);
  w.u32(initiate_tag);
  w.u32(a_rwnd);
  w.u16(outbound_streams);
  w.u16(inbound_streams);
  w.u32(initial_tsn);
  if (is_ack && state_cookie) write_parameter(w, ParamType::state_cookie, *state_cookie);
  // RFC 5061 §4.2.7 Supported Extensions; RFC 3758 §3.1 Forward-TSN-Supported.
  std::uint8_t ext[2];
  std::size_t n = 0;
  if (forward_tsn_supported) ext[n++] = static_cast<std::uint8_t>(ChunkType::forward_tsn);
  if (reconfig_supported) ext[n++] = static_cast<std::uint8_t>(ChunkType::reconfig);
  if (n > 0) write_parameter(w, ParamType::supported_extensions, BytesView(ext, n));
  if (forward_tsn_supported) write_parameter(w, ParamType::forward_tsn_supported, {});
  if (is_ack) {
    for (BytesView u : unrecognized) write_parameter(w, ParamType::unrecognized_parameter, u);
  }
  cw.close();
}

// ---- SACK ----
Result<SackChunk> SackChunk::parse(const RawChunk& c) {
  if (auto r = need(c, 12, "SACK chunk needs 16 bytes"); !r) return std::unexpected(r.error());
  SackChunk s;
  s.cumulative_tsn_ack = load_be32(c.value, 0);
  s.a_rwnd = load_be32(c.value, 4);
  const std::size_t gaps = load_be16(c.value, 8);
  const std::size_t dups = load_be16(c.value, 10);
  // The counts are checked against the chunk length before anything is allocated, so a
  // crafted count cannot make us reserve more than the packet holds.
  if (12 + 4 * (gaps + dups) > c.value.size()) {
    return fail_at(Errc::truncated, "SACK gap/duplicate counts exceed the chunk", c.offset);
  }
  s.gap_blocks.reserve(gaps);
  std::size_t pos = 12;
  for (std::size_t i = 0; i < gaps; ++i, pos += 4) {
    s.gap_blocks.push_back({load_be16(c.value, pos), load_be16(c.value, pos + 2)});
  }
  s.duplicate_tsns.reserve(dups);
  for (std::size_t i = 0; i < dups; ++i, pos += 4)
    s.duplicate_tsns.push_back(load_be32(c.value, pos));
  return s;
}

void SackChunk::write(ByteWriter& w) const {
  ChunkWriter cw(w, static_cast<std::uint8_t>(ChunkType::sack), 0);
  w.u32(cumulative_tsn_ack);
  w.u32(a_rwnd);
  w.u16(static_cast<std::uint16_t>(gap_blocks.size()));
  w.u16(static_cast<std::uint16_t>(duplicate_tsns.size()));
  for (const auto& g : gap_blocks) {
    w.u16(g.start);
    w.u16(g.end);
  }
  for (std::uint32_t d : duplicate_tsns) w.u32(d);
  cw.close();
}

// ---- HEARTBEAT ----
Result<HeartbeatChunk> HeartbeatChunk::parse(const RawChunk& c) {
  auto params = parse_parameters(c.value, c.offset + 4);
  if (!params) return std::unexpected(params.error());
  for (const auto& p : *params) {
    if (p.type == static_cast<std::uint16_t>(ParamType::heartbeat_info))
      return HeartbeatChunk{p.value};
  }
  return fail_at(Errc::malformed, "HEARTBEAT without Heartbeat Info", c.offset);
}

void HeartbeatChunk::write(ByteWriter& w, bool is_ack) const {
  ChunkWriter cw(
      w, static_cast<std::uint8_t>(is_ack ? ChunkType::heartbeat_ack : ChunkType::heartbeat), 0);
  write_parameter(w, ParamType::heartbeat_info, info);
  cw.close();
}

// ---- ABORT / ERROR ----
Result<AbortChunk> AbortChunk::parse(const RawChunk& c) {
  return AbortChunk{(c.flags & kTBit) != 0, c.value};
}
void AbortChunk::write(ByteWriter& w) const {
  ChunkWriter cw(w, static_cast<std::uint8_t>(ChunkType::abort), t_bit ? kTBit : 0);
  w.bytes(causes);
  cw.close();
}
Result<ErrorChunk> ErrorChunk::parse(const RawChunk& c) {
  return ErrorChunk{c.value};
}
void ErrorChunk::write(ByteWriter& w) const {
  ChunkWriter cw(w, static_cast<std::uint8_t>(ChunkType::error), 0);
  w.bytes(causes);
  cw.close();
}

// ---- SHUTDOWN ----
Result<ShutdownChunk> ShutdownChunk::parse(const RawChunk& c) {
  if (auto r = need(c, 4, "SHUTDOWN chunk needs 8 bytes"); !r) return std::unexpected(r.error());
  return ShutdownChunk{load_be32(c.value, 0)};
}
void ShutdownChunk::write(ByteWriter& w) const {
  ChunkWriter cw(w, static_cast<std::uint8_t>(ChunkType::shutdown), 0);
  w.u32(cumulative_tsn_ack);
  cw.close();
}
void ShutdownCompleteChunk::write(ByteWriter& w) const {
  write_empty_chunk(w, ChunkType::shutdown_complete, t_bit ? 1 : 0);
}

void CookieEchoChunk::write(ByteWriter& w) const {
  ChunkWriter cw(w, static_cast<std::uint8_t>(ChunkType::cookie_echo), 0);
  w.bytes(cookie);
  cw.close();
}

void write_empty_chunk(ByteWriter& w, ChunkType type, std::uint8_t flags) {
  ChunkWriter cw(w, static_cast<std::uint8_t>(type), flags);
  cw.close();
}

// ---- FORWARD TSN ----
Result<ForwardTsnChunk> ForwardTsnChunk::parse(const RawChunk& c) {
  if (auto r = need(c, 4, "FORWARD TSN needs 8 bytes"); !r) return std::unexpected(r.error());
  if ((c.value.size() - 4) % 4 != 0) {
    return fail_at(Errc::malformed, "FORWARD TSN stream list not a multiple of 4", c.offset);
  }
  ForwardTsnChunk f;
  f.new_cumulative_tsn = load_be32(c.value, 0);
  f.skipped.reserve((c.value.size() - 4) / 4);
  for (std::size_t pos = 4; pos + 4 <= c.value.size(); pos += 4) {
    f.skipped.push_back({load_be16(c.value, pos), load_be16(c.value, pos + 2)});
  }
  return f;
}
void ForwardTsnChunk::write(ByteWriter& w) const {
  ChunkWriter cw(w, static_cast<std::uint8_t>(ChunkType::forward_tsn), 0);
  w.u32(new_cumulative_tsn);
  for (const auto& s : skipped) {
    w.u16(s.stream_id);
    w.u16(s.ssn);
  }
  cw.close();
}

// ---- RE-CONFIG ----
Result<ReconfigChunk> ReconfigChunk::parse(const RawChunk& c) {
  auto params = parse_parameters(c.value, c.offset + 4);
  if (!params) return std::unexpected(params.error());
  // RFC 6525 §3.1: one or two parameters.
  if (params->empty() || params->size() > 2) {
    return fail_at(Errc::malformed, "RE-CONFIG must carry one or two parameters", c.offset);
  }
  ReconfigChunk r;
  for (const auto& p : *params) {
    const BytesView v = p.value;
    auto streams = [&](std::size_t from) {
      std::vector<std::uint16_t> s;
      s.reserve((v.size() - from) / 2);
      for (std::size_t pos = from; pos + 2 <= v.size(); pos += 2) s.push_back(load_be16(v, pos));
      return s;
    };
    switch (static_cast<ParamType>(p.type)) {
      case ParamType::outgoing_ssn_reset_request:
        if (v.size() < 12 || v.size() % 2 != 0)
          return fail_at(Errc::malformed, "bad Outgoing SSN Reset Request", c.offset);
        r.outgoing.push_back({load_be32(v, 0), load_be32(v, 4), load_be32(v, 8), streams(12)});
        break;
      case ParamType::incoming_ssn_reset_request:
        if (v.size() < 4 || v.size() % 2 != 0)
          return fail_at(Errc::malformed, "bad Incoming SSN Reset Request", c.offset);
        r.incoming.push_back({load_be32(v, 0), streams(4)});
        break;
      case ParamType::reconfig_response:
        if (v.size() < 8)
          return fail_at(Errc::malformed, "bad Re-configuration Response", c.offset);
        r.responses.push_back({load_be32(v, 0), static_cast<ReconfigResult>(load_be32(v, 4))});
        break;
      default:
        r.unsupported.push_back(p.type);
        break;
    }
  }
  return r;
}

void ReconfigChunk::write(ByteWriter& w) const {
  ChunkWriter cw(w, static_cast<std::uint8_t>(ChunkType::reconfig), 0);
  for (const auto& o : outgoing) {
    w.u16(static_cast<std::uint16_t>(ParamType::outgoing_ssn_reset_request));
    const std::size_t len = 16 + 2 * o.streams.size();
    w.u16(static_cast<std::uint16_t>(len));
    w.u32(o.request_sequence);
    w.u32(o.response_sequence);
    w.u32(o.last_assigned_tsn);
    for (auto s : o.streams) w.u16(s);
    w.zeros((4 - len % 4) % 4);
  }
  for (const auto& i : incoming) {
    w.u16(static_cast<std::uint16_t>(ParamType::incoming_ssn_reset_request));
    const std::size_t len = 8 + 2 * i.streams.size();
    w.u16(static_cast<std::uint16_t>(len));
    w.u32(i.request_sequence);
    for (auto s : i.streams) w.u16(s);
    w.zeros((4 - len % 4) % 4);
  }
  for (const auto& r : responses) {
    w.u16(static_cast<std::uint16_t>(ParamType::reconfig_response));
    w.u16(12);
    w.u32(r.response_sequence);
    w.u32(static_cast<std::uint32_t>(r.result));
  }
  cw.close();
}

}  // namespace rtc::sctp
