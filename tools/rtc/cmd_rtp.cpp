// rtc rtp decode: look inside RTP and RTCP packets (rtp/, RFC 3550, RFC 8285, RFC 4585).
//
//   rtc rtp decode packet.bin
//   echo "80e01234 deadbeef cafebabe 0102" | rtc rtp decode -
//   rtc rtp decode --extmap
//   3=http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01 capture.hex
//
// Input is raw bytes (one packet) or hex text; in hex, blank lines separate packets and '#'
// starts a comment. RTP and RTCP are told apart as on a muxed port (RFC 5761 §4: packet types
// 192..223 are RTCP), or forced with --rtp / --rtcp. Exit status 0 when every packet parses, 1
// when one does not (the error names the RFC rule and the byte offset), 2 on unreadable input.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "command.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/rtp/rtcp_compound.hpp"
#include "rtc/rtp/rtp_extensions.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace {

using namespace rtc::rtp;

struct DecodeOptions {
  std::string input = "-";
  bool rtp = false;
  bool rtcp = false;
  std::vector<std::string> extmap;
};

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

bool is_hex_text(const std::string& text) {
  bool in_comment = false;
  for (char c : text) {
    if (c == '#') in_comment = true;
    if (c == '\n') in_comment = false;
    if (in_comment) continue;
    const bool ok = std::isxdigit(static_cast<unsigned char>(c)) ||
                    std::isspace(static_cast<unsigned char>(c)) || c == ':';
    if (!ok) return false;
  }
  return true;
}

// Hex text: blank lines separate packets; '#' comments run to the end of the line.
rtc::Result<std::vector<rtc::Bytes>> hex_packets(const std::string& text) {
  std::vector<rtc::Bytes> packets;
  std::istringstream in(text);
  std::string line, block;
  auto flush = [&]() -> rtc::Result<void> {
    if (block.find_first_not_of(" \t\r\n:") == std::string::npos) {
      block.clear();
      return {};
    }
    auto bytes = rtc::from_hex(block);
    if (!bytes) return std::unexpected(bytes.error());
    packets.push_back(std::move(*bytes));
    block.clear();
    return {};
  };
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (line.find_first_not_of(" \t\r:") == std::string::npos) {
      if (auto ok = flush(); !ok) return std::unexpected(ok.error());
      continue;
    }
    block += line + "\n";
  }
  if (auto ok = flush(); !ok) return std::unexpected(ok.error());
  return packets;
}

std::string describe_extension(const ExtensionMap& map, const HeaderExtensionElement& e) {
  std::ostringstream out;
  switch (map.kind_of(e.id)) {
    case ExtensionKind::sdes_mid:
    case ExtensionKind::rtp_stream_id:
    case ExtensionKind::repaired_rtp_stream_id:
      if (auto t = decode_sdes_text(e.data)) {
        bool printable = true;
        for (char c : *t) printable &= std::isprint(static_cast<unsigned char>(c)) != 0;
        const auto uri = extension_uri(map.kind_of(e.id));
        if (!printable) break;
        out << uri.substr(uri.rfind(':') + 1) << " \"" << *t << "\" (RFC 8852 §3, RFC 9143)";
        return out.str();
      }
      break;
    case ExtensionKind::abs_send_time:
      if (auto v = decode_abs_send_time(e.data)) {
        out << "abs-send-time " << *v << " = " << (*v / 262144.0) << " s (6.18 fixed point)";
        return out.str();
      }
      break;
    case ExtensionKind::transport_wide_cc:
      if (auto v = decode_transport_sequence(e.data)) {
        out << "transport-wide sequence number " << *v << " (draft-holmer §2)";
        return out.str();
      }
      break;
    case ExtensionKind::ssrc_audio_level:
      if (auto v = decode_audio_level(e.data)) {
        out << "audio level -" << int(v->level) << " dBov, voice " << (v->voice ? "yes" : "no")
            << " (RFC 6464 §3)";
        return out.str();
      }
      break;
    case ExtensionKind::video_orientation:
      if (auto v = decode_video_orientation(e.data)) {
        out << "video orientation " << v->rotation << " deg"
            << (v->horizontal_flip ? ", flipped" : "") << (v->back_camera ? ", back camera" : "")
            << " (3GPP TS 26.114)";
        return out.str();
      }
      break;
    case ExtensionKind::unknown:
      break;
  }
  out << rtc::to_hex(e.data) << " (" << e.data.size() << " octets)";
  return out.str();
}

