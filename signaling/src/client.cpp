// The client's I/O. Reading order: Impl::connect() -> handshake() -> read_loop() ->
// on_event(); send_frame() for every byte out; drop() and schedule_reconnect() for the
// backoff.
#include "rtc/signaling/client.hpp"

#include <asio.hpp>
#include <cmath>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "rtc/common/random.hpp"
#include "rtc/signaling/http.hpp"
#include "rtc/signaling/websocket_frame.hpp"
#include "rtc/signaling/websocket_handshake.hpp"

namespace rtc::signaling {

using asio::ip::tcp;

const char* to_string(ClientState state) {
  switch (state) {
    case ClientState::connecting:
      return "connecting";
    case ClientState::open:
      return "open";
    case ClientState::waiting:
      return "waiting";
    case ClientState::closed:
      return "closed";
  }
  return "?";
}

// Handlers capture a plain `this`: they run only inside io.run() on the client's thread, which
// stop() joins before the Impl can go; handlers still queued then are destroyed with `io`.
struct Client::Impl {
  explicit Impl(ClientOptions o) : options(std::move(o)) {}

  ClientOptions options;
  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  tcp::resolver resolver{io};
  std::unique_ptr<tcp::socket> socket;
  asio::steady_timer timer{io};      // connect timeout, backoff
  asio::steady_timer keepalive{io};  // pings
  std::thread thread;
  SecureRandom random;  // masking keys must be unpredictable (§10.3)

  std::function<void(const std::string&)> message_cb;
  std::function<void(ClientState, std::string_view)> state_cb;
  ClientState state = ClientState::closed;
  bool stopping = false;
  int attempt = 0;
  std::uint64_t generation = 0;  // which connection a completion handler belongs to

  std::string key;  // Sec-WebSocket-Key of the current attempt
  std::string handshake_buffer;
  std::unique_ptr<ws::FrameParser> parser;
  std::array<std::uint8_t, 16 * 1024> read_buffer{};
  std::deque<Bytes> write_queue;
  bool writing = false;
  Timestamp last_receive{};

  std::string room, token;         // re-joined after every reconnect
  std::deque<std::string> outbox;  // messages sent while not open

  void set_state(ClientState s, std::string_view why) {
    state = s;
    if (state_cb) state_cb(s, why);
  }

  // ---- Connecting ------------------------------------------------------------------------

  void connect() {
    if (stopping) return;
    ++generation;
    set_state(ClientState::connecting, "");
    socket = std::make_unique<tcp::socket>(io);
    parser.reset();
    handshake_buffer.clear();
    write_queue.clear();
    writing = false;
    const auto gen = generation;
    timer.expires_after(options.connect_timeout);
    timer.async_wait([self = this, gen](const asio::error_code& ec) {
      if (!ec && gen == self->generation && self->state == ClientState::connecting) {
        self->drop("connect timeout");
      }
    });
    resolver.async_resolve(
        options.host, std::to_string(options.port),
        [self = this, gen](const asio::error_code& ec, tcp::resolver::results_type results) {
          if (gen != self->generation) return;
          if (ec) return self->drop("resolve: " + ec.message());
          asio::async_connect(*self->socket, results,
                              [self, gen](const asio::error_code& e, const tcp::endpoint&) {
                                if (gen != self->generation) return;
                                if (e) return self->drop("connect: " + e.message());
                                self->handshake();
                              });
        });
  }

  void handshake() {
    asio::error_code ignored;
    socket->set_option(tcp::no_delay(true), ignored);
    // §4.1: the opening handshake, with a fresh key every attempt.
    key = ws::make_client_key(random);
    const std::string host = options.host + ":" + std::to_string(options.port);
    const std::string request = ws::make_client_request(host, options.path, key, options.origin);
    write_queue.emplace_back(request.begin(), request.end());
    flush();
    read_loop();
  }

