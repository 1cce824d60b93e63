// Typed decoding of STUN attribute values (RFC 8489 §14, RFC 8656 §18, RFC 8445 §16.1).
#include "rtc/stun/attributes.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

namespace rtc::stun {

namespace {

struct AttributeInfo {
  AttributeType type;
  const char* name;
  const char* rfc;
  bool supported;  // this module decodes its value
};

constexpr AttributeInfo kAttributes[] = {
    {AttributeType::mapped_address, "MAPPED-ADDRESS", "RFC 8489 §14.1", true},
    {AttributeType::xor_mapped_address, "XOR-MAPPED-ADDRESS", "RFC 8489 §14.2", true},
    {AttributeType::username, "USERNAME", "RFC 8489 §14.3", true},
    {AttributeType::userhash, "USERHASH", "RFC 8489 §14.4", true},
    {AttributeType::message_integrity, "MESSAGE-INTEGRITY", "RFC 8489 §14.5", true},
    {AttributeType::message_integrity_sha256, "MESSAGE-INTEGRITY-SHA256", "RFC 8489 §14.6", true},
    {AttributeType::fingerprint, "FINGERPRINT", "RFC 8489 §14.7", true},
    {AttributeType::error_code, "ERROR-CODE", "RFC 8489 §14.8", true},
    {AttributeType::realm, "REALM", "RFC 8489 §14.9", true},
    {AttributeType::nonce, "NONCE", "RFC 8489 §14.10", true},
    {AttributeType::password_algorithms, "PASSWORD-ALGORITHMS", "RFC 8489 §14.11", true},
    {AttributeType::password_algorithm, "PASSWORD-ALGORITHM", "RFC 8489 §14.12", true},
    {AttributeType::unknown_attributes, "UNKNOWN-ATTRIBUTES", "RFC 8489 §14.13", true},
    {AttributeType::software, "SOFTWARE", "RFC 8489 §14.14", true},
    {AttributeType::alternate_server, "ALTERNATE-SERVER", "RFC 8489 §14.15", true},
    {AttributeType::alternate_domain, "ALTERNATE-DOMAIN", "RFC 8489 §14.16", true},
    {AttributeType::priority, "PRIORITY", "RFC 8445 §16.1", true},
    {AttributeType::use_candidate, "USE-CANDIDATE", "RFC 8445 §16.1", true},
    {AttributeType::ice_controlled, "ICE-CONTROLLED", "RFC 8445 §16.1", true},
    {AttributeType::ice_controlling, "ICE-CONTROLLING", "RFC 8445 §16.1", true},
    {AttributeType::channel_number, "CHANNEL-NUMBER", "RFC 8656 §18.1", true},
    {AttributeType::lifetime, "LIFETIME", "RFC 8656 §18.2", true},
    {AttributeType::xor_peer_address, "XOR-PEER-ADDRESS", "RFC 8656 §18.3", true},
    {AttributeType::data, "DATA", "RFC 8656 §18.4", true},
    {AttributeType::xor_relayed_address, "XOR-RELAYED-ADDRESS", "RFC 8656 §18.5", true},
    {AttributeType::requested_address_family, "REQUESTED-ADDRESS-FAMILY", "RFC 8656 §18.6", true},
    {AttributeType::even_port, "EVEN-PORT", "RFC 8656 §18.7", true},
    {AttributeType::requested_transport, "REQUESTED-TRANSPORT", "RFC 8656 §18.8", true},
    {AttributeType::dont_fragment, "DONT-FRAGMENT", "RFC 8656 §18.9", true},
    {AttributeType::reservation_token, "RESERVATION-TOKEN", "RFC 8656 §18.10", true},
    {AttributeType::additional_address_family, "ADDITIONAL-ADDRESS-FAMILY", "RFC 8656 §18.11",
     true},
    {AttributeType::address_error_code, "ADDRESS-ERROR-CODE", "RFC 8656 §18.12", false},
    {AttributeType::icmp, "ICMP", "RFC 8656 §18.13", false},
    {AttributeType::padding, "PADDING", "RFC 5780 §7.6", false},
    {AttributeType::response_origin, "RESPONSE-ORIGIN", "RFC 5780 §7.3", false},
    {AttributeType::other_address, "OTHER-ADDRESS", "RFC 5780 §7.4", false},
    {AttributeType::goog_network_info, "GOOG-NETWORK-INFO", "Chromium (not in IANA registry)",
     false},
};

const AttributeInfo* info(AttributeType t) {
  for (const auto& a : kAttributes) {
    if (a.type == t) return &a;
  }
  return nullptr;
}

// "USERNAME (0x0006)" for messages; unknown types print as hex alone.
std::string label(AttributeType t) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%04X", static_cast<unsigned>(to_uint(t)));
  const char* n = name(t);
  return n != nullptr ? std::string(n) : std::string("attribute ") + hex;
}

std::string where(AttributeType t) {
  const char* r = rfc_section(t);
  return r != nullptr ? std::string(" (") + r + ")" : std::string();
}

std::unexpected<Error> bad_length(AttributeType t, std::size_t got, std::string_view expected) {
  return fail(Errc::malformed, label(t) + " value must be " + std::string(expected) + ", got " +
                                   std::to_string(got) + " bytes" + where(t));
}

// The XOR mask of §14.2: magic cookie, then the transaction id.
std::array<std::uint8_t, 16> xor_mask(const TransactionId& id) {
  std::array<std::uint8_t, 16> mask{};
  mask[0] = static_cast<std::uint8_t>(kMagicCookie >> 24);
  mask[1] = static_cast<std::uint8_t>(kMagicCookie >> 16);
  mask[2] = static_cast<std::uint8_t>(kMagicCookie >> 8);
  mask[3] = static_cast<std::uint8_t>(kMagicCookie);
  for (std::size_t i = 0; i < id.size(); ++i) mask[4 + i] = id[i];
  return mask;
}

Result<SocketAddress> read_address(BytesView value, const TransactionId* xor_with,
                                   AttributeType for_errors) {
  // §14.1: 0 | family | port | 4 or 16 address bytes.
  if (value.size() < 4) return bad_length(for_errors, value.size(), "8 (IPv4) or 20 (IPv6)");
  std::uint8_t family = value[1];
  std::size_t ip_size = 0;
  if (family == kFamilyIpv4) {
    ip_size = 4;
  } else if (family == kFamilyIpv6) {
    ip_size = 16;
  } else {
    return fail(Errc::malformed, label(for_errors) + " has unknown address family " +
                                     std::to_string(family) +
                                     ", expected 1 (IPv4) or 2 (IPv6) (RFC 8489 §14.1)");
  }
  if (value.size() != 4 + ip_size) {
    return bad_length(for_errors, value.size(),
                      ip_size == 4 ? "8 for an IPv4 address" : "20 for an IPv6 address");
  }
  std::uint16_t port = load_be16(value, 2);
  std::array<std::uint8_t, 16> ip{};
  for (std::size_t i = 0; i < ip_size; ++i) ip[i] = value[4 + i];
  if (xor_with != nullptr) {
    auto mask = xor_mask(*xor_with);
    port ^= static_cast<std::uint16_t>(kMagicCookie >> 16);
    for (std::size_t i = 0; i < ip_size; ++i) ip[i] ^= mask[i];
  }
  return SocketAddress::from_bytes(BytesView(ip).first(ip_size), port);
}

// The decoding limit shared by the text attributes: "763 bytes when decoding them" (§14.3,
// §14.8-§14.10, §14.14), which is 127 characters of up to 6 bytes in RFC 2279 UTF-8 (RFC 5389
// compatibility).
constexpr std::size_t kTextDecodeLimit = 763;

}  // namespace

