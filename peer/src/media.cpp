// Media on the bundled transport: SRTP packets in and out, routed to transceivers by SSRC
// (RFC 8843 §9.2: a=ssrc lines, then the payload type, which is unique within the group).
#include <algorithm>

#include "impl.hpp"
#include "rtc/common/bytes.hpp"

namespace rtc::peer {
namespace {
// SSRCs one transceiver learns from payload types alone (simulcast layers, RTX, a restart).
constexpr std::size_t kMaxLearnedSsrcs = 16;
}  // namespace

Result<void> PeerConnection::Impl::send_rtp(Timestamp now, Bytes packet) {
  if (!srtp_out || !ice) return fail(Errc::state, "SRTP is not keyed yet");
  if (auto r = srtp_out->protect_rtp(packet); !r) return r;
  return ice->send(now, packet);
}

Result<void> PeerConnection::Impl::send_rtcp(Timestamp now, Bytes packet) {
  if (!srtp_out || !ice) return fail(Errc::state, "SRTP is not keyed yet");
  if (auto r = srtp_out->protect_rtcp(packet); !r) return r;
  return ice->send(now, packet);
}

void PeerConnection::Impl::receive_rtp(Timestamp now, BytesView datagram) {
  if (!srtp_in || datagram.size() < 12) return;
  Bytes packet(datagram.begin(), datagram.end());
  if (!srtp_in->unprotect_rtp(packet)) return;  // RFC 3711 §3.3: failed auth or replay: drop
  const std::uint32_t ssrc = load_be32(packet, 8);
  const std::uint8_t pt = packet[1] & 0x7F;
  Transceiver* owner = transceiver_by_remote_ssrc(ssrc);
  if (!owner) {
    for (auto& t : transceivers) {
      if (std::find(t.remote_payload_types.begin(), t.remote_payload_types.end(), pt) ==
          t.remote_payload_types.end()) {
        continue;
      }
      // Learned: later packets match by SSRC. Bounded, so that a peer inventing SSRCs cannot
      // make the table (and the per-SSRC receive state) grow without end.
      if (t.remote_ssrcs.size() >= kMaxLearnedSsrcs) return;
      t.remote_ssrcs.push_back(ssrc);
      owner = &t;
      break;
    }
  }
  if (!owner) return;
  ++owner->packets_received;
  owner->bytes_received += packet.size();
  owner->last_remote_ssrc = ssrc;
  if (!owner->track_announced) {
    owner->track_announced = true;
    events.push_back(event::Track{owner->mid, owner->kind});
  }
  on_rtp(now, *owner, std::move(packet));
}

void PeerConnection::Impl::receive_rtcp(Timestamp now, BytesView datagram) {
  if (!srtp_in) return;
  Bytes packet(datagram.begin(), datagram.end());
  if (!srtp_in->unprotect_rtcp(packet)) return;
  on_rtcp(now, packet);
}

Transceiver* PeerConnection::Impl::transceiver_by_remote_ssrc(std::uint32_t ssrc) {
  for (auto& t : transceivers) {
    if (std::find(t.remote_ssrcs.begin(), t.remote_ssrcs.end(), ssrc) != t.remote_ssrcs.end()) {
      return &t;
    }
  }
  return nullptr;
}

Transceiver* PeerConnection::Impl::transceiver_by_local_ssrc(std::uint32_t ssrc) {
  for (auto& t : transceivers) {
    if (t.ssrc == ssrc) return &t;
  }
  return nullptr;
}

}  // namespace rtc::peer
