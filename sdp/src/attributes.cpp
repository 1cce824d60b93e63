// Helpers on the typed attributes of attributes.hpp: direction names, attribute names, and the
// key=value view of a=fmtp parameters.
#include "rtc/sdp/attributes.hpp"

#include "text.hpp"

namespace rtc::sdp {

// RFC 8866 §6.7.1-§6.7.4
std::string_view to_string(MediaDirection d) {
  switch (d) {
    case MediaDirection::sendrecv:
      return "sendrecv";
    case MediaDirection::sendonly:
      return "sendonly";
    case MediaDirection::recvonly:
      return "recvonly";
    case MediaDirection::inactive:
      return "inactive";
  }
  return "sendrecv";
}

std::optional<MediaDirection> parse_media_direction(std::string_view s) {
  // Attribute names are case-sensitive (RFC 8866 §5.13), so only the lower-case spellings.
  if (s == "sendrecv") return MediaDirection::sendrecv;
  if (s == "sendonly") return MediaDirection::sendonly;
  if (s == "recvonly") return MediaDirection::recvonly;
  if (s == "inactive") return MediaDirection::inactive;
  return std::nullopt;
}

std::string_view attribute_name(const Attribute& attribute) {
  return std::visit(
      [](const auto& a) -> std::string_view {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, GenericAttribute>) {
          return a.name;
        } else if constexpr (std::is_same_v<T, Direction>) {
          return to_string(a.value);
        } else {
          return T::kName;
        }
      },
      attribute);
}

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls f(key, value) for each ';'-separated parameter. Most fmtp values are key=value lists
// (RFC 7587 §6.1 opus, RFC 6184 §8.1 H.264); some are not (RED's "111/111", RFC 2198 §5), and
// those come out as one key with an empty value.
template <class F>
void for_each_parameter(std::string_view parameters, F&& f) {
  while (!parameters.empty()) {
    const std::size_t semicolon = parameters.find(';');
    const std::string_view item = trim(parameters.substr(0, semicolon));
    parameters =
        semicolon == std::string_view::npos ? std::string_view{} : parameters.substr(semicolon + 1);
    if (item.empty()) continue;
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      if (f(item, std::string_view{})) return;
    } else if (f(trim(item.substr(0, equals)), trim(item.substr(equals + 1)))) {
      return;
    }
  }
}
}  // namespace

std::vector<std::pair<std::string, std::string>> Fmtp::parameter_list() const {
  std::vector<std::pair<std::string, std::string>> out;
  for_each_parameter(parameters, [&](std::string_view key, std::string_view value) {
    out.emplace_back(std::string(key), std::string(value));
    return false;
  });
  return out;
}

std::optional<std::string> Fmtp::parameter(std::string_view key) const {
  // Media type parameter names are case-insensitive (RFC 6838 §4.3).
  std::optional<std::string> found;
  for_each_parameter(parameters, [&](std::string_view k, std::string_view value) {
    if (!detail::iequals(k, key)) return false;
    found.emplace(value);
    return true;
  });
  return found;
}

}  // namespace rtc::sdp