const char* name(AttributeType t) {
  const auto* i = info(t);
  return i != nullptr ? i->name : nullptr;
}

const char* rfc_section(AttributeType t) {
  const auto* i = info(t);
  return i != nullptr ? i->rfc : nullptr;
}

bool is_supported(AttributeType t) {
  const auto* i = info(t);
  return i != nullptr && i->supported;
}

Result<SocketAddress> decode_address(BytesView value, AttributeType type) {
  return read_address(value, nullptr, type);
}

Result<SocketAddress> decode_xor_address(BytesView value, const TransactionId& id,
                                         AttributeType type) {
  return read_address(value, &id, type);
}

void write_address_value(MutableBytesView out, const SocketAddress& address,
                         const TransactionId* xor_with) {
  // §14.1: 0 | family | port | address; §14.2: port and address XORed.
  auto ip = address.ip_bytes();
  out[0] = 0;
  out[1] = address.is_ipv4() ? kFamilyIpv4 : kFamilyIpv6;
  if (xor_with == nullptr) {
    store_be16(out, 2, address.port());
    std::copy(ip.begin(), ip.end(), out.begin() + 4);
    return;
  }
  auto mask = xor_mask(*xor_with);
  store_be16(out, 2, static_cast<std::uint16_t>(address.port() ^ (kMagicCookie >> 16)));
  for (std::size_t i = 0; i < ip.size(); ++i)
    out[4 + i] = static_cast<std::uint8_t>(ip[i] ^ mask[i]);
}

