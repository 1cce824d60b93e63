// rtc stun decode: look inside STUN messages (stun/). `stun server` and `stun client` join this
// file as further subcommands of the same `stun` command.
#include <iostream>
#include <optional>
#include <string>

#include "command.hpp"
#include "rtc/stun/describe.hpp"

namespace {

struct DecodeOptions {
  std::string input = "-";
  std::string password;
  std::string username;
  bool json = false;
};

// Exit status: 0 well formed (and, with --password, integrity verified), 1 a broken message or a
// failed check, 2 unreadable input.
void add_decode(CLI::App* stun, rtc::cli::Context& context) {
  static DecodeOptions o;
  auto* decode = stun->add_subcommand(
      "decode",
      "Explain every field and attribute of a STUN message (hex or binary), with the RFC "
      "sections; check FINGERPRINT, and MESSAGE-INTEGRITY with --password");
  decode
      ->add_option("FILE", o.input,
                   "Message as hex text (RFC 5769 style, '#' comments) or raw "
                   "bytes; - for standard input")
      ->capture_default_str();
  decode->add_option("--password", o.password,
                     "Check MESSAGE-INTEGRITY(-SHA256): short-term key, or long-term when the "
                     "message has a REALM (RFC 8489 §9)");
  decode->add_option("--username", o.username,
                     "Long-term username, when the message carries USERHASH instead");
  decode->add_flag("--json", o.json, "Print JSON instead of text");
  decode->callback([&context] {
    std::string raw;
    if (!rtc::cli::read_input(o.input, raw)) {
      context.exit_code = 2;
      return;
    }
    const std::string name = o.input == "-" ? "<stdin>" : o.input;
    auto bytes = rtc::stun::read_message_input(raw);
    if (!bytes) {
      std::cerr << "rtc stun decode: " << name << ": " << bytes.error().message << "\n";
      context.exit_code = 2;
      return;
    }
    rtc::stun::DescribeOptions options;
    if (!o.password.empty()) options.password = o.password;
    if (!o.username.empty()) options.username = o.username;
    auto d = rtc::stun::describe(*bytes, options);
    std::cout << (o.json ? rtc::stun::to_json(d) : rtc::stun::to_text(d));
    if (!d.ok()) {
      std::cerr << "rtc stun decode: " << name << ": " << d.problems.front() << "\n";
      context.exit_code = 1;
    }
  });
}

void setup(CLI::App& app, rtc::cli::Context& context) {
  auto* stun = app.add_subcommand(
      "stun", "STUN (RFC 8489): decode messages, check integrity and fingerprints");
  stun->require_subcommand(1);
  add_decode(stun, context);
}

}  // namespace

RTC_COMMAND(20, setup);
