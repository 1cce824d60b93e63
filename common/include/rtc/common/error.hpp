// rtc::Error and rtc::Result: how every fallible function in the stack reports failure.
//
// ARCHITECTURE.md: "Fallible functions return std::expected<T, rtc::Error>; an Error says
// what was wrong and where (byte offset or line number). Parsers never throw."
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <utility>

namespace rtc {

// Broad kinds of failure, so callers can branch without parsing messages.
enum class Errc : std::uint8_t {
  invalid_argument,  // the caller passed something unusable
  truncated,         // input ended before a complete element
  malformed,         // input is complete but breaks the grammar
  unsupported,       // well-formed but not implemented / not negotiated
  integrity,         // a MAC, fingerprint or checksum did not verify
  crypto,            // the crypto provider failed
  state,             // operation not valid in the current protocol state
  timeout,           // a protocol timer expired
  io,                // socket or file error (only at the edges: net/, tools/)
};

const char* to_string(Errc code);

struct Error {
  Errc code = Errc::malformed;
  std::string message;
  std::optional<std::size_t> offset;  // byte offset into a binary input
  std::optional<std::size_t> line;    // 1-based line in a text input
  std::optional<std::size_t> column;  // 1-based column in a text input

  // "malformed at line 3, column 5: expected '='" and the like.
  std::string to_string() const;
};

template <class T>
using Result = std::expected<T, Error>;

// `return rtc::fail(Errc::truncated, "header needs 20 bytes");`
inline std::unexpected<Error> fail(Errc code, std::string message) {
  return std::unexpected<Error>(
      Error{code, std::move(message), std::nullopt, std::nullopt, std::nullopt});
}

inline std::unexpected<Error> fail_at(Errc code, std::string message, std::size_t offset) {
  return std::unexpected<Error>(
      Error{code, std::move(message), offset, std::nullopt, std::nullopt});
}

inline std::unexpected<Error> fail_at_line(Errc code, std::string message, std::size_t line,
                                           std::size_t column) {
  return std::unexpected<Error>(Error{code, std::move(message), std::nullopt, line, column});
}

}  // namespace rtc
