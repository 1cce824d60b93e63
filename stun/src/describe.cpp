// Human-readable and JSON descriptions of STUN messages (`rtc stun decode`).
#include "rtc/stun/describe.hpp"

#include <cstdio>
#include <memory>

#include "rtc/common/encoding.hpp"
#include "rtc/stun/attributes.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"

namespace rtc::stun {

namespace {

std::string hex16(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", v);
  return buf;
}

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(v));
  return buf;
}

std::string hex64(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%016llX", static_cast<unsigned long long>(v));
  return buf;
}

// "text" with non-printable bytes escaped; valid UTF-8 stays readable.
std::string quote(std::string_view s) {
  const bool utf8 = is_valid_utf8(s);
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !utf8)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string short_hex(BytesView v, std::size_t limit = 48) {
  if (v.size() <= limit) return to_hex(v);
  return to_hex(v.first(limit)) + "... (" + std::to_string(v.size()) + " bytes)";
}

template <class T>
std::string or_error(const Result<T>& r, AttributeDescription& a, std::string ok) {
  if (r) return ok;
  a.note = r.error().message;
  a.problem = true;
  return "";
}

// The value of one attribute, decoded for a reader.
void describe_value(AttributeDescription& a, AttributeType type, BytesView value,
                    const TransactionId& id) {
  switch (type) {
    case AttributeType::mapped_address:
    case AttributeType::alternate_server:
    case AttributeType::response_origin:
    case AttributeType::other_address: {
      auto r = decode_address(value, type);
      a.value = r ? r->to_string() : or_error(r, a, "");
      return;
    }
    case AttributeType::xor_mapped_address:
    case AttributeType::xor_peer_address:
    case AttributeType::xor_relayed_address: {
      auto r = decode_xor_address(value, id, type);
      a.value =
          r ? r->to_string() + " (XORed on the wire: " + to_hex(value) + ")" : or_error(r, a, "");
      return;
    }
    case AttributeType::username:
    case AttributeType::realm:
    case AttributeType::software:
    case AttributeType::alternate_domain: {
      auto r = decode_text(value, type);
      a.value = r ? quote(*r) : or_error(r, a, quote(as_string_view(value)));
      if (!r) a.value = quote(as_string_view(value));
      if (r && type == AttributeType::username) {
        auto colon = r->find(':');
        if (colon != std::string_view::npos) {
          a.note = "ICE: receiver's ufrag \"" + std::string(r->substr(0, colon)) +
                   "\", sender's ufrag \"" + std::string(r->substr(colon + 1)) +
                   "\" (RFC 8445 §7.2.2)";
        }
      }
      return;
    }
    case AttributeType::nonce: {
      auto r = decode_text(value, type);
      a.value = quote(as_string_view(value));
      if (!r) {
        a.note = r.error().message;
        a.problem = true;
        return;
      }
      if (auto f = parse_nonce_cookie(*r)) {
        std::string features;
        if (f->password_algorithms) features += "password algorithms";
        if (f->username_anonymity)
          features += std::string(features.empty() ? "" : ", ") + "username anonymity";
        if (features.empty()) features = "none";
        a.note = "nonce cookie: security features " + features + " (bits " + hex32(f->bits) +
                 ", RFC 8489 §9.2)";
      }
      return;
    }
    case AttributeType::userhash: {
      auto r = decode_fixed(value, 32, type);
      a.value = to_hex(value);
      if (!r) or_error(r, a, "");
      return;
    }
    case AttributeType::message_integrity:
    case AttributeType::message_integrity_sha256:
      a.value = to_hex(value);
      return;
    case AttributeType::fingerprint: {
      auto r = decode_u32(value, type);
      a.value = r ? hex32(*r) : or_error(r, a, "");
      return;
    }
    case AttributeType::error_code: {
      auto r = decode_error_code(value);
      if (!r) {
        a.value = short_hex(value);
        or_error(r, a, "");
        return;
      }
      a.value = std::to_string(r->code) + " " + quote(r->reason);
      auto recommended = default_reason(r->code);
      if (!recommended.empty() && recommended != r->reason) {
        a.note = "recommended reason: " + std::string(recommended);
      }
      return;
    }
    case AttributeType::unknown_attributes: {
      auto r = decode_unknown_attributes(value);
      if (!r) {
        a.value = short_hex(value);
        or_error(r, a, "");
        return;
      }
      for (auto t : *r) {
        if (!a.value.empty()) a.value += ", ";
        a.value += hex16(to_uint(t));
        if (const char* n = name(t)) a.value += std::string(" (") + n + ")";
      }
      return;
    }
    case AttributeType::password_algorithms:
    case AttributeType::password_algorithm: {
      Result<std::vector<PasswordAlgorithmEntry>> list;
      if (type == AttributeType::password_algorithms) {
        list = decode_password_algorithms(value);
      } else if (auto one = decode_password_algorithm(value)) {
        list = std::vector<PasswordAlgorithmEntry>{*one};
      } else {
        list = std::unexpected(one.error());
      }
      if (!list) {
        a.value = short_hex(value);
        or_error(list, a, "");
        return;
      }
      for (const auto& e : *list) {
        if (!a.value.empty()) a.value += ", ";
        const char* n = to_string(static_cast<PasswordAlgorithm>(e.algorithm));
        a.value += n != nullptr ? std::string(n) : "algorithm " + hex16(e.algorithm);
        if (!e.parameters.empty()) a.value += " (parameters " + to_hex(e.parameters) + ")";
      }
      return;
    }
    case AttributeType::priority: {
      auto r = decode_u32(value, type);
      if (!r) {
        a.value = short_hex(value);
        or_error(r, a, "");
        return;
      }
      // RFC 8445 §5.1.2.1: priority = 2^24 type preference + 2^8 local preference +
      // (256 - component id).
      a.value = std::to_string(*r) + " (" + hex32(*r) + ")";
      a.note = "type preference " + std::to_string(*r >> 24) + ", local preference " +
               std::to_string((*r >> 8) & 0xFFFF) + ", component " +
               std::to_string(256 - (*r & 0xFF)) + " (RFC 8445 §5.1.2.1)";
      return;
    }
    case AttributeType::ice_controlling:
    case AttributeType::ice_controlled: {
      auto r = decode_u64(value, type);
      a.value = r ? "tie-breaker " + hex64(*r) : or_error(r, a, "");
      if (r) {
        a.note = type == AttributeType::ice_controlling
                     ? "the sender is the controlling agent (RFC 8445 §7.1.1)"
                     : "the sender is the controlled agent (RFC 8445 §7.1.1)";
      }
      return;
    }
    case AttributeType::reservation_token: {
      auto r = decode_u64(value, type);
      a.value = r ? hex64(*r) : or_error(r, a, "");
      return;
    }
    case AttributeType::use_candidate:
    case AttributeType::dont_fragment: {
      auto r = decode_empty(value, type);
      a.value = r ? "(flag)" : or_error(r, a, "");
      if (r && type == AttributeType::use_candidate) {
        a.note = "the controlling agent nominates this pair (RFC 8445 §8.1.1)";
      }
      return;
    }
    case AttributeType::lifetime: {
      auto r = decode_u32(value, type);
      a.value = r ? std::to_string(*r) + " s" : or_error(r, a, "");
      return;
    }
    case AttributeType::channel_number: {
      auto r = decode_channel_number(value);
      a.value = r ? hex16(*r) : or_error(r, a, "");
      if (r && (*r < 0x4000 || *r > 0x4FFF)) {
        a.note = "outside the channel range 0x4000-0x4FFF (RFC 8656 §12)";
        a.problem = true;
      }
      return;
    }
    case AttributeType::data:
      a.value = short_hex(value);
      return;
    case AttributeType::requested_address_family:
    case AttributeType::additional_address_family: {
      auto r = decode_address_family(value, type);
      a.value = r ? to_string(*r) : or_error(r, a, "");
      return;
    }
    case AttributeType::even_port: {
      auto r = decode_even_port(value);
      a.value = r ? (*r ? "R=1 (reserve the next port)" : "R=0") : or_error(r, a, "");
      return;
    }
    case AttributeType::requested_transport: {
      auto r = decode_requested_transport(value);
      if (r) {
        a.value = std::to_string(*r) + (*r == kProtocolUdp   ? " (UDP)"
                                        : *r == kProtocolTcp ? " (TCP)"
                                                             : "");
      } else {
        or_error(r, a, "");
      }
      return;
    }
    case AttributeType::goog_network_info:
      a.value = short_hex(value);
      if (value.size() == 4) {
        a.note = "network id " + std::to_string(load_be16(value, 0)) + ", network cost " +
                 std::to_string(load_be16(value, 2)) +
                 "; comprehension-optional, ignored by other agents";
      }
      return;
    default:
      a.value = short_hex(value);
      return;
  }
}

