// SessionDescription -> text (RFC 8866 §5, grammar in §9).
//
// Lines are written in the grammar's order, attributes in the order they are stored, every
// line ends in CRLF. Each typed attribute is written in the one form its parser accepts
// (attribute_grammar.hpp), which is what makes serialize(parse(text)) == text.
//
// Speed: everything goes through one TextWriter (writer.hpp) into one std::string sized once
// from an estimate, a few pieces at a time with one check for room; constant pieces such as
// "a=rtpmap:" are copied as one literal; numbers are written straight into the output. No
// temporary strings, no streams.
#include "rtc/sdp/serializer.hpp"

#include "attribute_grammar.hpp"

namespace rtc::sdp {
namespace detail {
namespace {

// One operator() per attribute type, writing what follows "a=". Each call of write() is one
// check for room and then straight copies (writer.hpp).
struct AttributeWriter {
  TextWriter& out;

  void words(const std::vector<std::string>& list) {
    for (const auto& word : list) write(out, ' ', word);
  }

  void operator()(const GenericAttribute& a) {
    if (a.value) {
      write(out, a.name, ':', *a.value);
    } else {
      write(out, a.name);
    }
  }
  void operator()(const Rtpmap& a) {
    write(out, "rtpmap:", Decimal{a.payload_type}, ' ', a.encoding, '/', Decimal{a.clock_rate});
    if (a.channels) write(out, '/', Decimal{*a.channels});
  }
  void operator()(const Fmtp& a) {
    write(out, "fmtp:", Decimal{a.payload_type}, ' ', a.parameters);
  }
  void operator()(const RtcpFb& a) {
    if (a.payload_type) {
      write(out, "rtcp-fb:", Decimal{*a.payload_type}, ' ', a.type);
    } else {
      write(out, "rtcp-fb:* ", a.type);
    }
    if (!a.subtype.empty()) write(out, ' ', a.subtype);
  }
  void operator()(const Rtcp& a) {
    write(out, "rtcp:", Decimal{a.port});
    if (!a.network_type.empty()) {
      write(out, ' ', a.network_type, ' ', a.address_type, ' ', a.address);
    }
  }
  void operator()(const Extmap& a) {
    write(out, "extmap:", Decimal{a.id});
    if (a.direction) write(out, '/', to_string(*a.direction));
    write(out, ' ', a.uri);
    if (!a.attributes.empty()) write(out, ' ', a.attributes);
  }
  void operator()(const Mid& a) { write(out, "mid:", a.value); }
  void operator()(const Group& a) {
    write(out, "group:", a.semantics);
    words(a.mids);
  }
  void operator()(const Msid& a) {
    write(out, "msid:", a.stream_id);
    if (!a.track_id.empty()) write(out, ' ', a.track_id);
  }
  void operator()(const MsidSemantic& a) {
    write(out, "msid-semantic:");
    if (a.space_before_semantic) write(out, ' ');
    write(out, a.semantic);
    words(a.ids);
  }
  void operator()(const Ssrc& a) {
    write(out, "ssrc:", Decimal{a.id}, ' ', a.attribute);
    if (a.value) write(out, ':', *a.value);
  }
  void operator()(const SsrcGroup& a) {
    write(out, "ssrc-group:", a.semantics);
    for (const auto ssrc : a.ssrcs) write(out, ' ', Decimal{ssrc});
  }
  void operator()(const Rid& a) {
    write(out, "rid:", a.id, ' ', a.direction);
    if (!a.params.empty()) write(out, ' ', a.params);
  }
  void operator()(const Simulcast& a) {
    write(out, "simulcast:", a.direction1, ' ', a.list1);
    if (!a.direction2.empty()) write(out, ' ', a.direction2, ' ', a.list2);
  }
  void operator()(const IceUfrag& a) { write(out, "ice-ufrag:", a.value); }
  void operator()(const IcePwd& a) { write(out, "ice-pwd:", a.value); }
  void operator()(const IceOptions& a) {
    write(out, "ice-options:");
    for (std::size_t i = 0; i < a.options.size(); ++i) {
      if (i > 0) write(out, ' ');
      write(out, a.options[i]);
    }
  }
  void operator()(const Candidate& a) {
    write(out, "candidate:");
    write_candidate_value(a, out);
  }
  void operator()(const Fingerprint& a) {
    write(out, "fingerprint:", a.hash_function, ' ', a.value);
  }
  void operator()(const Setup& a) { write(out, "setup:", a.role); }
  void operator()(const Direction& a) { write(out, to_string(a.value)); }
  void operator()(const SctpPort& a) { write(out, "sctp-port:", Decimal{a.port}); }
  void operator()(const MaxMessageSize& a) { write(out, "max-message-size:", Decimal{a.bytes}); }
  void operator()(const TlsId& a) { write(out, "tls-id:", a.value); }
  void operator()(const Identity& a) { write(out, "identity:", a.value); }
  // Property attributes: just the name (RFC 8866 §5.13).
  template <class Flag>
    requires std::is_empty_v<Flag>
  void operator()(const Flag&) {
    write(out, Flag::kName);
  }
};

void line(TextWriter& out, const char (&type)[3], std::string_view value) {
  write(out, type, value, "\r\n");
}

void attributes(TextWriter& out, const AttributeList& list) {
  AttributeWriter writer{out};
  for (const auto& attribute : list.attributes) {
    write(out, "a=");
    std::visit(writer, attribute);
    write(out, "\r\n");
  }
}

// c=<nettype> <addrtype> <connection-address>  RFC 8866 §5.7
void connection(TextWriter& out, const Connection& c) {
  write(out, "c=", c.network_type, ' ', c.address_type, ' ', c.address, "\r\n");
}

// b=<bwtype>:<bandwidth>  RFC 8866 §5.8
void bandwidth(TextWriter& out, const Bandwidth& b) {
  write(out, "b=", b.type, ':', Decimal{b.value}, "\r\n");
}

void media(TextWriter& out, const MediaDescription& m) {
  // m=<media> <port>[/<number of ports>] <proto> <fmt> ...  RFC 8866 §5.14
  write(out, "m=", m.type, ' ', Decimal{m.port});
  if (m.port_count) write(out, '/', Decimal{*m.port_count});
  write(out, ' ', m.protocol);
  for (const auto& format : m.formats) write(out, ' ', format);
  write(out, "\r\n");
  if (m.title) line(out, "i=", *m.title);                  // §5.4
  for (const auto& c : m.connections) connection(out, c);  // §5.7
  for (const auto& b : m.bandwidths) bandwidth(out, b);    // §5.8
  if (m.key) line(out, "k=", *m.key);                      // §5.12
  attributes(out, m);                                      // §5.13
}

// A guess of the output size. Too small only costs a reallocation; too large costs nothing
// but memory. Lines of a browser's SDP average 45 bytes; candidates and fingerprints are long.
std::size_t estimate_size(const SessionDescription& s) {
  std::size_t lines = 16 + s.attributes.size();
  for (const auto& m : s.media) lines += 4 + m.attributes.size();
  return lines * 56;
}

}  // namespace

void write_attribute(const Attribute& attribute, TextWriter& out) {
  std::visit(AttributeWriter{out}, attribute);
}

}  // namespace detail

void serialize_to(const SessionDescription& s, std::string& text) {
  detail::TextWriter out(text, detail::estimate_size(s));
  using detail::Decimal;
  using detail::line;
  using detail::write;

  // v=0  RFC 8866 §5.1 (the model's int is written as is, even if negative)
  const auto version = static_cast<std::uint64_t>(s.version);
  if (s.version < 0) {
    write(out, "v=-", Decimal{0 - version}, "\r\n");
  } else {
    write(out, "v=", Decimal{version}, "\r\n");
  }

  // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>  §5.2
  const Origin& o = s.origin;
  write(out, "o=", o.username, ' ', o.session_id, ' ', Decimal{o.session_version}, ' ',
        o.network_type, ' ', o.address_type, ' ', o.address, "\r\n");

  line(out, "s=", s.session_name);                               // §5.3
  if (s.information) line(out, "i=", *s.information);            // §5.4
  if (s.uri) line(out, "u=", *s.uri);                            // §5.5
  for (const auto& e : s.emails) line(out, "e=", e);             // §5.6
  for (const auto& p : s.phones) line(out, "p=", p);             // §5.6
  if (s.connection) detail::connection(out, *s.connection);      // §5.7
  for (const auto& b : s.bandwidths) detail::bandwidth(out, b);  // §5.8

  // t=<start-time> <stop-time>, each followed by its r= lines  §5.9, §5.10
  for (const auto& t : s.timings) {
    write(out, "t=", Decimal{t.start}, ' ', Decimal{t.stop}, "\r\n");
    for (const auto& r : t.repeats) line(out, "r=", r);
  }
  if (s.time_zones) line(out, "z=", *s.time_zones);     // §5.11
  if (s.key) line(out, "k=", *s.key);                   // §5.12
  detail::attributes(out, s);                           // §5.13
  for (const auto& m : s.media) detail::media(out, m);  // §5.14
}

std::string serialize(const SessionDescription& session) {
  std::string out;
  serialize_to(session, out);
  return out;
}

std::string serialize_attribute(const Attribute& attribute) {
  std::string out;
  {
    detail::TextWriter writer(out, 64);
    detail::write_attribute(attribute, writer);
  }
  return out;
}

}  // namespace rtc::sdp
