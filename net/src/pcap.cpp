// pcapng blocks: Section Header (0x0A0D0D0A), Interface Description (1) and Enhanced Packet (6),
// little-endian as written by this host (the byte-order magic tells readers).
#include "rtc/net/pcap.hpp"

#include <cstring>

namespace rtc::net {
namespace {

void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v));
  put16(b, static_cast<std::uint16_t>(v >> 16));
}
void pad4(Bytes& b) {
  while (b.size() % 4) b.push_back(0);
}
// A block: type, total length, body, total length again.
Bytes block(std::uint32_t type, const Bytes& body) {
  Bytes b;
  const auto total = static_cast<std::uint32_t>(12 + body.size());
  put32(b, type);
  put32(b, total);
  b.insert(b.end(), body.begin(), body.end());
  put32(b, total);
  return b;
}

std::uint16_t ones_complement_sum(BytesView data, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) sum += load_be16(data, i);
  if (data.size() % 2) sum += std::uint32_t{data.back()} << 8;
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

}  // namespace

Bytes make_ip_udp_packet(const SocketAddress& from, const SocketAddress& to, BytesView payload) {
  const std::size_t udp_length = 8 + payload.size();
  Bytes udp(udp_length);
  store_be16(udp, 0, from.port());
  store_be16(udp, 2, to.port());
  store_be16(udp, 4, static_cast<std::uint16_t>(udp_length));
  std::memcpy(udp.data() + 8, payload.data(), payload.size());
  Bytes packet;
  if (from.is_ipv4() && to.is_ipv4()) {
    Bytes ip(20);
    ip[0] = 0x45;  // version 4, 5 words of header (RFC 791 §3.1)
    store_be16(ip, 2, static_cast<std::uint16_t>(20 + udp_length));
    ip[8] = 64;  // TTL
    ip[9] = 17;  // UDP
    std::memcpy(ip.data() + 12, from.ip_bytes().data(), 4);
    std::memcpy(ip.data() + 16, to.ip_bytes().data(), 4);
    store_be16(ip, 10, static_cast<std::uint16_t>(~ones_complement_sum(ip)));
    packet = std::move(ip);
  } else {
    // Mixed families cannot happen on one socket; write both as IPv6 (v4 mapped) if they do.
    auto v6 = [](const SocketAddress& a) {
      std::array<std::uint8_t, 16> b{};
      if (a.is_ipv4()) {
        b[10] = b[11] = 0xFF;
        std::memcpy(b.data() + 12, a.ip_bytes().data(), 4);
      } else {
        std::memcpy(b.data(), a.ip_bytes().data(), 16);
      }
      return b;
    };
    Bytes ip(40);
    ip[0] = 0x60;  // RFC 8200 §3
    store_be16(ip, 4, static_cast<std::uint16_t>(udp_length));
    ip[6] = 17;
    ip[7] = 64;
    const auto src = v6(from), dst = v6(to);
    std::memcpy(ip.data() + 8, src.data(), 16);
    std::memcpy(ip.data() + 24, dst.data(), 16);
    // RFC 8200 §8.1: the UDP checksum over the pseudo-header is mandatory with IPv6.
    std::uint32_t pseudo = ones_complement_sum(BytesView(ip).subspan(8, 32));
    pseudo += static_cast<std::uint32_t>(udp_length) + 17;
    std::uint16_t sum = static_cast<std::uint16_t>(~ones_complement_sum(udp, pseudo));
    store_be16(udp, 6, sum == 0 ? 0xFFFF : sum);
    packet = std::move(ip);
  }
  packet.insert(packet.end(), udp.begin(), udp.end());
  return packet;
}

Result<std::unique_ptr<PcapngWriter>> PcapngWriter::open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return fail(Errc::io, "cannot open " + path + " for writing");
  std::unique_ptr<PcapngWriter> w(new PcapngWriter(f));
  Bytes shb;
  put32(shb, 0x1A2B3C4D);  // byte-order magic
  put16(shb, 1);           // major version
  put16(shb, 0);           // minor version
  put32(shb, 0xFFFFFFFF);  // section length: unknown
  put32(shb, 0xFFFFFFFF);
  Bytes idb;
  put16(idb, 101);  // LINKTYPE_RAW: the packet starts with an IPv4 or IPv6 header
  put16(idb, 0);
  put32(idb, 0);  // no snap length
  // if_tsresol (9) = 6: microseconds, the default, written out for clarity; then opt_endofopt.
  put16(idb, 9);
  put16(idb, 1);
  idb.push_back(6);
  pad4(idb);
  put32(idb, 0);
  for (const auto& b : {block(0x0A0D0D0A, shb), block(1, idb)}) {
    std::fwrite(b.data(), 1, b.size(), f);
  }
  return w;
}

PcapngWriter::~PcapngWriter() {
  if (file_) std::fclose(file_);
}

void PcapngWriter::write_udp(std::chrono::system_clock::time_point when, const SocketAddress& from,
                             const SocketAddress& to, BytesView payload) {
  const Bytes packet = make_ip_udp_packet(from, to, payload);
  const auto us = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count());
  Bytes epb;
  put32(epb, 0);  // interface 0
  put32(epb, static_cast<std::uint32_t>(us >> 32));
  put32(epb, static_cast<std::uint32_t>(us));
  put32(epb, static_cast<std::uint32_t>(packet.size()));
  put32(epb, static_cast<std::uint32_t>(packet.size()));
  epb.insert(epb.end(), packet.begin(), packet.end());
  pad4(epb);
  const Bytes b = block(6, epb);
  std::lock_guard lock(mutex_);
  std::fwrite(b.data(), 1, b.size(), file_);
  std::fflush(file_);
  ++packets_;
}

}  // namespace rtc::net
