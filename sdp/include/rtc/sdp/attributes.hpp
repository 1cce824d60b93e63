// Typed SDP attributes: the a= lines that WebRTC endpoints actually send.
//
// Each struct is one attribute, named by kName, with fields in the order of its grammar.
// An `Attribute` is a variant of all of them plus `GenericAttribute`, which keeps any other
// attribute verbatim. Sessions and media sections hold attributes in one ordered vector, so a
// parsed description serializes back in the same order, byte for byte (RFC 8866 §5.13:
// attribute order matters to some applications).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace rtc::sdp {

// a=sendrecv / sendonly / recvonly / inactive (RFC 8866 §6.7), also used by extmap (RFC 8285).
enum class MediaDirection : std::uint8_t { sendrecv, sendonly, recvonly, inactive };
std::string_view to_string(MediaDirection d);
std::optional<MediaDirection> parse_media_direction(std::string_view s);

// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]  RFC 8866 §6.6
struct Rtpmap {
  static constexpr std::string_view kName = "rtpmap";
  std::uint8_t payload_type = 0;  // 0..127
  std::string encoding;           // "opus", "VP8", "H264" (case as written)
  std::uint32_t clock_rate = 0;
  std::optional<std::uint32_t> channels;  // audio channels ("opus/48000/2")
  bool operator==(const Rtpmap&) const = default;
};

// a=fmtp:<format> <format specific parameters>  RFC 8866 §6.15
struct Fmtp {
  static constexpr std::string_view kName = "fmtp";
  std::uint8_t payload_type = 0;
  std::string parameters;  // "minptime=10;useinbandfec=1", kept verbatim
  // The parameters split at ';' into key=value pairs (whitespace around ';' trimmed; a
  // parameter without '=' has an empty value). H.264's profile-level-id lives here.
  std::vector<std::pair<std::string, std::string>> parameter_list() const;
  std::optional<std::string> parameter(std::string_view key) const;
  bool operator==(const Fmtp&) const = default;
};

// a=rtcp-fb:<payload type or *> <type> [<subtype>]  RFC 4585 §4.2
struct RtcpFb {
  static constexpr std::string_view kName = "rtcp-fb";
  std::optional<std::uint8_t> payload_type;  // nullopt means "*", all formats
  std::string type;                          // "nack", "ccm", "goog-remb", "transport-cc"
  std::string subtype;                       // "pli", "fir", "" when absent
  bool operator==(const RtcpFb&) const = default;
};

// a=rtcp:<port> [<nettype> <addrtype> <address>]  RFC 3605
struct Rtcp {
  static constexpr std::string_view kName = "rtcp";
  std::uint16_t port = 0;
  std::string network_type;  // "IN" or empty when the address is absent
  std::string address_type;  // "IP4" / "IP6"
  std::string address;
  bool operator==(const Rtcp&) const = default;
};

// a=extmap:<id>[/<direction>] <URI> [<extension attributes>]  RFC 8285 §8
struct Extmap {
  static constexpr std::string_view kName = "extmap";
  std::uint16_t id = 0;  // 1-14 one-byte form, 1-255 two-byte form, 4096-4351 in offers
  std::optional<MediaDirection> direction;
  std::string uri;
  std::string attributes;  // rest of the line after the URI, verbatim
  bool operator==(const Extmap&) const = default;
};

// a=mid:<identification-tag>  RFC 5888 §4
struct Mid {
  static constexpr std::string_view kName = "mid";
  std::string value;
  bool operator==(const Mid&) const = default;
};

// a=group:<semantics> *(SP <identification-tag>)  RFC 5888 §5; BUNDLE is RFC 8843.
struct Group {
  static constexpr std::string_view kName = "group";
  std::string semantics;  // "BUNDLE", "LS", "FID"
  std::vector<std::string> mids;
  bool operator==(const Group&) const = default;
};

// a=msid:<stream id> [<track id>]  RFC 8830 §2
struct Msid {
  static constexpr std::string_view kName = "msid";
  std::string stream_id;  // "-" means no stream
  std::string track_id;   // empty when absent
  bool operator==(const Msid&) const = default;
};

// a=msid-semantic:WMS [<ids>]  (draft-ietf-mmusic-msid-05; Chromium still sends it).
// Chromium writes "a=msid-semantic: WMS" with a space, Firefox "a=msid-semantic:WMS *":
// `space_before_semantic` keeps whichever was written so the line round-trips.
struct MsidSemantic {
  static constexpr std::string_view kName = "msid-semantic";
  bool space_before_semantic = false;
  std::string semantic;          // "WMS"
  std::vector<std::string> ids;  // "*" or stream ids
  bool operator==(const MsidSemantic&) const = default;
};

// a=ssrc:<ssrc-id> <attribute>[:<value>]  RFC 5576 §4.1
struct Ssrc {
  static constexpr std::string_view kName = "ssrc";
  std::uint32_t id = 0;
  std::string attribute;             // "cname", "msid", ...
  std::optional<std::string> value;  // nullopt when there is no ':'
  bool operator==(const Ssrc&) const = default;
};

