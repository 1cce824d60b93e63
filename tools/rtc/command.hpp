// How subcommands join the `rtc` tool: each cmd_<module>.cpp defines a function that adds its
// subcommand to the CLI11 app and registers it with RTC_COMMAND, so main.cpp never changes
// when a module arrives. `order` sorts them in `rtc --help` (bottom of the stack first).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace rtc::cli {

// Subcommand callbacks store their process exit status here (0 = success).
struct Context {
  int exit_code = 0;
};

using CommandSetup = void (*)(CLI::App& app, Context& context);

struct CommandRegistration {
  int order;
  CommandSetup setup;
};

std::vector<CommandRegistration>& command_registry();

struct RegisterCommand {
  RegisterCommand(int order, CommandSetup setup) { command_registry().push_back({order, setup}); }
};

// Reads a whole FILE, or standard input when path is "-".
// Returns false and prints "rtc: cannot read FILE" on failure.
bool read_input(const std::string& path, std::string& out);

}  // namespace rtc::cli

#define RTC_COMMAND_CONCAT2(a, b) a##b
#define RTC_COMMAND_CONCAT(a, b) RTC_COMMAND_CONCAT2(a, b)
#define RTC_COMMAND(order, setup)                                                       \
  static const ::rtc::cli::RegisterCommand RTC_COMMAND_CONCAT(rtc_command_, __LINE__) { \
    order, setup                                                                        \
  }
