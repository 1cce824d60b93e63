// describe(): every field of a STUN message explained, for people (`rtc stun decode`).
//
// The description names each header field and attribute with the RFC section that defines it,
// decodes every value it knows, checks FINGERPRINT, and with a password checks
// MESSAGE-INTEGRITY / MESSAGE-INTEGRITY-SHA256 with the short-term or long-term key (the latter
// when the message carries a REALM). A broken message is still described as far as it can be
// read, with the error and its byte offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::stun {

struct DescribeOptions {
  std::optional<std::string> password{};  // check integrity with this password
  std::optional<std::string> username{};  // long-term: when USERHASH hides the username
};

struct AttributeDescription {
  std::size_t offset = 0;  // of the attribute header
  std::uint16_t type = 0;
  std::string name;  // "USERNAME", or "unknown"
  bool comprehension_required = false;
  std::size_t length = 0;   // of the value
  std::size_t padding = 0;  // bytes after the value
  std::string value;        // decoded, human readable
  std::string rfc;          // "RFC 8489 §14.3"
  std::string note;         // verification results, decoding errors, "ignored: ..."
  bool ignored = false;     // after MESSAGE-INTEGRITY (RFC 8489 §14.5)
  bool problem = false;     // makes the message fail
};

struct CheckDescription {
  bool present = false;
  bool checked = false;
  bool ok = false;
  std::string detail;
};

struct Description {
  std::size_t size = 0;
  bool well_formed = false;
  std::string error;  // why parsing failed, with the offset
  bool has_header = false;
  std::uint16_t type = 0;
  std::string class_name;  // "request", ...
  std::uint16_t method = 0;
  std::string method_name;  // "Binding", ...
  std::uint16_t length = 0;
  std::uint32_t cookie = 0;
  std::string transaction_id;  // hex
  std::vector<AttributeDescription> attributes;
  std::string credential;  // which key was used
  CheckDescription message_integrity;
  CheckDescription message_integrity_sha256;
  CheckDescription fingerprint;
  std::vector<std::string> problems;  // empty when ok()

  // Well formed, a present FINGERPRINT matches, and, when a password was given, integrity is
  // present and every integrity attribute verifies.
  bool ok() const { return problems.empty(); }
};

Description describe(BytesView message, const DescribeOptions& options = {});
std::string to_text(const Description& d);
std::string to_json(const Description& d);

// What `rtc stun decode` accepts: hex text (any case, whitespace and ':' between bytes, '#'
// comments to the end of a line) or the raw binary message.
Result<Bytes> read_message_input(std::string_view input);

}  // namespace rtc::stun