bool print_rtp(rtc::BytesView bytes, const ExtensionMap& map) {
  auto p = RtpPacketView::parse(bytes);
  if (!p) {
    std::cout << "RTP: error: " << p.error().to_string() << "\n";
    return false;
  }
  std::cout << "RTP packet, " << bytes.size() << " octets (RFC 3550 §5.1)\n"
            << "  version " << int(p->version()) << ", padding "
            << (p->has_padding() ? "yes" : "no") << ", extension "
            << (p->has_extension() ? "yes" : "no") << ", CSRC count " << int(p->csrc_count())
            << "\n"
            << "  marker " << (p->marker() ? 1 : 0) << ", payload type " << int(p->payload_type())
            << "\n"
            << "  sequence number " << p->sequence_number() << ", timestamp " << p->timestamp()
            << ", SSRC " << hex32(p->ssrc()) << "\n";
  for (std::size_t i = 0; i < p->csrc_count(); ++i) {
    std::cout << "  CSRC " << hex32(p->csrc(i)) << "\n";
  }
  if (p->has_extension()) {
    char profile[8];
    std::snprintf(profile, sizeof profile, "0x%04x", p->extension_profile());
    const auto& ext = p->extensions();
    const char* form = ext.form() == ExtensionForm::one_byte   ? "one-byte form, RFC 8285 §4.2"
                       : ext.form() == ExtensionForm::two_byte ? "two-byte form, RFC 8285 §4.3"
                                                               : "not RFC 8285, RFC 3550 §5.3.1";
    std::cout << "  header extension profile " << profile << " (" << form << "), "
              << p->header().extension_data().size() << " octets\n";
    for (std::size_t i = 0; i < ext.size(); ++i) {
      std::cout << "    id " << int(ext[i].id) << ": " << describe_extension(map, ext[i]) << "\n";
    }
  }
  std::cout << "  payload " << p->payload().size() << " octets";
  if (p->padding_size()) std::cout << ", padding " << p->padding_size() << " octets";
  std::cout << "\n";
  return true;
}

void print_report_block(const ReportBlock& b) {
  std::cout << "    report block for SSRC " << hex32(b.ssrc) << ": fraction lost "
            << int(b.fraction_lost) << "/256, cumulative lost " << b.cumulative_lost
            << ", highest seq " << b.extended_highest_seq << " (cycles "
            << (b.extended_highest_seq >> 16) << "), jitter " << b.jitter << ", LSR "
            << hex32(b.last_sr) << ", DLSR " << b.delay_since_last_sr / 65536.0 << " s\n";
}

void print_rtcp_packet(const RtcpPacket& packet) {
  std::visit(
      [](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, SenderReport>) {
          std::cout << "  SR (RFC 3550 §6.4.1) from " << hex32(p.sender_ssrc) << ": NTP "
                    << (p.ntp_timestamp >> 32) << "."
                    << ((p.ntp_timestamp & 0xffffffff) * 1000000 >> 32) << ", RTP timestamp "
                    << p.rtp_timestamp << ", " << p.packet_count << " packets, " << p.octet_count
                    << " octets\n";
          for (const auto& b : p.reports) print_report_block(b);
        } else if constexpr (std::is_same_v<T, ReceiverReport>) {
          std::cout << "  RR (RFC 3550 §6.4.2) from " << hex32(p.sender_ssrc) << ", "
                    << p.reports.size() << " report blocks\n";
          for (const auto& b : p.reports) print_report_block(b);
        } else if constexpr (std::is_same_v<T, Sdes>) {
          std::cout << "  SDES (RFC 3550 §6.5)\n";
          for (const auto& c : p.chunks) {
            for (const auto& item : c.items) {
              std::cout << "    " << hex32(c.ssrc) << " "
                        << (item.type == 1 ? "CNAME" : "item " + std::to_string(item.type)) << " \""
                        << item.value << "\"\n";
            }
          }
        } else if constexpr (std::is_same_v<T, Bye>) {
          std::cout << "  BYE (RFC 3550 §6.6):";
          for (auto s : p.ssrcs) std::cout << " " << hex32(s);
          if (!p.reason.empty()) std::cout << ", reason \"" << p.reason << "\"";
          std::cout << "\n";
        } else if constexpr (std::is_same_v<T, App>) {
          std::cout << "  APP (RFC 3550 §6.7) subtype " << int(p.subtype) << " from "
                    << hex32(p.ssrc) << " name \"" << std::string(p.name.data(), 4) << "\", "
                    << p.data.size() << " octets of data\n";
        } else if constexpr (std::is_same_v<T, Nack>) {
          std::cout << "  generic NACK (RFC 4585 §6.2.1) from " << hex32(p.sender_ssrc) << " for "
                    << hex32(p.media_ssrc) << ", lost:";
          for (auto s : p.lost) std::cout << " " << s;
          std::cout << "\n";
        } else if constexpr (std::is_same_v<T, TransportFeedback>) {
          std::size_t received = 0;
          for (const auto& s : p.packets) received += s.received;
          std::cout << "  transport-wide CC feedback (draft-holmer §3.1) #" << int(p.feedback_count)
                    << " from " << hex32(p.sender_ssrc) << ": base seq " << p.base_sequence << ", "
                    << p.packets.size() << " packets, " << received << " received, reference time "
                    << p.reference_time * 64 << " ms\n";
          const auto times = p.arrival_times();
          for (std::size_t i = 0; i < p.packets.size() && i < 64; ++i) {
            std::cout << "    seq " << p.packets[i].sequence << ": ";
            if (times[i]) {
              std::cout << "arrived at " << rtc::to_millis(*times[i]) << " ms\n";
            } else {
              std::cout << "lost\n";
            }
          }
        } else if constexpr (std::is_same_v<T, Pli>) {
          std::cout << "  PLI (RFC 4585 §6.3.1) from " << hex32(p.sender_ssrc) << " for "
                    << hex32(p.media_ssrc) << "\n";
        } else if constexpr (std::is_same_v<T, Fir>) {
          std::cout << "  FIR (RFC 5104 §4.3.1) from " << hex32(p.sender_ssrc) << ":";
          for (const auto& e : p.entries)
            std::cout << " " << hex32(e.ssrc) << " seq " << int(e.sequence);
          std::cout << "\n";
        } else if constexpr (std::is_same_v<T, Remb>) {
          std::cout << "  REMB (draft-alvestrand-rmcat-remb) from " << hex32(p.sender_ssrc) << ": "
                    << p.bitrate_bps << " bit/s for";
          for (auto s : p.ssrcs) std::cout << " " << hex32(s);
          std::cout << "\n";
        } else {
          std::cout << "  packet type " << int(p.packet_type) << " count/FMT " << int(p.count)
                    << ", " << p.body.size()
                    << " octets (not decoded; RFC 3550 §6.1 says ignore)\n";
        }
      },
      packet);
}