AttributeDescription describe_attribute(const Attribute& attr, const TransactionId& id) {
  AttributeDescription a;
  a.offset = attr.offset;
  a.type = to_uint(attr.type);
  const char* n = name(attr.type);
  a.name = n != nullptr ? n : "unknown";
  const char* r = rfc_section(attr.type);
  a.rfc = r != nullptr ? r : "";
  a.comprehension_required = is_comprehension_required(attr.type);
  a.length = attr.value.size();
  a.padding = (4 - attr.value.size() % 4) % 4;
  describe_value(a, attr.type, attr.value, id);
  if (n == nullptr) {
    a.note = a.comprehension_required
                 ? "unknown comprehension-required attribute: a server answers 420 (RFC 8489 "
                   "§7.3.1)"
                 : "unknown comprehension-optional attribute: ignored (RFC 8489 §14)";
  }
  return a;
}

// The key the password gives for this message: long-term when it has a REALM (§9.2), else
// short-term (§9.1).
std::unique_ptr<IntegrityKeys> keys_for(const MessageView& m, const DescribeOptions& o,
                                        Description& d) {
  if (!o.password) return nullptr;
  const std::string& password = *o.password;
  auto realm = m.realm();
  if (!realm) {
    auto keys = IntegrityKeys::short_term(password);
    d.credential = "short-term: key = OpaqueString(password) (RFC 8489 §9.1.1)";
    if (keys) return std::make_unique<IntegrityKeys>(std::move(*keys));
    d.credential += "; the password was used as given (" + keys.error().message + ")";
    return std::make_unique<IntegrityKeys>(as_bytes(password));
  }
  std::string username;
  if (o.username) {
    username = *o.username;
  } else if (auto u = m.username()) {
    username = std::string(*u);
  } else {
    d.credential = "long-term, but the username is hidden (USERHASH): pass --username";
    d.problems.push_back("cannot compute the long-term key without the username");
    return nullptr;
  }
  PasswordAlgorithm algorithm = PasswordAlgorithm::md5;
  if (auto pa = m.password_algorithm();
      pa && pa->algorithm == static_cast<std::uint16_t>(PasswordAlgorithm::sha256)) {
    algorithm = PasswordAlgorithm::sha256;
  }
  d.credential = std::string("long-term: key = ") +
                 (algorithm == PasswordAlgorithm::sha256 ? "SHA-256" : "MD5") +
                 "(username \":\" OpaqueString(realm) \":\" OpaqueString(password)) "
                 "(RFC 8489 §9.2.2, §18.5.1)";
  auto keys = IntegrityKeys::long_term(username, *realm, password, algorithm);
  if (keys) return std::make_unique<IntegrityKeys>(std::move(*keys));
  d.credential += "; the password was used as given (" + keys.error().message + ")";
  return std::make_unique<IntegrityKeys>(
      IntegrityKeys::long_term_prepared(username, *realm, password, algorithm));
}

