// SessionDescription -> text (RFC 8866 §5, grammar in §9).
//
// Lines are written in the grammar's order, attributes in the order they are stored, every
// line ends in CRLF. Each typed attribute is written in the one form its parser accepts
// (attribute_grammar.hpp), which is what makes serialize(parse(text)) == text.
//
// Speed: everything goes through one TextWriter (writer.hpp) into one std::string sized once
// from an estimate; constant pieces such as "a=rtpmap:" are copied as one literal; numbers go
// through to_chars straight into the output. No temporary strings, no streams.
#include "rtc/sdp/serializer.hpp"

#include "attribute_grammar.hpp"

namespace rtc::sdp {
namespace detail {
namespace {

// One operator() per attribute type, writing what follows "a=".
struct AttributeWriter {
  TextWriter& out;

  void words(const std::vector<std::string>& list) {
    for (const auto& word : list) {
      out.put(' ');
      out.put(word);
    }
  }

  void operator()(const GenericAttribute& a) {
    out.put(a.name);
    if (a.value) {
      out.put(':');
      out.put(*a.value);
    }
  }
  void operator()(const Rtpmap& a) {
    out.put("rtpmap:");
    out.number(a.payload_type);
    out.put(' ');
    out.put(a.encoding);
    out.put('/');
    out.number(a.clock_rate);
    if (a.channels) {
      out.put('/');
      out.number(*a.channels);
    }
  }
  void operator()(const Fmtp& a) {
    out.put("fmtp:");
    out.number(a.payload_type);
    out.put(' ');
    out.put(a.parameters);
  }
  void operator()(const RtcpFb& a) {
    out.put("rtcp-fb:");
    if (a.payload_type) {
      out.number(*a.payload_type);
    } else {
      out.put('*');
    }
    out.put(' ');
    out.put(a.type);
    if (!a.subtype.empty()) {
      out.put(' ');
      out.put(a.subtype);
    }
  }
  void operator()(const Rtcp& a) {
    out.put("rtcp:");
    out.number(a.port);
    if (!a.network_type.empty()) {
      out.put(' ');
      out.put(a.network_type);
      out.put(' ');
      out.put(a.address_type);
      out.put(' ');
      out.put(a.address);
    }
  }
  void operator()(const Extmap& a) {
    out.put("extmap:");
    out.number(a.id);
    if (a.direction) {
      out.put('/');
      out.put(to_string(*a.direction));
    }
    out.put(' ');
    out.put(a.uri);
    if (!a.attributes.empty()) {
      out.put(' ');
      out.put(a.attributes);
    }
  }
  void operator()(const Mid& a) {
    out.put("mid:");
    out.put(a.value);
  }
  void operator()(const Group& a) {
    out.put("group:");
    out.put(a.semantics);
    words(a.mids);
  }
  void operator()(const Msid& a) {
    out.put("msid:");
    out.put(a.stream_id);
    if (!a.track_id.empty()) {
      out.put(' ');
      out.put(a.track_id);
    }
  }
  void operator()(const MsidSemantic& a) {
    out.put("msid-semantic:");
    if (a.space_before_semantic) out.put(' ');
    out.put(a.semantic);
    words(a.ids);
  }
  void operator()(const Ssrc& a) {
    out.put("ssrc:");
    out.number(a.id);
    out.put(' ');
    out.put(a.attribute);
    if (a.value) {
      out.put(':');
      out.put(*a.value);
    }
  }
  void operator()(const SsrcGroup& a) {
    out.put("ssrc-group:");
    out.put(a.semantics);
    for (const auto ssrc : a.ssrcs) {
      out.put(' ');
      out.number(ssrc);
    }
  }
  void operator()(const Rid& a) {
    out.put("rid:");
    out.put(a.id);
    out.put(' ');
    out.put(a.direction);
    if (!a.params.empty()) {
      out.put(' ');
      out.put(a.params);
    }
  }
  void operator()(const Simulcast& a) {
    out.put("simulcast:");
    out.put(a.direction1);
    out.put(' ');
    out.put(a.list1);
    if (!a.direction2.empty()) {
      out.put(' ');
      out.put(a.direction2);
      out.put(' ');
      out.put(a.list2);
    }
  }
  void operator()(const IceUfrag& a) {
    out.put("ice-ufrag:");
    out.put(a.value);
  }
  void operator()(const IcePwd& a) {
    out.put("ice-pwd:");
    out.put(a.value);
  }
  void operator()(const IceOptions& a) {
    out.put("ice-options:");
    for (std::size_t i = 0; i < a.options.size(); ++i) {
      if (i > 0) out.put(' ');
      out.put(a.options[i]);
    }
  }
  void operator()(const Candidate& a) {
    out.put("candidate:");
    write_candidate_value(a, out);
  }
  void operator()(const Fingerprint& a) {
    out.put("fingerprint:");
    out.put(a.hash_function);
    out.put(' ');
    out.put(a.value);
  }
  void operator()(const Setup& a) {
    out.put("setup:");
    out.put(a.role);
  }
  void operator()(const Direction& a) { out.put(to_string(a.value)); }
  void operator()(const SctpPort& a) {
    out.put("sctp-port:");
    out.number(a.port);
  }
  void operator()(const MaxMessageSize& a) {
    out.put("max-message-size:");
    out.number(a.bytes);
  }
  void operator()(const TlsId& a) {
    out.put("tls-id:");
    out.put(a.value);
  }
  void operator()(const Identity& a) {
    out.put("identity:");
    out.put(a.value);
  }
  // Property attributes: just the name (RFC 8866 §5.13).
  template <class Flag>
    requires std::is_empty_v<Flag>
  void operator()(const Flag&) {
    out.put(Flag::kName);
  }
};

void line(TextWriter& out, const char (&type)[3], std::string_view value) {
  out.put(type);
  out.put(value);
  out.put("\r\n");
}

void attributes(TextWriter& out, const AttributeList& list) {
  AttributeWriter writer{out};
  for (const auto& attribute : list.attributes) {
    out.put("a=");
    std::visit(writer, attribute);
    out.put("\r\n");
  }
}

// c=<nettype> <addrtype> <connection-address>  RFC 8866 §5.7
void connection(TextWriter& out, const Connection& c) {
  out.put("c=");
  out.put(c.network_type);
  out.put(' ');
  out.put(c.address_type);
  out.put(' ');
  out.put(c.address);
  out.put("\r\n");
}

// b=<bwtype>:<bandwidth>  RFC 8866 §5.8
void bandwidth(TextWriter& out, const Bandwidth& b) {
  out.put("b=");
  out.put(b.type);
  out.put(':');
  out.number(b.value);
  out.put("\r\n");
}

void media(TextWriter& out, const MediaDescription& m) {
  // m=<media> <port>[/<number of ports>] <proto> <fmt> ...  RFC 8866 §5.14
  out.put("m=");
  out.put(m.type);
  out.put(' ');
  out.number(m.port);
  if (m.port_count) {
    out.put('/');
    out.number(*m.port_count);
  }
  out.put(' ');
  out.put(m.protocol);
  for (const auto& format : m.formats) {
    out.put(' ');
    out.put(format);
  }
  out.put("\r\n");
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
  using detail::line;

  // v=0  RFC 8866 §5.1 (the model's int is written as is, even if negative)
  out.put("v=");
  if (s.version < 0) out.put('-');
  out.number(s.version < 0 ? 0 - static_cast<std::uint64_t>(s.version)
                           : static_cast<std::uint64_t>(s.version));
  out.put("\r\n");

  // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>  §5.2
  const Origin& o = s.origin;
  out.put("o=");
  out.put(o.username);
  out.put(' ');
  out.put(o.session_id);
  out.put(' ');
  out.number(o.session_version);
  out.put(' ');
  out.put(o.network_type);
  out.put(' ');
  out.put(o.address_type);
  out.put(' ');
  out.put(o.address);
  out.put("\r\n");

  line(out, "s=", s.session_name);                               // §5.3
  if (s.information) line(out, "i=", *s.information);            // §5.4
  if (s.uri) line(out, "u=", *s.uri);                            // §5.5
  for (const auto& e : s.emails) line(out, "e=", e);             // §5.6
  for (const auto& p : s.phones) line(out, "p=", p);             // §5.6
  if (s.connection) detail::connection(out, *s.connection);      // §5.7
  for (const auto& b : s.bandwidths) detail::bandwidth(out, b);  // §5.8

  // t=<start-time> <stop-time>, each followed by its r= lines  §5.9, §5.10
  for (const auto& t : s.timings) {
    out.put("t=");
    out.number(t.start);
    out.put(' ');
    out.number(t.stop);
    out.put("\r\n");
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