bool print_rtcp(rtc::BytesView bytes) {
  auto packets = parse_rtcp(bytes, RtcpMode::reduced_size);
  if (!packets) {
    std::cout << "RTCP: error: " << packets.error().to_string() << "\n";
    return false;
  }
  const bool compound = validate_rtcp(bytes, RtcpMode::compound).has_value();
  std::cout << "RTCP, " << bytes.size() << " octets, " << packets->size() << " packet(s), "
            << (compound ? "compound (RFC 3550 §6.1)" : "reduced-size (RFC 5506)") << "\n";
  for (const auto& p : *packets) print_rtcp_packet(p);
  return true;
}

void add_decode(CLI::App* rtp, rtc::cli::Context& context) {
  static DecodeOptions o;
  auto* decode = rtp->add_subcommand(
      "decode",
      "Print every field of RTP or RTCP packets (hex or binary): RTP header, CSRCs and RFC 8285 "
      "header extensions; RTCP SR/RR/SDES/BYE/APP, NACK, PLI, FIR, REMB, transport-wide CC");
  decode->footer(
      "Input: a binary file is one packet; hex text may hold several, separated by blank "
      "lines ('#' starts a comment).\nRTP vs RTCP is guessed as on a muxed port (RFC 5761 "
      "§4: second octet 192..223 is RTCP) unless --rtp or --rtcp is given.\nExit status: 0 all "
      "packets parse, 1 a packet is malformed, 2 unreadable input.");
  decode->add_option("FILE", o.input, "Packet file (raw bytes or hex); - for standard input")
      ->capture_default_str();
  decode->add_flag("--rtp", o.rtp, "Decode as RTP");
  decode->add_flag("--rtcp", o.rtcp, "Decode as RTCP (compound or reduced-size)");
  decode
      ->add_option("--extmap", o.extmap,
                   "ID=URI as in SDP a=extmap (RFC 8285 §5), to decode that header extension "
                   "(repeatable)")
      ->allow_extra_args(false);
  decode->callback([&context] {
    std::string raw;
    if (!rtc::cli::read_input(o.input, raw)) {
      context.exit_code = 2;
      return;
    }
    ExtensionMap map;
    for (const auto& m : o.extmap) {
      const auto eq = m.find('=');
      int id = 0;
      if (eq != std::string::npos) id = std::atoi(m.substr(0, eq).c_str());
      if (id < 1 || id > 255 || !map.set(static_cast<std::uint8_t>(id), m.substr(eq + 1))) {
        std::cerr << "rtc rtp decode: --extmap wants ID=URI with ID 1..255, got '" << m << "'\n";
        context.exit_code = 2;
        return;
      }
    }
    std::vector<rtc::Bytes> packets;
    if (!raw.empty() && is_hex_text(raw)) {
      auto parsed = hex_packets(raw);
      if (!parsed) {
        std::cerr << "rtc rtp decode: " << parsed.error().to_string() << "\n";
        context.exit_code = 2;
        return;
      }
      packets = std::move(*parsed);
    } else {
      packets.emplace_back(raw.begin(), raw.end());
    }
    for (std::size_t i = 0; i < packets.size(); ++i) {
      if (packets.size() > 1) std::cout << (i ? "\n" : "") << "#" << i + 1 << " ";
      const rtc::Bytes& p = packets[i];
      const bool looks_rtcp = p.size() >= 2 && p[1] >= 192 && p[1] <= 223;
      const bool rtcp = o.rtcp || (!o.rtp && looks_rtcp);
      const bool ok = rtcp ? print_rtcp(p) : print_rtp(p, map);
      if (!ok) context.exit_code = 1;
    }
  });
}

void setup(CLI::App& app, rtc::cli::Context& context) {
  auto* rtp = app.add_subcommand(
      "rtp", "RTP/RTCP (RFC 3550, RFC 8285, RFC 4585): decode media and feedback packets");
  rtp->require_subcommand(1);
  add_decode(rtp, context);
}

}  // namespace

RTC_COMMAND(45, setup);