  void read_loop() {
    const auto gen = generation;
    socket->async_read_some(
        asio::buffer(read_buffer), [self = this, gen](const asio::error_code& ec, std::size_t n) {
          if (gen != self->generation) return;
          if (ec)
            return self->drop(ec == asio::error::eof ? "server closed the connection"
                                                     : ec.message());
          self->last_receive = now_steady();
          self->on_bytes(BytesView(self->read_buffer.data(), n));
          if (gen == self->generation) self->read_loop();
        });
  }

  void on_bytes(BytesView data) {
    if (!parser) {
      handshake_buffer.append(as_string_view(data));
      const std::size_t end = handshake_buffer.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (handshake_buffer.size() > 8192) drop("handshake response too large");
        return;
      }
      auto response =
          http::parse_response_head(std::string_view(handshake_buffer).substr(0, end + 4));
      if (!response) return drop("bad handshake response: " + response.error().to_string());
      if (auto ok = ws::validate_server_response(*response, key); !ok) {
        return drop("handshake refused: " + ok.error().message);
      }
      parser = std::make_unique<ws::FrameParser>(
          ws::ParserOptions{ws::Role::client, options.max_message_size});
      const std::string rest = handshake_buffer.substr(end + 4);
      handshake_buffer = std::string();
      timer.cancel();
      attempt = 0;
      on_open();
      if (!rest.empty()) parser->feed(as_bytes(rest));
    } else {
      parser->feed(data);
    }
    const auto gen = generation;
    while (parser && gen == generation) {
      auto event = parser->next();
      if (!event) break;
      on_event(*event);
    }
  }

  void on_open() {
    set_state(ClientState::open, "");
    if (!room.empty()) send_join();
    while (!outbox.empty()) {
      send_text(outbox.front());
      outbox.pop_front();
    }
    schedule_keepalive();
  }

  void on_event(ws::Event& event) {
    if (auto* m = std::get_if<ws::Message>(&event)) {
      if (!m->binary && message_cb) message_cb(m->data);
    } else if (auto* ping = std::get_if<ws::Ping>(&event)) {
      send_frame(ws::Opcode::pong, ping->payload);  // §5.5.3
    } else if (auto* close = std::get_if<ws::Close>(&event)) {
      // §5.5.1: answer, then the server closes TCP (§7.1.1). We go away and come back.
      send_frame(ws::Opcode::close, close->info.code == ws::close_code::no_status
                                        ? Bytes{}
                                        : ws::close_payload(close->info.code));
      drop_after_flush("server closed with " + std::to_string(close->info.code));
    } else if (auto* failure = std::get_if<ws::Failure>(&event)) {
      send_frame(ws::Opcode::close, ws::close_payload(failure->code, failure->reason));
      drop_after_flush("protocol error: " + failure->reason);
    }
  }

  void schedule_keepalive() {
    const auto gen = generation;
    keepalive.expires_after(options.ping_interval);
    keepalive.async_wait([self = this, gen](const asio::error_code& ec) {
      if (ec || gen != self->generation || self->state != ClientState::open) return;
      if (now_steady() - self->last_receive > 2 * self->options.ping_interval) {
        return self->drop("server silent");  // half-open: no pong to our pings
      }
      self->send_frame(ws::Opcode::ping, {});
      self->schedule_keepalive();
    });
  }

  // ---- Sending ---------------------------------------------------------------------------

  void send_join() {
    nlohmann::json j = {{"type", "join"}, {"room", room}};
    if (!token.empty()) j["token"] = token;
    send_text(j.dump());
  }

  void send_text(std::string_view text) { send_frame(ws::Opcode::text, as_bytes(text)); }

  void send_frame(ws::Opcode op, BytesView payload) {
    if (!socket) return;
    // §5.3: "The masking key needs to be unpredictable"; a fresh one for every frame.
    ws::MaskKey mask;
    random.fill(mask);
    write_queue.push_back(ws::encode_frame(op, payload, true, &mask));
    flush();
  }

  void flush() {
    if (writing || write_queue.empty() || !socket) return;
    writing = true;
    const auto gen = generation;
    asio::async_write(*socket, asio::buffer(write_queue.front()),
                      [self = this, gen](const asio::error_code& ec, std::size_t) {
                        if (gen != self->generation) return;
                        self->writing = false;
                        if (ec) return self->drop("write: " + ec.message());
                        self->write_queue.pop_front();
                        self->flush();
                      });
  }