void check_integrity(const MessageView& m, const DescribeOptions& o, Description& d) {
  auto keys = keys_for(m, o, d);
  struct Item {
    std::optional<Attribute> attribute;
    CheckDescription& check;
    const char* what;
    bool sha256;
  };
  Item items[] = {
      {m.message_integrity(), d.message_integrity, "MESSAGE-INTEGRITY", false},
      {m.message_integrity_sha256(), d.message_integrity_sha256, "MESSAGE-INTEGRITY-SHA256", true}};
  for (auto& item : items) {
    auto& c = item.check;
    c.present = item.attribute.has_value();
    if (!c.present) {
      c.detail = "absent";
      continue;
    }
    if (!o.password) {
      c.detail = "not checked (no --password)";
      continue;
    }
    if (!keys) {
      c.detail = "not checked (no key)";
      continue;
    }
    c.checked = true;
    auto r = item.sha256 ? verify_message_integrity_sha256(m, keys->sha256())
                         : verify_message_integrity(m, keys->sha1());
    c.ok = r.has_value();
    c.detail = c.ok ? std::string("verified: ") + (item.sha256 ? "HMAC-SHA256" : "HMAC-SHA1") +
                          " over the message before it, length field patched (RFC 8489 " +
                          (item.sha256 ? "§14.6" : "§14.5") + ")"
                    : r.error().message;
    if (!c.ok) d.problems.push_back(r.error().message);
  }
  if (o.password && !d.message_integrity.present && !d.message_integrity_sha256.present) {
    d.problems.push_back("a password was given but the message carries no MESSAGE-INTEGRITY");
  }

  auto& f = d.fingerprint;
  f.present = m.fingerprint().has_value();
  if (!f.present) {
    f.detail = "absent";
  } else {
    f.checked = true;
    auto r = verify_fingerprint(m);
    f.ok = r.has_value();
    f.detail = f.ok ? "valid: CRC-32 of the message before it, XOR 0x5354554E (RFC 8489 §14.7)"
                    : r.error().message + "; expected " + hex32(expected_fingerprint(m));
    if (!f.ok) d.problems.push_back(r.error().message);
  }

  for (auto& a : d.attributes) {
    if (a.type == to_uint(AttributeType::message_integrity)) {
      a.note = d.message_integrity.detail;
      a.problem = d.message_integrity.checked && !d.message_integrity.ok;
    } else if (a.type == to_uint(AttributeType::message_integrity_sha256)) {
      a.note = d.message_integrity_sha256.detail;
      a.problem = d.message_integrity_sha256.checked && !d.message_integrity_sha256.ok;
    } else if (a.type == to_uint(AttributeType::fingerprint)) {
      a.note = d.fingerprint.detail;
      a.problem = !d.fingerprint.ok;
    }
  }
}

