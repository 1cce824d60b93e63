#include "rtc/rtp/srtp_session.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "rtc/rtp/rtcp_header.hpp"
#include "rtc/rtp/rtp_header.hpp"

namespace rtc::rtp {
namespace {

std::string hex32(std::uint32_t v) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", v);
  return text;
}

std::unexpected<Error> replay_error(ReplayWindow::Verdict verdict, const char* what,
                                    std::uint32_t ssrc, std::uint64_t index) {
  if (verdict == ReplayWindow::Verdict::replayed) {
    return fail(Errc::integrity, std::string("replayed ") + what + " packet: SSRC " + hex32(ssrc) +
                                     " index " + std::to_string(index) +
                                     " was already received (RFC 3711 §3.3.2)");
  }
  return fail(Errc::integrity, std::string("too old ") + what + " packet: SSRC " + hex32(ssrc) +
                                   " index " + std::to_string(index) +
                                   " is below the replay window (RFC 3711 §3.3.2)");
}

}  // namespace

Result<SrtpSession> SrtpSession::create(const SrtpConfig& config) {
  auto keys = derive_srtp_session_keys(config.profile, config.master_key, config.master_salt);
  if (!keys) return std::unexpected(std::move(keys.error()));
  return create_with_session_keys(config, *keys);
}

Result<SrtpSession> SrtpSession::create_with_session_keys(const SrtpConfig& config,
                                                          const SrtpSessionKeys& keys) {
  if (config.max_contexts == 0) {
    return fail(Errc::invalid_argument, "max_contexts must be at least 1");
  }
  if (config.replay_window < ReplayWindow::kMinSize ||
      config.replay_window > ReplayWindow::kMaxSize) {
    return fail(Errc::invalid_argument,
                "replay window must be 64..32768 packets (RFC 3711 §3.3.2, §3.3.1)");
  }
  auto cipher = SrtpCipher::create(config.profile, keys);
  if (!cipher) return std::unexpected(std::move(cipher.error()));
  SrtpSession session(std::move(*cipher), config);
  session.contexts_.reserve(std::min<std::size_t>(config.max_contexts, 16));
  return session;
}

SrtpStreamContext* SrtpSession::find(std::uint32_t ssrc) {
  if (last_ < contexts_.size() && contexts_[last_].ssrc == ssrc) return &contexts_[last_];
  auto it =
      std::lower_bound(contexts_.begin(), contexts_.end(), ssrc,
                       [](const SrtpStreamContext& c, std::uint32_t s) { return c.ssrc < s; });
  if (it == contexts_.end() || it->ssrc != ssrc) return nullptr;
  last_ = static_cast<std::size_t>(it - contexts_.begin());
  return &*it;
}

const SrtpStreamContext* SrtpSession::find_context(std::uint32_t ssrc) const {
  auto it =
      std::lower_bound(contexts_.begin(), contexts_.end(), ssrc,
                       [](const SrtpStreamContext& c, std::uint32_t s) { return c.ssrc < s; });
  if (it == contexts_.end() || it->ssrc != ssrc) return nullptr;
  return &*it;
}

SrtpStreamContext& SrtpSession::insert(std::uint32_t ssrc) {
  auto it =
      std::lower_bound(contexts_.begin(), contexts_.end(), ssrc,
                       [](const SrtpStreamContext& c, std::uint32_t s) { return c.ssrc < s; });
  it = contexts_.insert(it, SrtpStreamContext(ssrc, replay_window_));
  last_ = static_cast<std::size_t>(it - contexts_.begin());
  return *it;
}

Result<void> SrtpSession::check_room_for(std::uint32_t ssrc) const {
  if (contexts_.size() >= max_contexts_) {
    return fail(Errc::state, "SSRC " + hex32(ssrc) + " would exceed the limit of " +
                                 std::to_string(max_contexts_) + " SRTP contexts");
  }
  return {};
}

bool SrtpSession::remove_context(std::uint32_t ssrc) {
  auto it =
      std::lower_bound(contexts_.begin(), contexts_.end(), ssrc,
                       [](const SrtpStreamContext& c, std::uint32_t s) { return c.ssrc < s; });
  if (it == contexts_.end() || it->ssrc != ssrc) return false;
  contexts_.erase(it);
  last_ = 0;
  return true;
}

std::optional<std::uint32_t> SrtpSession::receiver_roc(std::uint32_t ssrc) const {
  const auto* context = find_context(ssrc);
  if (context == nullptr || !context->rtp_replay.highest()) return std::nullopt;
  return static_cast<std::uint32_t>(*context->rtp_replay.highest() >> 16);
}