// a=ssrc-group:<semantics> <ssrc-id> ...  RFC 5576 §4.2 ("FID", "SIM", "FEC-FR")
struct SsrcGroup {
  static constexpr std::string_view kName = "ssrc-group";
  std::string semantics;
  std::vector<std::uint32_t> ssrcs;
  bool operator==(const SsrcGroup&) const = default;
};

// a=rid:<rid-id> <send|recv> [<rid params>]  RFC 8851 §4
struct Rid {
  static constexpr std::string_view kName = "rid";
  std::string id;
  std::string direction;  // "send" or "recv"
  std::string params;     // "pt=96;max-width=1280", verbatim; empty when absent
  bool operator==(const Rid&) const = default;
};

// a=simulcast:<dir> <alternatives> [<dir> <alternatives>]  RFC 8853 §5.1
// e.g. "send h;m;l recv r0,~r1". Each alternatives list is kept verbatim.
struct Simulcast {
  static constexpr std::string_view kName = "simulcast";
  std::string direction1;  // "send" or "recv"
  std::string list1;
  std::string direction2;  // empty when only one direction is given
  std::string list2;
  bool operator==(const Simulcast&) const = default;
};

// a=ice-ufrag / a=ice-pwd / a=ice-options  RFC 8839 §5.4, §5.6
struct IceUfrag {
  static constexpr std::string_view kName = "ice-ufrag";
  std::string value;
  bool operator==(const IceUfrag&) const = default;
};
struct IcePwd {
  static constexpr std::string_view kName = "ice-pwd";
  std::string value;
  bool operator==(const IcePwd&) const = default;
};
struct IceOptions {
  static constexpr std::string_view kName = "ice-options";
  std::vector<std::string> options;  // "trickle", "ice2", "renomination"
  bool operator==(const IceOptions&) const = default;
};

namespace detail {
struct CandidateExtensionsAccess;  // lets the parser fill CandidateExtensions (sdp/src)
}

// The "<name> <value>" pairs that follow a candidate's type (RFC 8839 §5.1:
// *(SP extension-att-name SP extension-att-value)): Chromium's "generation 0 ufrag EsAw
// network-id 1 network-cost 10", "tcptype passive" (RFC 6544 §4.5). SDP gives them no meaning
// of its own, so they are kept as written, in one string, and read as pairs:
//   for (auto [name, value] : candidate.extensions) ...
//   candidate.extensions.find("ufrag")   // std::optional<std::string_view>
// The string always holds whole pairs, one space between words. (One string rather than a
// vector of name and value strings: the parser checks the pairs and copies them once, where
// splitting them cost ~8% of parsing a browser's offer; see sdp/README.md, Speed.)
class CandidateExtensions {
 public:
  struct Pair {
    std::string_view name;
    std::string_view value;
    bool operator==(const Pair&) const = default;
  };
  // Reads the pairs off the text, one per step.
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Pair;
    using difference_type = std::ptrdiff_t;
    using pointer = const Pair*;
    using reference = const Pair&;

    Iterator() = default;
    reference operator*() const { return pair_; }
    pointer operator->() const { return &pair_; }
    Iterator& operator++() {
      read();
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      read();
      return old;
    }
    // Past the last pair the name is empty with no data, as in Iterator{}.
    bool operator==(const Iterator& other) const {
      return pair_.name.data() == other.pair_.name.data();
    }

   private:
    friend class CandidateExtensions;
    explicit Iterator(std::string_view text) : rest_(text) { read(); }
    void read();  // the next pair from rest_, or the end
    Pair pair_;
    std::string_view rest_;
  };

  Iterator begin() const { return Iterator(text_); }
  Iterator end() const { return Iterator(); }
  bool empty() const { return text_.empty(); }
  std::size_t size() const;  // pairs
  // The value of the first pair named `name`.
  std::optional<std::string_view> find(std::string_view name) const;
  // Adds a pair at the end. Names and values are words of visible characters (RFC 8839 §5.1:
  // a token and a non-ws-string): false, and nothing added, for an empty one or one with a
  // space or control character.
  bool add(std::string_view name, std::string_view value);
  void clear() { text_.clear(); }
  // The pairs as written: "generation 0 network-id 1" ("" when there are none).
  const std::string& text() const { return text_; }
  bool operator==(const CandidateExtensions&) const = default;

 private:
  friend struct detail::CandidateExtensionsAccess;
  std::string text_;
};