std::string json_string(std::string_view s) {
  const bool utf8 = is_valid_utf8(s);
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !utf8)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string json_check(const CheckDescription& c) {
  return std::string("{\"present\": ") + (c.present ? "true" : "false") +
         ", \"checked\": " + (c.checked ? "true" : "false") +
         ", \"ok\": " + (c.ok ? "true" : "false") + ", \"detail\": " + json_string(c.detail) + "}";
}

}  // namespace

Description describe(BytesView m, const DescribeOptions& o) {
  Description d;
  d.size = m.size();
  auto parsed = MessageView::parse(m);
  if (parsed) {
    d.well_formed = true;
  } else {
    d.error = parsed.error().to_string();
    d.problems.push_back(d.error);
  }
  if (m.size() < kHeaderSize) return d;

  d.has_header = true;
  d.type = load_be16(m, 0);
  d.class_name = to_string(class_of(d.type));
  d.method = static_cast<std::uint16_t>(method_of(d.type));
  const char* method = to_string(method_of(d.type));
  d.method_name = method != nullptr ? method : "unknown";
  d.length = load_be16(m, 2);
  d.cookie = load_be32(m, 4);
  d.transaction_id = to_hex(m.subspan(8, kTransactionIdSize));
  TransactionId id;
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = m[8 + i];

  if (parsed) {
    for (const auto& attr : parsed->all_attributes()) {
      auto a = describe_attribute(attr, id);
      if (parsed->is_ignored(attr)) {
        a.ignored = true;
        a.note = "ignored: it follows MESSAGE-INTEGRITY (RFC 8489 §14.5)";
        a.problem = false;
      }
      if (a.problem)
        d.problems.push_back(a.name + " at offset " + std::to_string(a.offset) + ": " + a.note);
      d.attributes.push_back(std::move(a));
    }
    check_integrity(*parsed, o, d);
    return d;
  }
  // Broken message: list the attributes that can still be framed, up to the damage.
  const std::size_t end = std::min<std::size_t>(m.size(), kHeaderSize + d.length);
  std::size_t pos = kHeaderSize;
  while (pos + kAttributeHeaderSize <= end) {
    const std::size_t length = load_be16(m, pos + 2);
    if (pos + kAttributeHeaderSize + length > end) break;
    Attribute attr{static_cast<AttributeType>(load_be16(m, pos)),
                   m.subspan(pos + kAttributeHeaderSize, length), pos};
    d.attributes.push_back(describe_attribute(attr, id));
    pos += kAttributeHeaderSize + ((length + 3) & ~std::size_t{3});
  }
  return d;
}

