// rtc sdp format|json|from-json|explain: look inside session descriptions (sdp/).
#include <iostream>

#include "command.hpp"
#include "rtc/sdp/explain.hpp"
#include "rtc/sdp/json.hpp"
#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

struct SdpOptions {
  std::string input = "-";
  bool strict = false;
  bool compact = false;
};

void add_input(CLI::App* cmd, SdpOptions& o, const char* what) {
  cmd->add_option("FILE", o.input, std::string(what) + " to read, or - for standard input")
      ->capture_default_str();
}

// Parses input or prints the error (with line and column) and sets a failing exit code.
bool load(const SdpOptions& o, rtc::cli::Context& context, rtc::sdp::SessionDescription& out) {
  std::string text;
  if (!rtc::cli::read_input(o.input, text)) {
    context.exit_code = 2;
    return false;
  }
  auto parsed = rtc::sdp::parse(text, {.strict = o.strict});
  if (!parsed) {
    std::cerr << "rtc sdp: " << (o.input == "-" ? "<stdin>" : o.input) << ": "
              << parsed.error().to_string() << "\n";
    context.exit_code = 1;
    return false;
  }
  out = std::move(*parsed);
  return true;
}

void setup(CLI::App& app, rtc::cli::Context& context) {
  auto* sdp = app.add_subcommand(
      "sdp", "Session descriptions (RFC 8866, JSEP RFC 9429): format, explain, convert to JSON");
  sdp->require_subcommand(1);
  static SdpOptions o;

  auto* format = sdp->add_subcommand(
      "format", "Parse and serialize again (well-formed input comes back byte for byte)");
  add_input(format, o, "SDP file");
  format->add_flag("--strict", o.strict, "Reject everything RFC 8866 forbids");
  format->callback([&context] {
    rtc::sdp::SessionDescription s;
    if (load(o, context, s)) std::cout << rtc::sdp::serialize(s);
  });

  auto* json = sdp->add_subcommand("json", "Print the SDP as JSON in sdp-transform's shape");
  add_input(json, o, "SDP file");
  json->add_flag("--strict", o.strict, "Reject everything RFC 8866 forbids");
  json->add_flag("--compact", o.compact, "One line instead of pretty-printed");
  json->callback([&context] {
    rtc::sdp::SessionDescription s;
    if (load(o, context, s)) std::cout << rtc::sdp::to_json(s, o.compact ? -1 : 2) << "\n";
  });

  auto* from_json = sdp->add_subcommand("from-json", "Read sdp-transform JSON, print SDP");
  add_input(from_json, o, "JSON file");
  from_json->callback([&context] {
    std::string text;
    if (!rtc::cli::read_input(o.input, text)) {
      context.exit_code = 2;
      return;
    }
    auto s = rtc::sdp::from_json(text);
    if (!s) {
      std::cerr << "rtc sdp from-json: " << s.error().to_string() << "\n";
      context.exit_code = 1;
      return;
    }
    std::cout << rtc::sdp::serialize(*s);
  });

  auto* explain = sdp->add_subcommand(
      "explain", "Annotate every line with what it means and the RFC section that defines it");
  add_input(explain, o, "SDP file");
  explain->callback([&context] {
    std::string text;
    if (!rtc::cli::read_input(o.input, text)) {
      context.exit_code = 2;
      return;
    }
    auto lines = rtc::sdp::explain(text);
    std::cout << rtc::sdp::format_explanation(lines);
    for (const auto& line : lines) {
      if (!line.recognized) context.exit_code = 1;
    }
  });
}

}  // namespace

RTC_COMMAND(10, setup);