// a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
//   [raddr <addr>] [rport <port>] *(SP <extension name> SP <extension value>)
// RFC 8839 §5.1. The address may be an mDNS name ("<uuid>.local", RFC 8839 §5.1 and
// draft-ietf-mmusic-mdns-ice-candidates). Extensions (generation, ufrag, network-id,
// network-cost, tcptype of RFC 6544) keep their order.
struct Candidate {
  static constexpr std::string_view kName = "candidate";
  std::string foundation;
  std::uint32_t component = 1;
  std::string transport;  // "udp", "UDP", "tcp"
  std::uint32_t priority = 0;
  std::string address;
  std::uint16_t port = 0;
  std::string type;  // "host", "srflx", "prflx", "relay"
  std::optional<std::string> related_address;
  std::optional<std::uint16_t> related_port;
  CandidateExtensions extensions;

  // extensions.find(name)
  std::optional<std::string_view> extension(std::string_view name) const {
    return extensions.find(name);
  }
  bool is_mdns() const;  // address ends in ".local"
  // The value as it follows "a=candidate:" (also the `candidate` field of a W3C
  // RTCIceCandidate, minus its "candidate:" prefix).
  std::string to_string() const;
  bool operator==(const Candidate&) const = default;
};

// a=fingerprint:<hash function> <hex with colons>  RFC 8122 §5
struct Fingerprint {
  static constexpr std::string_view kName = "fingerprint";
  std::string hash_function;  // "sha-256"
  std::string value;          // "AB:CD:..." as written
  bool operator==(const Fingerprint&) const = default;
};

// a=setup:<role>  RFC 4145 §4, RFC 8842 §5 (actpass, active, passive, holdconn)
struct Setup {
  static constexpr std::string_view kName = "setup";
  std::string role;
  bool operator==(const Setup&) const = default;
};

// a=sendrecv etc.  RFC 8866 §6.7
struct Direction {
  MediaDirection value = MediaDirection::sendrecv;
  bool operator==(const Direction&) const = default;
};

// a=sctp-port:<port>  RFC 8841 §5.1;  a=max-message-size:<bytes>  RFC 8841 §6.1
struct SctpPort {
  static constexpr std::string_view kName = "sctp-port";
  std::uint16_t port = 5000;
  bool operator==(const SctpPort&) const = default;
};
struct MaxMessageSize {
  static constexpr std::string_view kName = "max-message-size";
  std::uint64_t bytes = 65536;  // 0 means "no limit" (RFC 8841 §6.1)
  bool operator==(const MaxMessageSize&) const = default;
};

// a=tls-id:<id>  RFC 8842 §4;  a=identity:<assertion>  RFC 8827 §5
struct TlsId {
  static constexpr std::string_view kName = "tls-id";
  std::string value;
  bool operator==(const TlsId&) const = default;
};
struct Identity {
  static constexpr std::string_view kName = "identity";
  std::string value;
  bool operator==(const Identity&) const = default;
};

// Property attributes (no value).
struct RtcpMux {  // RFC 5761 §5.1.1
  static constexpr std::string_view kName = "rtcp-mux";
  bool operator==(const RtcpMux&) const = default;
};
struct RtcpMuxOnly {  // RFC 8858 §3
  static constexpr std::string_view kName = "rtcp-mux-only";
  bool operator==(const RtcpMuxOnly&) const = default;
};
struct RtcpRsize {  // RFC 5506 §5
  static constexpr std::string_view kName = "rtcp-rsize";
  bool operator==(const RtcpRsize&) const = default;
};
struct ExtmapAllowMixed {  // RFC 8285 §6
  static constexpr std::string_view kName = "extmap-allow-mixed";
  bool operator==(const ExtmapAllowMixed&) const = default;
};
struct IceLite {  // RFC 8839 §5.3
  static constexpr std::string_view kName = "ice-lite";
  bool operator==(const IceLite&) const = default;
};
struct EndOfCandidates {  // RFC 8840 §8.2
  static constexpr std::string_view kName = "end-of-candidates";
  bool operator==(const EndOfCandidates&) const = default;
};
struct BundleOnly {  // RFC 8843 §6
  static constexpr std::string_view kName = "bundle-only";
  bool operator==(const BundleOnly&) const = default;
};

// Any other attribute, kept verbatim: "a=name" (value nullopt) or "a=name:value".
struct GenericAttribute {
  std::string name;
  std::optional<std::string> value;
  bool operator==(const GenericAttribute&) const = default;
};

using Attribute = std::variant<GenericAttribute, Rtpmap, Fmtp, RtcpFb, Rtcp, Extmap, Mid, Group,
                               Msid, MsidSemantic, Ssrc, SsrcGroup, Rid, Simulcast, IceUfrag,
                               IcePwd, IceOptions, Candidate, Fingerprint, Setup, Direction,
                               SctpPort, MaxMessageSize, TlsId, Identity, RtcpMux, RtcpMuxOnly,
                               RtcpRsize, ExtmapAllowMixed, IceLite, EndOfCandidates, BundleOnly>;

// The attribute's name as written after "a=" ("rtpmap", "sendrecv", or a generic's name).
std::string_view attribute_name(const Attribute& attribute);

}  // namespace rtc::sdp