Result<std::uint32_t> decode_u32(BytesView value, AttributeType type) {
  if (value.size() != 4) return bad_length(type, value.size(), "4 bytes");
  return load_be32(value, 0);
}

Result<std::uint64_t> decode_u64(BytesView value, AttributeType type) {
  if (value.size() != 8) return bad_length(type, value.size(), "8 bytes");
  return load_be64(value, 0);
}

Result<void> decode_empty(BytesView value, AttributeType type) {
  if (!value.empty()) return bad_length(type, value.size(), "empty (a flag)");
  return {};
}

Result<BytesView> decode_fixed(BytesView value, std::size_t size, AttributeType type) {
  if (value.size() != size) return bad_length(type, value.size(), std::to_string(size) + " bytes");
  return value;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  // Fast path: ASCII (what ICE usernames, realms and nonces nearly always are), 8 bytes at a
  // time; the byte-by-byte decoder below takes over at the first non-ASCII byte.
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.substr(i, 8).data(), sizeof word);
    if ((word & 0x8080808080808080ull) != 0) break;
  }
  while (i < n) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // RFC 3629 §3: shortest form only, no surrogates, nothing above U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += len;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

Result<std::string_view> decode_text(BytesView value, AttributeType type) {
  auto text = as_string_view(value);
  if (type == AttributeType::alternate_domain) {
    // §14.16: a DNS name (A-labels) of 255 or fewer ASCII characters.
    if (value.size() > 255) return bad_length(type, value.size(), "at most 255 bytes");
    for (char c : text) {
      if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7E) {
        return fail(Errc::malformed, label(type) + " must be an ASCII DNS name" + where(type));
      }
    }
    return text;
  }
  if (value.size() > kTextDecodeLimit) {
    return bad_length(type, value.size(), "at most 763 bytes");
  }
  if (!is_valid_utf8(text)) {
    return fail(Errc::malformed, label(type) + " is not valid UTF-8 (RFC 3629)" + where(type));
  }
  return text;
}

Result<void> check_text_for_sending(std::string_view text, AttributeType type) {
  if (!is_valid_utf8(text)) {
    return fail(Errc::invalid_argument, label(type) + " must be valid UTF-8" + where(type));
  }
  if (type == AttributeType::username) {
    if (text.size() >= 509) {
      return fail(Errc::invalid_argument, "USERNAME must be fewer than 509 bytes, got " +
                                              std::to_string(text.size()) + " (RFC 8489 §14.3)");
    }
    return {};
  }
  if (type == AttributeType::alternate_domain) {
    auto ok = decode_text(as_bytes(text), type);
    if (!ok) return std::unexpected(ok.error());
    return {};
  }
  if (utf8_length(text) >= 128 || text.size() > 509) {
    return fail(Errc::invalid_argument,
                label(type) + " must be fewer than 128 characters (at most 509 bytes), got " +
                    std::to_string(utf8_length(text)) + where(type));
  }
  return {};
}

std::string_view default_reason(std::uint16_t code) {
  switch (code) {
    case error::kTryAlternate:
      return "Try Alternate";
    case error::kBadRequest:
      return "Bad Request";
    case error::kUnauthenticated:
      return "Unauthenticated";
    case error::kForbidden:
      return "Forbidden";
    case error::kMobilityForbidden:
      return "Mobility Forbidden";
    case error::kUnknownAttribute:
      return "Unknown Attribute";
    case error::kAllocationMismatch:
      return "Allocation Mismatch";
    case error::kStaleNonce:
      return "Stale Nonce";
    case error::kAddressFamilyNotSupported:
      return "Address Family not Supported";
    case error::kWrongCredentials:
      return "Wrong Credentials";
    case error::kUnsupportedTransport:
      return "Unsupported Transport Protocol";
    case error::kPeerAddressFamilyMismatch:
      return "Peer Address Family Mismatch";
    case error::kAllocationQuotaReached:
      return "Allocation Quota Reached";
    case error::kRoleConflict:
      return "Role Conflict";
    case error::kServerError:
      return "Server Error";
    case error::kInsufficientCapacity:
      return "Insufficient Capacity";
    default:
      return "";
  }
}

Result<ErrorCode> decode_error_code(BytesView value) {
  // §14.8: 21 reserved bits, 3-bit class (3-6), 8-bit number (0-99), then the reason.
  constexpr auto type = AttributeType::error_code;
  if (value.size() < 4) return bad_length(type, value.size(), "at least 4 bytes");
  unsigned cls = value[2] & 0x07;
  unsigned number = value[3];
  if (cls < 3 || cls > 6) {
    return fail(Errc::malformed,
                "ERROR-CODE class must be 3-6, got " + std::to_string(cls) + " (RFC 8489 §14.8)");
  }
  if (number > 99) {
    return fail(Errc::malformed, "ERROR-CODE number must be 0-99, got " + std::to_string(number) +
                                     " (RFC 8489 §14.8)");
  }
  auto reason = decode_text(value.subspan(4), type);
  if (!reason) return std::unexpected(reason.error());
  return ErrorCode{static_cast<std::uint16_t>(cls * 100 + number), *reason};
}