std::string to_text(const Description& d) {
  std::string out;
  out += "STUN message, " + std::to_string(d.size) + " bytes  [RFC 8489 §5]\n";
  if (d.has_header) {
    out += "  type            " + hex16(d.type) + "  " + d.method_name + " " + d.class_name +
           " (method " + hex16(d.method) + ", class " + d.class_name + "; bits interleaved, " +
           "RFC 8489 §5)\n";
    out += "  length          " + std::to_string(d.length) +
           " bytes of attributes after the 20-byte header\n";
    out += "  magic cookie    " + hex32(d.cookie) +
           (d.cookie == kMagicCookie ? "  (RFC 8489 §5)\n" : "  (expected 0x2112A442!)\n");
    out += "  transaction id  " + d.transaction_id + "  (96 bits, RFC 8489 §5)\n";
  }
  if (!d.attributes.empty()) out += "attributes  [RFC 8489 §14]\n";
  for (const auto& a : d.attributes) {
    out += "  @" + std::to_string(a.offset) + "  " + a.name + " (" + hex16(a.type) + ", " +
           (a.comprehension_required ? "comprehension-required" : "comprehension-optional") +
           "), " + std::to_string(a.length) + " bytes";
    if (a.padding != 0) out += " + " + std::to_string(a.padding) + " padding";
    if (!a.rfc.empty()) out += "  [" + a.rfc + "]";
    out += "\n";
    if (!a.value.empty()) out += "        " + a.value + "\n";
    if (!a.note.empty())
      out += std::string("        ") + (a.problem ? "ERROR: " : "") + a.note + "\n";
  }
  if (d.well_formed) {
    out += "checks\n";
    if (!d.credential.empty()) out += "  key                       " + d.credential + "\n";
    out += "  MESSAGE-INTEGRITY         " + d.message_integrity.detail + "\n";
    out += "  MESSAGE-INTEGRITY-SHA256  " + d.message_integrity_sha256.detail + "\n";
    out += "  FINGERPRINT               " + d.fingerprint.detail + "\n";
  }
  if (d.ok()) {
    out += "result: OK, well formed";
    if (d.message_integrity.checked || d.message_integrity_sha256.checked) {
      out += ", integrity verified";
    }
    out += "\n";
  } else {
    out += "result: FAILED\n";
    for (const auto& p : d.problems) out += "  - " + p + "\n";
  }
  return out;
}

std::string to_json(const Description& d) {
  std::string out = "{\n";
  out += "  \"ok\": " + std::string(d.ok() ? "true" : "false") + ",\n";
  out += "  \"well_formed\": " + std::string(d.well_formed ? "true" : "false") + ",\n";
  out += "  \"size\": " + std::to_string(d.size) + ",\n";
  if (!d.error.empty()) out += "  \"error\": " + json_string(d.error) + ",\n";
  if (d.has_header) {
    out += "  \"type\": " + std::to_string(d.type) + ",\n";
    out += "  \"class\": " + json_string(d.class_name) + ",\n";
    out += "  \"method\": " + std::to_string(d.method) + ",\n";
    out += "  \"method_name\": " + json_string(d.method_name) + ",\n";
    out += "  \"length\": " + std::to_string(d.length) + ",\n";
    out += "  \"magic_cookie\": " + std::to_string(d.cookie) + ",\n";
    out += "  \"transaction_id\": " + json_string(d.transaction_id) + ",\n";
  }
  out += "  \"attributes\": [";
  for (std::size_t i = 0; i < d.attributes.size(); ++i) {
    const auto& a = d.attributes[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\"offset\": " + std::to_string(a.offset) +
           ", \"type\": " + std::to_string(a.type) + ", \"name\": " + json_string(a.name) +
           ", \"comprehension_required\": " + (a.comprehension_required ? "true" : "false") +
           ", \"length\": " + std::to_string(a.length) +
           ", \"padding\": " + std::to_string(a.padding) + ", \"value\": " + json_string(a.value) +
           ", \"rfc\": " + json_string(a.rfc) + ", \"note\": " + json_string(a.note) +
           ", \"ignored\": " + (a.ignored ? "true" : "false") +
           ", \"problem\": " + (a.problem ? "true" : "false") + "}";
  }
  out += d.attributes.empty() ? "],\n" : "\n  ],\n";
  if (!d.credential.empty()) out += "  \"key\": " + json_string(d.credential) + ",\n";
  out += "  \"message_integrity\": " + json_check(d.message_integrity) + ",\n";
  out += "  \"message_integrity_sha256\": " + json_check(d.message_integrity_sha256) + ",\n";
  out += "  \"fingerprint\": " + json_check(d.fingerprint) + ",\n";
  out += "  \"problems\": [";
  for (std::size_t i = 0; i < d.problems.size(); ++i) {
    out += (i == 0 ? "" : ", ") + json_string(d.problems[i]);
  }
  out += "]\n}\n";
  return out;
}

Result<Bytes> read_message_input(std::string_view input) {
  // A binary STUN message starts with 0x00-0x03, never with a printable character or white
  // space, so the first byte tells hex text (possibly with UTF-8 in its comments) from binary.
  const bool text = !input.empty() && (input[0] == '\n' || input[0] == '\r' || input[0] == '\t' ||
                                       (input[0] >= 0x20 && input[0] < 0x7F));
  if (!text) return Bytes(input.begin(), input.end());
  std::string hex;
  bool comment = false;
  for (char c : input) {
    if (c == '#') comment = true;
    if (c == '\n') comment = false;
    if (!comment) hex += c;
  }
  auto bytes = from_hex(hex);
  if (!bytes) {
    return fail(Errc::malformed, "the input is text but not hex: " + bytes.error().message);
  }
  return bytes;
}

}  // namespace rtc::stun
