// rtc: one command-line tool for the whole stack. `rtc --help` lists what each module offers.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "command.hpp"
#include "rtc/common/crypto.hpp"

namespace rtc::cli {

std::vector<CommandRegistration>& command_registry() {
  static std::vector<CommandRegistration> registry;
  return registry;
}

bool read_input(const std::string& path, std::string& out) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "rtc: cannot read " << path << "\n";
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

}  // namespace rtc::cli

int main(int argc, char** argv) {
  CLI::App app{
      "rtc: a WebRTC stack written to be read.\n"
      "Each subcommand exercises one protocol module; `rtc demo` runs them all together.\n"
      "Start with `rtc sdp explain FILE` on an SDP offer, then read each module's README.md."};
  app.set_version_flag("--version", std::string("rtc ") + RTC_VERSION +
                                        " (crypto: " + rtc::crypto::provider_name() + ")");
  app.require_subcommand(1);
  app.fallthrough(false);

  rtc::cli::Context context;
  auto& registry = rtc::cli::command_registry();
  std::stable_sort(registry.begin(), registry.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  for (const auto& command : registry) command.setup(app, context);

  CLI11_PARSE(app, argc, argv);
  return context.exit_code;
}
