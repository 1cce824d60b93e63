// The SDP data model (RFC 8866 §5): a session description with its media descriptions.
//
// This is the typed form a person edits; parser.hpp turns text into it and serializer.hpp
// turns it back. Field order follows the grammar of RFC 8866 §9:
//   v= o= s= [i=] [u=] *e= *p= [c=] *b= 1*(t= *r=) [z=] [k=] *a=  *(m= [i=] *c= *b= [k=] *a=)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/sdp/attributes.hpp"

namespace rtc::sdp {

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>  §5.2
struct Origin {
  std::string username = "-";
  std::string session_id = "0";  // digits; kept as text because browsers use 64-bit values
  std::uint64_t session_version = 0;
  std::string network_type = "IN";
  std::string address_type = "IP4";
  std::string address = "127.0.0.1";
  bool operator==(const Origin&) const = default;
};

// c=<nettype> <addrtype> <connection-address>  §5.7 (address may carry /ttl[/count])
struct Connection {
  std::string network_type = "IN";
  std::string address_type = "IP4";
  std::string address = "0.0.0.0";
  bool operator==(const Connection&) const = default;
};

// b=<bwtype>:<bandwidth>  §5.8 (CT, AS; TIAS from RFC 3890)
struct Bandwidth {
  std::string type;
  std::uint64_t value = 0;
  bool operator==(const Bandwidth&) const = default;
};

// t=<start-time> <stop-time> followed by its r= lines  §5.9, §5.10
struct Timing {
  std::uint64_t start = 0;
  std::uint64_t stop = 0;
  std::vector<std::string> repeats;  // each r= value verbatim ("7d 1h 0 25h")
  bool operator==(const Timing&) const = default;
};

// The attribute list shared by session and media levels, with typed look-ups.
struct AttributeList {
  std::vector<Attribute> attributes;

  // First attribute of type T, or nullptr.
  template <class T>
  const T* find() const {
    for (const auto& a : attributes) {
      if (const T* t = std::get_if<T>(&a)) return t;
    }
    return nullptr;
  }
  template <class T>
  T* find() {
    for (auto& a : attributes) {
      if (T* t = std::get_if<T>(&a)) return t;
    }
    return nullptr;
  }
  // Every attribute of type T, in order.
  template <class T>
  std::vector<const T*> find_all() const {
    std::vector<const T*> out;
    for (const auto& a : attributes) {
      if (const T* t = std::get_if<T>(&a)) out.push_back(t);
    }
    return out;
  }
  template <class T>
  bool has() const {
    return find<T>() != nullptr;
  }
  // A generic attribute by name ("a=x-google-flag:conference"), or nullptr.
  const GenericAttribute* find_generic(std::string_view name) const;
  void add(Attribute attribute) { attributes.push_back(std::move(attribute)); }
  // Removes every attribute of type T; returns how many were removed.
  template <class T>
  std::size_t remove_all() {
    return std::erase_if(attributes,
                         [](const Attribute& a) { return std::holds_alternative<T>(a); });
  }
  // Without this, the defaulted operator== of the derived MediaDescription and
  // SessionDescription would be deleted (a defaulted == compares base classes too).
  bool operator==(const AttributeList&) const = default;
};

// m=<media> <port>[/<number of ports>] <proto> <fmt> ...  §5.14
struct MediaDescription : AttributeList {
  std::string type = "audio";  // audio, video, text, application, message
  std::uint16_t port = 9;
  std::optional<std::uint16_t> port_count;
  std::string protocol = "UDP/TLS/RTP/SAVPF";
  std::vector<std::string> formats;  // payload types for RTP, "webrtc-datachannel" for SCTP
  std::optional<std::string> title;  // i=
  std::vector<Connection> connections;
  std::vector<Bandwidth> bandwidths;
  std::optional<std::string> key;  // k= (obsolete, §5.12; kept verbatim)

  // Convenience look-ups for the attributes JSEP cares about.
  std::optional<std::string_view> mid() const;
  MediaDirection direction() const;  // sendrecv when no direction attribute is present
  const Rtpmap* rtpmap(std::uint8_t payload_type) const;
  const Fmtp* fmtp(std::uint8_t payload_type) const;
  bool operator==(const MediaDescription&) const = default;
};

struct SessionDescription : AttributeList {
  int version = 0;  // v=0, the only version (§5.1)
  Origin origin;
  std::string session_name = "-";
  std::optional<std::string> information;  // i=
  std::optional<std::string> uri;          // u=
  std::vector<std::string> emails;         // e=
  std::vector<std::string> phones;         // p=
  std::optional<Connection> connection;    // c=
  std::vector<Bandwidth> bandwidths;       // b=
  std::vector<Timing> timings{Timing{}};   // t= (at least one) with r=
  std::optional<std::string> time_zones;   // z= verbatim
  std::optional<std::string> key;          // k= verbatim
  std::vector<MediaDescription> media;

  // The media section with a=mid:<mid>, or nullptr.
  const MediaDescription* find_media(std::string_view mid) const;
  bool operator==(const SessionDescription&) const = default;
};

}  // namespace rtc::sdp
