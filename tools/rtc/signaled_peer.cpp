// SignaledPeer: the signaling messages of signaling/PROTOCOL.md turned into PeerConnection
// calls, and back.
#include "signaled_peer.hpp"

#include <nlohmann/json.hpp>

namespace rtc::cli {

using nlohmann::json;

struct SignaledPeer::Impl : std::enable_shared_from_this<SignaledPeer::Impl> {
  explicit Impl(SignaledPeerOptions o) : options(std::move(o)) {}

  SignaledPeerOptions options;
  std::unique_ptr<signaling::Client> client;
  std::shared_ptr<const dtls::Identity> identity;

  mutable std::mutex mutex;  // guards everything below
  std::condition_variable changed;
  std::unique_ptr<net::PeerRunner> runner;
  std::string my_id, remote;
  std::optional<std::uint16_t> channel;
  bool channel_open = false;

  void log(const std::string& line) {
    if (options.log) options.log(line);
  }

  void send_to_remote(json message) {
    std::string to;
    {
      std::lock_guard lock(mutex);
      to = remote;
    }
    if (to.empty()) return;
    message["to"] = to;
    client->send(message.dump());
  }

  // A fresh PeerConnection on fresh sockets; the previous one (if any) is closed first.
  void new_connection(std::unique_lock<std::mutex>& lock) {
    std::unique_ptr<net::PeerRunner> old = std::move(runner);
    channel.reset();
    channel_open = false;
    lock.unlock();
    if (old) old->stop();  // outside the lock: its loop thread may be waiting for it
    lock.lock();

    peer::Configuration config;
    config.identity = identity;
    config.stun_servers = options.stun_servers;
    config.turn_servers = options.turn_servers;
    config.trace = options.trace;
    config.keylog = options.keylog;
    config.rtp_packet_events = options.echo;
    net::PeerRunnerOptions r;
    r.bind = options.bind;
    r.interfaces.loopback = true;
    r.pcap = options.pcap;
    r.pcap_received = options.pcap_received;
    std::weak_ptr<Impl> weak = weak_from_this();
    r.on_event = [weak](peer::PeerConnection& pc, const peer::Event& e) {
      if (auto self = weak.lock()) self->on_event(pc, e);
    };
    runner = std::make_unique<net::PeerRunner>(std::move(config), std::move(r));
    auto bound = runner->start();
    if (!bound) {
      log("cannot start: " + bound.error().to_string());
      runner.reset();
      return;
    }
    std::string addresses;
    for (const auto& a : *bound) addresses += " " + a.to_string();
    log("UDP sockets on" + addresses);
  }

  void post(std::function<void(peer::PeerConnection&, Timestamp)> job) {
    std::lock_guard lock(mutex);
    if (runner) runner->post(std::move(job));
  }

  void start_offer(const std::string& to) {
    {
      std::unique_lock lock(mutex);
      remote = to;
      new_connection(lock);
    }
    log("offering to " + to);
    std::weak_ptr<Impl> weak = weak_from_this();
    post([weak](peer::PeerConnection& pc, Timestamp now) {
      auto self = weak.lock();
      if (!self) return;
      const auto& o = self->options;
      if (o.audio) (void)pc.add_transceiver(peer::MediaKind::audio);
      if (o.video) {
        auto mid = pc.add_transceiver(peer::MediaKind::video);
        // W3C setCodecPreferences: only this codec (and its RTX) in the offer.
        if (mid && !o.video_codec.empty()) (void)pc.set_codec_preferences(*mid, {o.video_codec});
      }
      if (o.data_channel || (!o.audio && !o.video)) {
        if (auto id = pc.create_data_channel(now, "chat")) {
          std::lock_guard lock(self->mutex);
          self->channel = *id;
        }
      }
      auto offer = pc.create_offer();
      if (!offer) return self->log("create_offer: " + offer.error().to_string());
      if (auto r = pc.set_local_description(now, *offer); !r) {
        return self->log("set_local_description: " + r.error().to_string());
      }
      self->send_to_remote({{"type", "offer"}, {"sdp", offer->sdp}});
    });
  }

