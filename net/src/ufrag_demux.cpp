// UfragDemux: route by USERNAME, then by the remote address learned from it.
#include "rtc/net/ufrag_demux.hpp"

#include <algorithm>

#include "rtc/stun/demux.hpp"
#include "rtc/stun/message.hpp"

namespace rtc::net {

void UfragDemux::add(Id id, const std::string& local_ufrag) {
  by_ufrag_[local_ufrag] = id;
}

void UfragDemux::remove(Id id) {
  std::erase_if(by_ufrag_, [id](const auto& e) { return e.second == id; });
  for (auto it = by_address_.begin(); it != by_address_.end();) {
    if (it->second == id) {
      learned_at_.erase(it->first);
      it = by_address_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<UfragDemux::Id> UfragDemux::route(const SocketAddress& from, BytesView datagram) {
  if (stun::classify_packet(datagram) == stun::PacketKind::stun) {
    if (auto message = stun::MessageView::parse(datagram)) {
      if (auto username = message->username()) {
        // RFC 8445 §7.2.2: USERNAME = "<receiver's ufrag>:<sender's ufrag>".
        const auto colon = username->find(':');
        auto it = by_ufrag_.find(std::string(username->substr(0, colon)));
        if (it != by_ufrag_.end()) {
          if (by_address_.size() >= max_addresses_ && !by_address_.contains(from)) {
            auto oldest =
                std::min_element(learned_at_.begin(), learned_at_.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
            by_address_.erase(oldest->first);
            learned_at_.erase(oldest);
          }
          by_address_[from] = it->second;
          learned_at_[from] = ++learn_counter_;
          return it->second;
        }
      }
    }
  }
  // Responses to our own checks and STUN/TURN server traffic carry no USERNAME of ours: the
  // address decides, as for everything else.
  auto it = by_address_.find(from);
  if (it == by_address_.end()) return std::nullopt;
  return it->second;
}

}  // namespace rtc::net
