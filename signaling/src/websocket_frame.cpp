// RFC 6455 §5: frames. Read the header decoder, then FrameParser::next(), which applies the
// rules of §5.1 (masking), §5.2 (reserved bits, opcodes), §5.4 (fragmentation), §5.5 (control
// frames), §5.6/§8.1 (UTF-8) and the server's message size limit, in that order.
#include "rtc/signaling/websocket_frame.hpp"

#include <utility>

namespace rtc::signaling::ws {

const char* to_string(Opcode op) {
  switch (op) {
    case Opcode::continuation:
      return "continuation";
    case Opcode::text:
      return "text";
    case Opcode::binary:
      return "binary";
    case Opcode::close:
      return "close";
    case Opcode::ping:
      return "ping";
    case Opcode::pong:
      return "pong";
  }
  return "unknown";
}

bool is_valid_wire_close_code(std::uint16_t code) {
  // §7.4.1 defines 1000-1003 and 1007-1011 (1012-1014 were registered later, §11.7's
  // registry); 1004 is reserved, 1005/1006/1015 are for reporting only. 3000-4999 are for
  // libraries, frameworks and applications (§7.4.2).
  if (code >= 1000 && code <= 1003) return true;
  if (code >= 1007 && code <= 1014) return true;
  return code >= 3000 && code <= 4999;
}

void apply_mask(MutableBytesView data, const MaskKey& key, std::size_t offset) {
  for (std::size_t i = 0; i < data.size(); ++i) data[i] ^= key[(offset + i) & 3];
}

Result<std::optional<FrameHeader>> decode_header(BytesView data) {
  if (data.size() < 2) return std::nullopt;
  FrameHeader h;
  const std::uint8_t b0 = data[0];
  const std::uint8_t b1 = data[1];
  h.fin = (b0 & 0x80) != 0;
  h.rsv = static_cast<std::uint8_t>((b0 >> 4) & 0x7);
  h.opcode = b0 & 0x0F;
  h.masked = (b1 & 0x80) != 0;
  const std::uint8_t len7 = b1 & 0x7F;
  std::size_t at = 2;
  if (len7 == 126) {
    // 16-bit extended length.
    if (data.size() < at + 2) return std::nullopt;
    h.payload_length = load_be16(data, at);
    at += 2;
  } else if (len7 == 127) {
    // 64-bit extended length; "the most significant bit MUST be 0" (§5.2).
    if (data.size() < at + 8) return std::nullopt;
    h.payload_length = load_be64(data, at);
    if (h.payload_length >> 63) {
      return fail_at(Errc::malformed, "64-bit payload length has its top bit set", at);
    }
    at += 8;
  } else {
    h.payload_length = len7;
  }
  // §5.2 also says the minimal number of bytes MUST be used for the length; that is a rule
  // for senders, and a receiver loses nothing by accepting a longer form, so we do.
  if (h.masked) {
    if (data.size() < at + 4) return std::nullopt;
    for (std::size_t i = 0; i < 4; ++i) h.mask[i] = data[at + i];
    at += 4;
  }
  h.header_size = at;
  return h;
}

void encode_frame(Bytes& out, Opcode opcode, BytesView payload, bool fin, const MaskKey* mask) {
  const std::size_t n = payload.size();
  out.reserve(out.size() + 14 + n);
  out.push_back(static_cast<std::uint8_t>((fin ? 0x80 : 0x00) | static_cast<std::uint8_t>(opcode)));
  const std::uint8_t mask_bit = mask ? 0x80 : 0x00;
  if (n < 126) {
    out.push_back(static_cast<std::uint8_t>(mask_bit | n));
  } else if (n <= 0xFFFF) {
    out.push_back(mask_bit | 126);
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    out.push_back(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(n) >> shift));
    }
  }
  if (mask) out.insert(out.end(), mask->begin(), mask->end());
  const std::size_t payload_at = out.size();
  out.insert(out.end(), payload.begin(), payload.end());
  if (mask) apply_mask(MutableBytesView(out).subspan(payload_at), *mask);
}

Bytes encode_frame(Opcode opcode, BytesView payload, bool fin, const MaskKey* mask) {
  Bytes out;
  encode_frame(out, opcode, payload, fin, mask);
  return out;
}

Bytes close_payload(std::uint16_t code, std::string_view reason) {
  // Cut the reason to 123 bytes without splitting a UTF-8 sequence: back up over
  // continuation bytes (10xxxxxx) to the start of the code point that would be split.
  if (reason.size() > kMaxControlPayload - 2) {
    std::size_t cut = kMaxControlPayload - 2;
    while (cut > 0 && (static_cast<std::uint8_t>(reason[cut]) & 0xC0) == 0x80) --cut;
    reason = reason.substr(0, cut);
  }
  Bytes out;
  out.reserve(2 + reason.size());
  out.push_back(static_cast<std::uint8_t>(code >> 8));
  out.push_back(static_cast<std::uint8_t>(code));
  out.insert(out.end(), reason.begin(), reason.end());
  return out;
}