  void on_offer(const std::string& from, const std::string& sdp) {
    {
      std::unique_lock lock(mutex);
      remote = from;
      new_connection(lock);
    }
    log("answering " + from);
    std::weak_ptr<Impl> weak = weak_from_this();
    post([weak, sdp](peer::PeerConnection& pc, Timestamp now) {
      auto self = weak.lock();
      if (!self) return;
      if (auto r = pc.set_remote_description(now, {peer::SdpType::offer, sdp}); !r) {
        return self->log("set_remote_description(offer): " + r.error().to_string());
      }
      auto answer = pc.create_answer();
      if (!answer) return self->log("create_answer: " + answer.error().to_string());
      if (auto r = pc.set_local_description(now, *answer); !r) {
        return self->log("set_local_description: " + r.error().to_string());
      }
      self->send_to_remote({{"type", "answer"}, {"sdp", answer->sdp}});
    });
  }

  void on_message(const std::string& text) {
    json m = json::parse(text, nullptr, false);
    if (m.is_discarded() || !m.is_object()) return;
    const std::string type = m.value("type", "");
    const std::string from = m.value("from", "");
    std::string current;
    {
      std::lock_guard lock(mutex);
      current = remote;
    }
    if (type == "joined") {
      {
        std::lock_guard lock(mutex);
        my_id = m.value("id", "");
      }
      log("joined room \"" + m.value("room", "") + "\" as " + m.value("id", ""));
      if (options.offer && m.contains("peers") && m["peers"].is_array() && !m["peers"].empty() &&
          m["peers"][0].is_string()) {
        start_offer(m["peers"][0].get<std::string>());
      }
    } else if (type == "peer-joined") {
      log(m.value("id", "") + " joined the room");
      if (options.offer && current.empty()) start_offer(m.value("id", ""));
    } else if (type == "offer" && m.contains("sdp") && m["sdp"].is_string()) {
      on_offer(from, m["sdp"].get<std::string>());
    } else if (type == "answer" && from == current && m.contains("sdp") && m["sdp"].is_string()) {
      log("answer from " + from);
      std::weak_ptr<Impl> weak = weak_from_this();
      post([weak, sdp = m["sdp"].get<std::string>()](peer::PeerConnection& pc, Timestamp now) {
        auto self = weak.lock();
        if (!self) return;
        if (auto r = pc.set_remote_description(now, {peer::SdpType::answer, sdp}); !r) {
          self->log("set_remote_description(answer): " + r.error().to_string());
        }
      });
    } else if (type == "candidate" && from == current && m.contains("candidate")) {
      // RTCIceCandidate.toJSON() ({candidate, sdpMid, sdpMLineIndex}) or a bare string.
      const json& c = m["candidate"];
      std::string candidate, mid;
      if (c.is_string()) {
        candidate = c.get<std::string>();
      } else if (c.is_object()) {
        if (c.contains("candidate") && c["candidate"].is_string()) candidate = c["candidate"];
        if (c.contains("sdpMid") && c["sdpMid"].is_string()) mid = c["sdpMid"];
      } else if (c.is_null()) {
        candidate.clear();  // end of candidates
      } else {
        return;
      }
      post([candidate, mid](peer::PeerConnection& pc, Timestamp now) {
        (void)pc.add_ice_candidate(now, candidate, mid);
      });
    } else if ((type == "bye" && from == current) ||
               (type == "peer-left" && m.value("id", "") == current && !current.empty())) {
      log(current + " left; waiting for the next peer");
      std::unique_ptr<net::PeerRunner> old;
      {
        std::lock_guard lock(mutex);
        old = std::move(runner);
        remote.clear();
        channel.reset();
        channel_open = false;
      }
      if (old) old->stop();
    }
  }

