// A pcapng file (draft-ietf-opsawg-pcapng) of UDP datagrams, for `rtc demo --pcap` so that
// Wireshark or tshark can show every STUN, DTLS, SRTP and SCTP packet of a session. The
// stack never sees IP headers (sockets hide them), so each datagram is written as a raw IPv4
// or IPv6 packet (link type 101, LINKTYPE_RAW) with a UDP header made up from the addresses.
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"

namespace rtc::net {

class PcapngWriter {
 public:
  static Result<std::unique_ptr<PcapngWriter>> open(const std::string& path);
  ~PcapngWriter();
  PcapngWriter(const PcapngWriter&) = delete;
  PcapngWriter& operator=(const PcapngWriter&) = delete;

  // Thread-safe: the demo's two peers write to one file.
  void write_udp(std::chrono::system_clock::time_point when, const SocketAddress& from,
                 const SocketAddress& to, BytesView payload);
  std::size_t packets() const { return packets_; }

 private:
  explicit PcapngWriter(std::FILE* f) : file_(f) {}
  std::FILE* file_;
  std::mutex mutex_;
  std::size_t packets_ = 0;
};

// The IPv4 or IPv6 packet with a UDP header around `payload` (checksums: IPv4 header checksum
// computed, UDP checksum 0 for IPv4 (RFC 768 allows it) and computed for IPv6, RFC 8200 §8.1).
Bytes make_ip_udp_packet(const SocketAddress& from, const SocketAddress& to, BytesView payload);

}  // namespace rtc::net
