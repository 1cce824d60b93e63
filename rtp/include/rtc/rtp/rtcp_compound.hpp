// RTCP compound packets (RFC 3550 §6.1, A.2) and reduced-size RTCP (RFC 5506): walking,
// validating, parsing into typed packets, and building.
//
// RFC 3550 wants every RTCP datagram to be a compound packet that starts with an SR or RR
// (and carries an SDES CNAME), so that every datagram tells the receiver something about
// reception. RFC 5506 lets a session that negotiated a=rtcp-rsize send a feedback message
// alone (a PLI or a NACK, without the report around it), which is what browsers do. The
// `RtcpMode` says which rule to apply: reduced_size accepts both (what WebRTC needs).
//
// RtcpCompoundView is the zero-copy walk (validate once, then iterate over RtcpHeaderViews);
// parse_rtcp() turns each packet into a typed value for code that wants fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/rtcp_feedback.hpp"
#include "rtc/rtp/rtcp_header.hpp"
#include "rtc/rtp/rtcp_reports.hpp"
#include "rtc/rtp/rtcp_sdes_bye_app.hpp"
#include "rtc/rtp/rtcp_transport_feedback.hpp"

namespace rtc::rtp {

enum class RtcpMode : std::uint8_t {
  compound,      // RFC 3550 A.2: the first packet must be SR or RR
  reduced_size,  // RFC 5506 §3: any packet type may come first, or stand alone
};

// A packet type we do not model (XR, other feedback FMTs, ...): RFC 3550 §6.1 says ignore it.
struct UnknownRtcp {
  std::uint8_t packet_type = 0;
  std::uint8_t count = 0;
  Bytes body;  // after the 4-octet header, without padding (RFC 3550 §6.4.1)
  bool operator==(const UnknownRtcp&) const = default;
};

using RtcpPacket = std::variant<SenderReport, ReceiverReport, Sdes, Bye, App, Nack,
                                TransportFeedback, Pli, Fir, Remb, UnknownRtcp>;

// RFC 3550 A.2 validity checks on a whole datagram: version 2 everywhere, lengths adding up
// to the datagram, padding only on the last packet, and (RtcpMode::compound) an SR or RR
// first. Returns the number of packets.
Result<std::size_t> validate_rtcp(BytesView datagram, RtcpMode mode = RtcpMode::reduced_size);

// Zero-copy iteration after validation: `for (RtcpHeaderView p : *view) ...`.
class RtcpCompoundView {
 public:
  static Result<RtcpCompoundView> parse(BytesView datagram, RtcpMode mode = RtcpMode::reduced_size);

  class iterator {
   public:
    using value_type = RtcpHeaderView;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    RtcpHeaderView operator*() const;
    iterator& operator++();
    iterator operator++(int) {
      iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const iterator& o) const { return offset_ == o.offset_; }

   private:
    friend class RtcpCompoundView;
    iterator(BytesView data, std::size_t offset) : data_(data), offset_(offset) {}
    BytesView data_;
    std::size_t offset_ = 0;
  };

  iterator begin() const { return iterator(data_, 0); }
  iterator end() const { return iterator(data_, data_.size()); }
  std::size_t size() const { return count_; }

 private:
  RtcpCompoundView(BytesView data, std::size_t count) : data_(data), count_(count) {}
  BytesView data_;
  std::size_t count_ = 0;
};

// One RTCP packet (exactly, as RtcpHeaderView::packet()) into its typed value.
Result<RtcpPacket> parse_rtcp_packet(BytesView packet);
// Validate the datagram, then parse every packet in it.
Result<std::vector<RtcpPacket>> parse_rtcp(BytesView datagram,
                                           RtcpMode mode = RtcpMode::reduced_size);

// Writes one packet / a compound (in the given order: put SR or RR first, then SDES, for a
// RFC 3550 compound; a lone feedback packet is a reduced-size one).
void write_rtcp(ByteWriter& w, const RtcpPacket& packet);
Bytes serialize_rtcp(std::span<const RtcpPacket> packets);

// "SR", "RR", "SDES", "BYE", "APP", "NACK", "TWCC", "PLI", "FIR", "REMB", "unknown".
const char* rtcp_packet_name(const RtcpPacket& packet);

}  // namespace rtc::rtp