std::optional<std::uint32_t> SrtpSession::sender_roc(std::uint32_t ssrc) const {
  const auto* context = find_context(ssrc);
  if (context == nullptr || !context->rtp_sent_highest) return std::nullopt;
  return static_cast<std::uint32_t>(*context->rtp_sent_highest >> 16);
}

// ---- SRTP ------------------------------------------------------------------------------------

Result<std::size_t> SrtpSession::protect_rtp(MutableBytesView buffer, std::size_t size) {
  const std::size_t tag_size = cipher_.rtp_tag_size();
  if (size > buffer.size() || buffer.size() - size < tag_size) {
    return fail(Errc::invalid_argument, "no room after the RTP packet for the " +
                                            std::to_string(tag_size) + "-byte SRTP tag");
  }
  auto header = RtpHeaderView::parse(buffer.first(size));
  if (!header) return std::unexpected(std::move(header.error()));
  const std::uint32_t ssrc = header->ssrc();
  const std::uint16_t seq = header->sequence_number();
  const std::size_t header_size = header->header_size();

  SrtpStreamContext* context = find(ssrc);
  if (context == nullptr) {
    if (auto room = check_room_for(ssrc); !room) return std::unexpected(std::move(room.error()));
  }
  // RFC 3711 §3.3.1: the sender's ROC counts wraps of SEQ; estimating it from the highest
  // index sent keeps it right when a sequence number is sent again (retransmission).
  const auto index =
      estimate_srtp_index(context != nullptr ? context->rtp_sent_highest : std::nullopt, seq);
  if (!index) {
    return fail(Errc::state, "SSRC " + hex32(ssrc) + " sequence number " + std::to_string(seq) +
                                 " has no packet index: the index space is used up or the number"
                                 " precedes the first packet (RFC 3711 §3.3.1, §9.2)");
  }
  auto done = cipher_.protect_rtp(buffer.first(size), header_size, ssrc, *index,
                                  buffer.subspan(size, tag_size));
  if (!done) return std::unexpected(std::move(done.error()));
  if (context == nullptr) context = &insert(ssrc);
  context->rtp_sent_highest = std::max(context->rtp_sent_highest.value_or(0), *index);
  return size + tag_size;
}

Result<std::size_t> SrtpSession::unprotect_rtp(MutableBytesView packet) {
  const std::size_t tag_size = cipher_.rtp_tag_size();
  if (packet.size() < kRtpFixedHeaderSize + tag_size) {
    return fail_at(Errc::truncated,
                   "SRTP packet of " + std::to_string(packet.size()) +
                       " bytes is shorter than an RTP header and a " + std::to_string(tag_size) +
                       "-byte tag",
                   packet.size());
  }
  const std::size_t size = packet.size() - tag_size;
  // The header is in the clear; CSRC and extension lengths must fit before the tag.
  auto header = RtpHeaderView::parse_header(packet.first(size));
  if (!header) return std::unexpected(std::move(header.error()));
  const std::uint32_t ssrc = header->ssrc();
  const std::uint16_t seq = header->sequence_number();
  const std::size_t header_size = header->header_size();
  const bool padding_bit = header->has_padding();

  SrtpStreamContext* context = find(ssrc);
  std::uint64_t index = seq;  // a new SSRC starts at ROC 0 (§3.3.1)
  if (context != nullptr) {
    const auto estimate = estimate_srtp_index(context->rtp_replay.highest(), seq);
    if (!estimate) {
      return fail(Errc::integrity, "too old SRTP packet: SSRC " + hex32(ssrc) + " sequence " +
                                       std::to_string(seq) +
                                       " would precede the first packet (RFC 3711 §3.3.1)");
    }
    index = *estimate;
    // §3.3 step 2: replay check before the (costlier) authentication.
    if (auto verdict = context->rtp_replay.check(index); verdict != ReplayWindow::Verdict::fresh) {
      return replay_error(verdict, "SRTP", ssrc, index);
    }
  } else if (auto room = check_room_for(ssrc); !room) {
    return std::unexpected(std::move(room.error()));
  }

  const BytesView tag = packet.subspan(size, tag_size);
  auto opened = cipher_.unprotect_rtp(packet.first(size), header_size, ssrc, index, tag);
  if (!opened) return std::unexpected(std::move(opened.error()));
  // RFC 3550 §5.1: padding is inside the encrypted payload, so it is checked only now.
  auto padding =
      rtp_padding_size(padding_bit, packet.subspan(header_size, size - header_size), header_size);
  if (!padding) return std::unexpected(std::move(padding.error()));

  // §3.3 step 6: only an authenticated packet updates ROC, s_l and the replay list.
  if (context == nullptr) context = &insert(ssrc);
  context->rtp_replay.accept(index);
  return size;
}