CloseParse parse_close_payload(BytesView payload) {
  CloseParse r;
  if (payload.empty()) {
    r.info = CloseInfo{};  // §7.1.5: no status code received -> 1005
    return r;
  }
  if (payload.size() == 1) {
    r.failure_code = close_code::protocol_error;
    r.failure_reason = "close payload of one byte";
    return r;
  }
  const std::uint16_t code = load_be16(payload, 0);
  if (!is_valid_wire_close_code(code)) {
    r.failure_code = close_code::protocol_error;
    r.failure_reason = "invalid close code";
    return r;
  }
  const std::string_view reason = as_string_view(payload.subspan(2));
  if (!is_valid_utf8(reason)) {
    r.failure_code = close_code::invalid_payload;
    r.failure_reason = "close reason is not UTF-8";
    return r;
  }
  r.info = CloseInfo{code, std::string(reason)};
  return r;
}

// ---- FrameParser -------------------------------------------------------------------------

void FrameParser::compact() {
  if (pos_ == 0) return;
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    // An idle connection should hold no buffer: give back what a large message made us
    // allocate (the server keeps thousands of connections; see README "Memory").
    if (buffer_.capacity() > 4096) Bytes().swap(buffer_);
  } else {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos_));
  }
  pos_ = 0;
}

void FrameParser::feed(BytesView data) {
  if (failed_) return;
  compact();
  buffer_.insert(buffer_.end(), data.begin(), data.end());
}

Failure FrameParser::fail(std::uint16_t code, std::string reason) {
  failed_ = true;
  buffer_ = Bytes();
  pos_ = 0;
  message_ = std::string();
  return Failure{code, std::move(reason)};
}

std::optional<Event> FrameParser::next() {
  if (failed_) return std::nullopt;
  // A loop, not recursion: a message may come in any number of (even empty) fragments.
  for (;;) {
    const BytesView rest = BytesView(buffer_).subspan(pos_);
    auto decoded = decode_header(rest);
    if (!decoded) return fail(close_code::protocol_error, decoded.error().message);
    if (!*decoded) return std::nullopt;
    const FrameHeader& h = **decoded;

    // Every rule that the header alone can break is checked before waiting for the payload, so
    // a peer announcing a 2^62-byte frame is turned away after 10 bytes, not after 2^62.
    // §5.2: RSV1-3 "MUST be 0 unless an extension is negotiated"; we negotiate none.
    if (h.rsv != 0) return fail(close_code::protocol_error, "reserved bits set");
    const auto op = static_cast<Opcode>(h.opcode);
    const bool known = op == Opcode::continuation || op == Opcode::text || op == Opcode::binary ||
                       op == Opcode::close || op == Opcode::ping || op == Opcode::pong;
    // §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail_".
    if (!known) return fail(close_code::protocol_error, "unknown opcode");
    // §5.1: a server MUST close on an unmasked frame; a client on a masked one.
    if (options_.role == Role::server && !h.masked) {
      return fail(close_code::protocol_error, "client frame is not masked");
    }
    if (options_.role == Role::client && h.masked) {
      return fail(close_code::protocol_error, "server frame is masked");
    }
    if (is_control(op)) {
      // §5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT
      // be fragmented."
      if (!h.fin) return fail(close_code::protocol_error, "fragmented control frame");
      if (h.payload_length > kMaxControlPayload) {
        return fail(close_code::protocol_error, "control frame longer than 125 bytes");
      }
    } else if (op == Opcode::continuation) {
      // §5.4: a continuation frame continues a message that a text/binary frame started.
      if (!in_message_) return fail(close_code::protocol_error, "continuation without a message");
    } else if (in_message_) {
      // §5.4: fragments of one message are not interleaved with another data message.
      return fail(close_code::protocol_error, "new message before the previous one finished");
    }
    if (!is_control(op) && h.payload_length > options_.max_message_size - message_.size()) {
      return fail(close_code::message_too_big, "message too big");
    }

    const std::size_t total = h.header_size + static_cast<std::size_t>(h.payload_length);
    if (rest.size() < total) return std::nullopt;  // wait for the rest of the frame
    pos_ += total;

    // §5.3: unmask a copy of the payload (the input buffer is left untouched).
    const BytesView wire = rest.subspan(h.header_size, static_cast<std::size_t>(h.payload_length));

    if (is_control(op)) {
      Bytes payload(wire.begin(), wire.end());
      if (h.masked) apply_mask(payload, h.mask);
      if (op == Opcode::ping) return Ping{std::move(payload)};
      if (op == Opcode::pong) return Pong{std::move(payload)};
      CloseParse parsed = parse_close_payload(payload);
      if (!parsed.info) return fail(parsed.failure_code, std::move(parsed.failure_reason));
      return Close{std::move(*parsed.info)};
    }

    if (op != Opcode::continuation) {
      in_message_ = true;
      message_binary_ = op == Opcode::binary;
      utf8_.reset();
    }
    const std::size_t at = message_.size();
    message_.append(reinterpret_cast<const char*>(wire.data()), wire.size());
    auto appended =
        MutableBytesView(reinterpret_cast<std::uint8_t*>(message_.data()) + at, wire.size());
    if (h.masked) apply_mask(appended, h.mask);
    // §8.1: validate text as it arrives, so an invalid byte fails the connection at once.
    if (!message_binary_ && !utf8_.feed(appended)) {
      return fail(close_code::invalid_payload, "text message is not UTF-8");
    }
    if (!h.fin) continue;  // a middle fragment: keep assembling
    if (!message_binary_ && !utf8_.complete()) {
      return fail(close_code::invalid_payload, "text message ends inside a UTF-8 sequence");
    }
    in_message_ = false;
    Message m{message_binary_, std::move(message_)};
    message_ = std::string();
    return m;
  }
}

}  // namespace rtc::signaling::ws