Result<std::vector<AttributeType>> decode_unknown_attributes(BytesView value) {
  // §14.13: a list of 16-bit types. (RFC 3489 repeated one to reach a multiple of 4; RFC 8489
  // pads instead, so any even length is fine.)
  if (value.size() % 2 != 0) {
    return bad_length(AttributeType::unknown_attributes, value.size(), "a multiple of 2");
  }
  std::vector<AttributeType> out;
  out.reserve(value.size() / 2);
  for (std::size_t i = 0; i < value.size(); i += 2) {
    out.push_back(static_cast<AttributeType>(load_be16(value, i)));
  }
  return out;
}

const char* to_string(PasswordAlgorithm a) {
  switch (a) {
    case PasswordAlgorithm::md5:
      return "MD5";
    case PasswordAlgorithm::sha256:
      return "SHA-256";
  }
  return nullptr;
}

namespace {
Result<PasswordAlgorithmEntry> read_algorithm(ByteReader& r, AttributeType type) {
  auto algorithm = r.u16();
  auto length = r.u16();
  if (!algorithm || !length) {
    return fail(Errc::truncated, label(type) + " entry needs 4 bytes" + where(type));
  }
  auto params = r.bytes(*length);
  if (!params) {
    return fail(Errc::truncated, label(type) + " parameters run past the value" + where(type));
  }
  // Parameters are padded to 32 bits "in the same manner as an attribute" (§14.11). The last
  // entry's padding may coincide with the attribute's own padding, outside the value.
  std::size_t pad = (4 - (*length % 4)) % 4;
  if (r.remaining() > 0 && !r.skip(pad)) {
    return fail(Errc::truncated,
                label(type) + " parameters padding runs past the value" + where(type));
  }
  return PasswordAlgorithmEntry{*algorithm, *params};
}
}  // namespace

Result<std::vector<PasswordAlgorithmEntry>> decode_password_algorithms(BytesView value) {
  constexpr auto type = AttributeType::password_algorithms;
  if (value.empty()) return bad_length(type, 0, "at least one algorithm (4 bytes)");
  ByteReader r(value);
  std::vector<PasswordAlgorithmEntry> out;
  while (!r.empty()) {
    auto entry = read_algorithm(r, type);
    if (!entry) return std::unexpected(entry.error());
    out.push_back(*entry);
  }
  return out;
}

Result<PasswordAlgorithmEntry> decode_password_algorithm(BytesView value) {
  constexpr auto type = AttributeType::password_algorithm;
  ByteReader r(value);
  auto entry = read_algorithm(r, type);
  if (!entry) return std::unexpected(entry.error());
  if (!r.empty()) {
    return fail(Errc::malformed, "PASSWORD-ALGORITHM holds exactly one algorithm" + where(type));
  }
  return entry;
}

void write_password_algorithms_value(MutableBytesView out,
                                     std::span<const PasswordAlgorithm> list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    store_be16(out, 4 * i, static_cast<std::uint16_t>(list[i]));
    store_be16(out, 4 * i + 2, 0);  // MD5 and SHA-256 take no parameters (§18.5.1)
  }
}

Result<std::uint16_t> decode_channel_number(BytesView value) {
  if (value.size() != 4) return bad_length(AttributeType::channel_number, value.size(), "4 bytes");
  return load_be16(value, 0);
}

Result<AddressFamily> decode_address_family(BytesView value, AttributeType type) {
  if (value.size() != 4) return bad_length(type, value.size(), "4 bytes");
  if (value[0] == kFamilyIpv4) return AddressFamily::ipv4;
  if (value[0] == kFamilyIpv6) return AddressFamily::ipv6;
  return fail(Errc::malformed,
              label(type) + " has unknown family " + std::to_string(value[0]) + where(type));
}

Result<bool> decode_even_port(BytesView value) {
  if (value.size() != 1) return bad_length(AttributeType::even_port, value.size(), "1 byte");
  return (value[0] & 0x80) != 0;
}

Result<std::uint8_t> decode_requested_transport(BytesView value) {
  if (value.size() != 4) {
    return bad_length(AttributeType::requested_transport, value.size(), "4 bytes");
  }
  return value[0];
}

}  // namespace rtc::stun