// ---- SRTCP -----------------------------------------------------------------------------------

Result<std::size_t> SrtpSession::protect_rtcp(MutableBytesView buffer, std::size_t size) {
  const std::size_t overhead = rtcp_overhead();
  if (size > buffer.size() || buffer.size() - size < overhead) {
    return fail(Errc::invalid_argument, "no room after the RTCP packet for the " +
                                            std::to_string(overhead) + "-byte SRTCP trailer");
  }
  auto compound = validate_rtcp_compound(buffer.first(size));
  if (!compound) return std::unexpected(std::move(compound.error()));
  const std::uint32_t ssrc = load_be32(buffer, 4);

  SrtpStreamContext* context = find(ssrc);
  if (context == nullptr) {
    if (auto room = check_room_for(ssrc); !room) return std::unexpected(std::move(room.error()));
  }
  const std::uint64_t index = context != nullptr ? context->rtcp_next_index : 0;
  if (index > kSrtcpIndexMask) {
    return fail(Errc::state,
                "SSRC " + hex32(ssrc) + " has used all 2^31 SRTCP indices: rekey (RFC 3711 §9.2)");
  }
  auto protected_size =
      cipher_.protect_rtcp(buffer, size, ssrc, static_cast<std::uint32_t>(index), encrypt_rtcp_);
  if (!protected_size) return protected_size;
  if (context == nullptr) context = &insert(ssrc);
  context->rtcp_next_index = index + 1;
  return protected_size;
}

Result<std::size_t> SrtpSession::unprotect_rtcp(MutableBytesView packet) {
  const std::size_t overhead = rtcp_overhead();
  if (packet.size() < kRtcpHeaderSize + overhead) {
    return fail_at(Errc::truncated,
                   "SRTCP packet of " + std::to_string(packet.size()) +
                       " bytes is shorter than an RTCP header, E||index and a " +
                       std::to_string(cipher_.rtcp_tag_size()) + "-byte tag",
                   packet.size());
  }
  const std::size_t size = packet.size() - overhead;
  // The first 8 octets are in the clear (RFC 3711 §3.4): version, the first packet's length,
  // and the SSRC that selects the context can be checked before any crypto.
  auto header = RtcpHeaderView::parse(packet.first(size));
  if (!header) return std::unexpected(std::move(header.error()));
  const std::uint32_t ssrc = header->sender_ssrc();
  const std::uint32_t trailer = load_be32(packet, cipher_.srtcp_trailer_offset(packet.size()));
  const std::uint32_t index = trailer & kSrtcpIndexMask;

  SrtpStreamContext* context = find(ssrc);
  if (context != nullptr) {
    if (auto verdict = context->rtcp_replay.check(index); verdict != ReplayWindow::Verdict::fresh) {
      return replay_error(verdict, "SRTCP", ssrc, index);
    }
  } else if (auto room = check_room_for(ssrc); !room) {
    return std::unexpected(std::move(room.error()));
  }

  auto opened = cipher_.unprotect_rtcp(packet, ssrc, trailer);
  if (!opened) return opened;
  // The rest of the compound was encrypted: its lengths can be walked only now.
  auto compound = validate_rtcp_compound(packet.first(size));
  if (!compound) return std::unexpected(std::move(compound.error()));

  if (context == nullptr) context = &insert(ssrc);
  context->rtcp_replay.accept(index);
  return size;
}

// ---- vector conveniences ---------------------------------------------------------------------

Result<void> SrtpSession::protect_rtp(Bytes& packet) {
  const std::size_t size = packet.size();
  packet.resize(size + rtp_overhead());
  auto done = protect_rtp(MutableBytesView(packet), size);
  if (!done) {
    packet.resize(size);
    return std::unexpected(std::move(done.error()));
  }
  packet.resize(*done);
  return {};
}

Result<void> SrtpSession::unprotect_rtp(Bytes& packet) {
  auto done = unprotect_rtp(MutableBytesView(packet));
  if (!done) return std::unexpected(std::move(done.error()));
  packet.resize(*done);
  return {};
}

Result<void> SrtpSession::protect_rtcp(Bytes& packet) {
  const std::size_t size = packet.size();
  packet.resize(size + rtcp_overhead());
  auto done = protect_rtcp(MutableBytesView(packet), size);
  if (!done) {
    packet.resize(size);
    return std::unexpected(std::move(done.error()));
  }
  packet.resize(*done);
  return {};
}

Result<void> SrtpSession::unprotect_rtcp(Bytes& packet) {
  auto done = unprotect_rtcp(MutableBytesView(packet));
  if (!done) return std::unexpected(std::move(done.error()));
  packet.resize(*done);
  return {};
}

}  // namespace rtc::rtp
