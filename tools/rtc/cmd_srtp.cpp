// rtc srtp protect|unprotect|profiles: run packets through SRTP/SRTCP (rtp/, RFC 3711,
// RFC 7714) by hand.
//
//   rtc srtp protect --profile AEAD_AES_128_GCM --key KEYSALTHEX rtp1.bin rtp2.bin
//
// --key is the master key followed by the master salt, as the DTLS-SRTP exporter gives them
// for one direction (RFC 5764 §4.2). All FILEs go through one session in order, so the
// rollover counter, the replay window and the SRTCP index carry from one packet to the next.
// Each packet prints as one line of hex; a packet that fails prints its reason on stderr
// (naming the file) and makes the exit status 1.
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/rtp/srtp_session.hpp"

namespace {

struct SrtpOptions {
  std::string profile = "AES_CM_128_HMAC_SHA1_80";
  std::string key;
  bool rtcp = false;
  bool hex_input = false;
  std::size_t replay_window = rtc::rtp::ReplayWindow::kDefaultSize;
  std::vector<std::string> files;
};

void run(const SrtpOptions& o, bool protect, rtc::cli::Context& context) {
  const char* verb = protect ? "protect" : "unprotect";
  auto fail_usage = [&](const std::string& message) {
    std::cerr << "rtc srtp " << verb << ": " << message << "\n";
    context.exit_code = 2;
  };
  auto profile = rtc::rtp::srtp_profile_from_name(o.profile);
  if (!profile) return fail_usage("unknown profile '" + o.profile + "' (see `rtc srtp profiles`)");
  const auto& info = rtc::rtp::profile_info(*profile);
  auto key = rtc::from_hex(o.key);
  if (!key) return fail_usage("--key: " + key.error().to_string());
  if (key->size() != info.master_key_size + info.master_salt_size) {
    return fail_usage("--key for " + std::string(info.sdp_name) + " is " +
                      std::to_string(info.master_key_size) + " bytes of master key and " +
                      std::to_string(info.master_salt_size) + " of master salt (" +
                      std::to_string(2 * (info.master_key_size + info.master_salt_size)) +
                      " hex digits), got " + std::to_string(key->size()) + " bytes");
  }
  rtc::rtp::SrtpConfig config;
  config.profile = *profile;
  config.master_key.assign(key->begin(),
                           key->begin() + static_cast<std::ptrdiff_t>(info.master_key_size));
  config.master_salt.assign(key->begin() + static_cast<std::ptrdiff_t>(info.master_key_size),
                            key->end());
  config.replay_window = o.replay_window;
  auto session = rtc::rtp::SrtpSession::create(config);
  if (!session) return fail_usage(session.error().to_string());

  for (const auto& file : o.files) {
    std::string text;
    if (!rtc::cli::read_input(file, text)) {
      context.exit_code = 2;
      continue;
    }
    rtc::Bytes packet;
    if (o.hex_input) {
      auto bytes = rtc::from_hex(text);
      if (!bytes) {
        std::cerr << "rtc srtp " << verb << ": " << file << ": " << bytes.error().to_string()
                  << "\n";
        context.exit_code = 1;
        continue;
      }
      packet = std::move(*bytes);
    } else {
      packet.assign(text.begin(), text.end());
    }
    rtc::Result<void> done;
    if (o.rtcp) {
      done = protect ? session->protect_rtcp(packet) : session->unprotect_rtcp(packet);
    } else {
      done = protect ? session->protect_rtp(packet) : session->unprotect_rtp(packet);
    }
    if (!done) {
      std::cerr << "rtc srtp " << verb << ": " << file << ": " << done.error().to_string() << "\n";
      context.exit_code = 1;
      continue;
    }
    std::cout << rtc::to_hex(packet) << "\n";
  }
}

void add_common(CLI::App* cmd, SrtpOptions& o) {
  cmd->add_option("--profile", o.profile,
                  "AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM or "
                  "AEAD_AES_256_GCM (DTLS names such as SRTP_AEAD_AES_128_GCM work too)")
      ->capture_default_str();
  cmd->add_option("--key", o.key, "Master key then master salt, in hex (RFC 5764 §4.2)")
      ->required();
  cmd->add_flag("--rtcp", o.rtcp, "Packets are RTCP compounds: use SRTCP (RFC 3711 §3.4)");
  cmd->add_flag("--hex-input", o.hex_input, "FILEs hold hex text rather than raw bytes");
  cmd->add_option("--replay-window", o.replay_window, "Replay window in packets, 64..32768")
      ->capture_default_str();
  cmd->add_option("FILE", o.files, "Packet files, transformed in order through one session")
      ->required();
}

void setup(CLI::App& app, rtc::cli::Context& context) {
  auto* srtp = app.add_subcommand(
      "srtp", "SRTP/SRTCP (RFC 3711, RFC 7714): protect and unprotect packets by hand");
  srtp->require_subcommand(1);
  static SrtpOptions o;

  auto* protect = srtp->add_subcommand("protect", "Encrypt and tag RTP (or --rtcp) packets");
  add_common(protect, o);
  protect->callback([&context] { run(o, true, context); });

  auto* unprotect = srtp->add_subcommand(
      "unprotect", "Verify and decrypt SRTP (or --rtcp SRTCP) packets; exit 1 if any fails");
  add_common(unprotect, o);
  unprotect->callback([&context] { run(o, false, context); });

  auto* profiles = srtp->add_subcommand("profiles", "List the protection profiles and sizes");
  profiles->callback([] {
    for (const auto& info : rtc::rtp::all_srtp_profiles()) {
      char id[8];
      std::snprintf(id, sizeof id, "0x%04x", info.id);
      std::cout << id << "  " << info.sdp_name << "  (" << info.dtls_name << ")  key "
                << info.master_key_size << " + salt " << info.master_salt_size << " bytes, tag "
                << info.rtp_tag_size << " (SRTCP " << info.rtcp_tag_size << ")\n";
    }
  });
}

}  // namespace

RTC_COMMAND(50, setup);