  void send_from_user(std::string json) {
    if (state == ClientState::open) return send_text(json);
    if (outbox.size() < options.max_queued_messages) outbox.push_back(std::move(json));
  }

  // ---- Disconnecting and backoff ---------------------------------------------------------

  void drop_after_flush(std::string why) {
    // Give the Close frame a moment to leave, then go.
    const auto gen = generation;
    timer.expires_after(std::chrono::milliseconds(100));
    timer.async_wait([self = this, gen, why](const asio::error_code& ec) {
      if (!ec && gen == self->generation) self->drop(why);
    });
    parser.reset();  // nothing more is read from this connection
  }

  void drop(std::string why) {
    ++generation;  // every handler of the old connection becomes a no-op
    if (socket) {
      asio::error_code ignored;
      socket->close(ignored);
    }
    keepalive.cancel();
    parser.reset();
    if (stopping) {
      // Whichever path got here (our timer, the server's Close, EOF), this is the end: let
      // io.run() return.
      timer.cancel();
      work.reset();
      if (state != ClientState::closed) set_state(ClientState::closed, why);
      return;
    }
    ++attempt;
    if (options.max_attempts > 0 && attempt > options.max_attempts) {
      return set_state(ClientState::closed, "gave up: " + why);
    }
    // Exponential backoff with jitter: initial * 2^(attempt-1), capped, times [0.5, 1).
    const double base = std::min<double>(static_cast<double>(options.max_backoff.count()),
                                         static_cast<double>(options.initial_backoff.count()) *
                                             std::pow(2.0, std::min(attempt - 1, 20)));
    const auto delay =
        std::chrono::milliseconds(static_cast<std::int64_t>(base * random.uniform_real(0.5, 1.0)));
    set_state(ClientState::waiting, why);
    const auto gen = generation;
    timer.expires_after(delay);
    timer.async_wait([self = this, gen](const asio::error_code& ec) {
      if (!ec && gen == self->generation) self->connect();
    });
  }

  void shutdown() {
    stopping = true;
    if (state == ClientState::open && socket) {
      send_frame(ws::Opcode::close, ws::close_payload(ws::close_code::normal));
      const auto gen = generation;
      timer.expires_after(std::chrono::milliseconds(200));
      timer.async_wait([self = this, gen](const asio::error_code& ec) {
        if (!ec && gen == self->generation) self->finish();
      });
      // The server answers with its Close and closes TCP: read_loop sees EOF and drop()s.
      return;
    }
    finish();
  }

  void finish() { drop("stopped"); }
};

Client::Client(ClientOptions options) : impl_(std::make_shared<Impl>(std::move(options))) {}

Client::~Client() {
  stop();
}

void Client::on_message(std::function<void(const std::string&)> callback) {
  impl_->message_cb = std::move(callback);
}

void Client::on_state(std::function<void(ClientState, std::string_view)> callback) {
  impl_->state_cb = std::move(callback);
}

void Client::start() {
  if (impl_->thread.joinable()) return;
  impl_->work.emplace(impl_->io.get_executor());
  asio::post(impl_->io, [impl = impl_.get()] { impl->connect(); });
  impl_->thread = std::thread([impl = impl_.get()] {
    impl->io.run();
    if (impl->state != ClientState::closed) impl->set_state(ClientState::closed, "stopped");
  });
}

void Client::stop() {
  if (!impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_.get()] { impl->shutdown(); });
  impl_->thread.join();
}

void Client::send(std::string json) {
  asio::post(impl_->io, [impl = impl_.get(), json = std::move(json)]() mutable {
    impl->send_from_user(std::move(json));
  });
}

void Client::join(std::string room, std::string token) {
  asio::post(impl_->io, [impl = impl_.get(), room = std::move(room), token = std::move(token)] {
    impl->room = room;
    impl->token = token;
    if (impl->state == ClientState::open) impl->send_join();
  });
}

}  // namespace rtc::signaling