  void on_event(peer::PeerConnection& pc, const peer::Event& e) {
    const Timestamp now = now_steady();
    if (auto* c = std::get_if<peer::event::LocalCandidate>(&e)) {
      send_to_remote(
          {{"type", "candidate"},
           {"candidate",
            {{"candidate", c->candidate}, {"sdpMid", c->mid}, {"sdpMLineIndex", c->mline_index}}}});
    } else if (auto* s = std::get_if<peer::event::ConnectionStateChanged>(&e)) {
      log(std::string("connection ") + peer::to_string(s->state));
    } else if (auto* o = std::get_if<peer::event::DataChannelOpen>(&e)) {
      log("data channel \"" + o->label + "\" open" + (o->remote ? " (opened by the peer)" : ""));
      std::lock_guard lock(mutex);
      if (!channel || o->id == *channel) channel = o->id;
      channel_open = true;
      changed.notify_all();
    } else if (auto* msg = std::get_if<peer::event::DataChannelMessage>(&e)) {
      if (options.echo) {
        if (msg->binary) {
          (void)pc.send_binary(now, msg->id, msg->data);
        } else {
          (void)pc.send_text(
              now, msg->id,
              std::string_view(reinterpret_cast<const char*>(msg->data.data()), msg->data.size()));
        }
      }
    } else if (auto* t = std::get_if<peer::event::Track>(&e)) {
      log(std::string("remote ") + std::string(sdp::to_string(t->kind)) + " track on mid " +
          t->mid);
    } else if (auto* rtp = std::get_if<peer::event::RtpPacket>(&e)) {
      if (options.echo) (void)pc.send_rtp(now, rtp->mid, rtp->packet);
    } else if (auto* k = std::get_if<peer::event::KeyframeRequest>(&e)) {
      // Our echoed stream is the peer's own: its keyframe request goes back to its encoder.
      if (options.echo) (void)pc.request_keyframe(now, k->mid);
    }
    if (options.on_event) options.on_event(pc, e);
  }
};

SignaledPeer::SignaledPeer(SignaledPeerOptions options)
    : impl_(std::make_shared<Impl>(std::move(options))) {}

SignaledPeer::~SignaledPeer() {
  stop();
}

void SignaledPeer::start() {
  auto& s = *impl_;
  auto identity = dtls::Identity::generate(std::chrono::system_clock::now(), s.options.name);
  if (identity) s.identity = *identity;
  signaling::ClientOptions c;
  c.host = s.options.signal_host;
  c.port = s.options.signal_port;
  c.path = s.options.signal_path;
  s.client = std::make_unique<signaling::Client>(c);
  std::weak_ptr<Impl> weak = impl_;
  s.client->on_message([weak](const std::string& text) {
    if (auto self = weak.lock()) self->on_message(text);
  });
  s.client->on_state([weak](signaling::ClientState state, std::string_view why) {
    auto self = weak.lock();
    if (!self) return;
    self->log(std::string("signaling ") + signaling::to_string(state) +
              (why.empty() ? "" : " (" + std::string(why) + ")"));
  });
  s.client->start();
  s.client->join(s.options.room);
}

void SignaledPeer::stop() {
  auto& s = *impl_;
  std::unique_ptr<net::PeerRunner> runner;
  {
    std::lock_guard lock(s.mutex);
    runner = std::move(s.runner);
  }
  if (runner) runner->stop();
  if (s.client) {
    s.client->stop();
    s.client.reset();
  }
}

void SignaledPeer::post(std::function<void(peer::PeerConnection&, Timestamp)> job) {
  impl_->post(std::move(job));
}

bool SignaledPeer::wait_connected(Duration timeout) {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [&] { return impl_->channel_open; });
}

std::optional<std::uint16_t> SignaledPeer::channel() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->channel;
}

std::string SignaledPeer::remote_id() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->remote;
}

}  // namespace rtc::cli
