// The signaling server's I/O. Reading order: Impl::accept(), on_readable() (bytes in),
// handle_http() (the upgrade), handle_frames() (RFC 6455 events), deliver() (bytes out),
// tick() (every timer), begin_stop() (graceful shutdown).
//
// Memory per connection is the thing to watch with 10,000 clients: an idle connection owns
// no read buffer (we wait for readability and then read into one buffer shared by all, the
// loop being single-threaded), its parsers hold nothing between messages, and its send queue
// holds shared, already-framed messages (a message to a room is framed once).
#include "rtc/signaling/server.hpp"

#include <array>
#include <asio.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <span>
#include <thread>
#include <unordered_map>

#include "rtc/common/random.hpp"
#include "rtc/signaling/http.hpp"
#include "rtc/signaling/socketio.hpp"
#include "rtc/signaling/websocket_frame.hpp"
#include "rtc/signaling/websocket_handshake.hpp"

namespace rtc::signaling {

using asio::ip::tcp;
using Frame = std::shared_ptr<const Bytes>;

namespace {

enum class Phase : std::uint8_t {
  http,       // reading HTTP requests (static files, or the upgrade)
  websocket,  // open (RFC 6455 §4.2.2 "the WebSocket connection is established")
  closing,    // a Close was sent or received (§7.1.2); waiting for the handshake to end
};

Frame make_frame(ws::Opcode op, std::string_view payload) {
  return std::make_shared<const Bytes>(ws::encode_frame(op, as_bytes(payload)));
}

}  // namespace

struct Connection : std::enable_shared_from_this<Connection> {
  Connection(tcp::socket s, PeerId peer_id, Timestamp now, const ServerOptions& o)
      : socket(std::move(s)),
        id(peer_id),
        last_receive(now),
        limiter(o.max_messages_per_second, o.message_burst) {}

  tcp::socket socket;
  PeerId id;
  Phase phase = Phase::http;
  bool socketio = false;
  bool closed = false;   // socket closed, connection forgotten
  bool writing = false;  // the socket's buffer is full: waiting until it is writable
  bool shutdown_after_flush = false;
  bool flush_scheduled = false;  // in Server::to_flush, written when the current read is done
  bool close_sent = false;
  bool awaiting_pong = false;  // Engine.IO: a ping is out
  bool keep_alive = true;      // HTTP persistent connection (RFC 9112 §9.3)

  http::RequestParser http;
  std::unique_ptr<ws::FrameParser> frames;  // after the upgrade
  std::unique_ptr<sio::Session> session;    // Socket.IO connections only
  std::string socket_sid;

  std::vector<Frame> pending;      // queued, not yet (all) taken by the socket
  std::size_t pending_offset = 0;  // bytes of pending.front() already written
  std::size_t queued_bytes = 0;

  Timestamp last_receive;
  Timestamp last_ping{};
  Timestamp closing_since{};
  RateLimiter limiter;
};
using ConnectionPtr = std::shared_ptr<Connection>;

struct Server::Impl {
  explicit Impl(ServerOptions o)
      : options(std::move(o)), rooms(options.rooms), acceptor(io), ticker(io), retry(io) {}

  ServerOptions options;
  RoomRegistry rooms;
  asio::io_context io{1};  // one thread: the concurrency hint lets asio skip its locks
  // While one read is handled (`reading`), the connections it queued frames for; written when
  // the read is done (enqueue, on_readable).
  std::vector<ConnectionPtr> to_flush;
  bool reading = false;
  tcp::acceptor acceptor;
  asio::steady_timer ticker;
  asio::steady_timer retry;  // accept() after EMFILE
  std::unique_ptr<asio::signal_set> signals;
  std::unordered_map<PeerId, ConnectionPtr> connections;
  std::array<std::uint8_t, 64 * 1024> read_buffer{};  // shared by all: see the file comment
  SecureRandom random;
  bool stopping = false;
  Timestamp stop_deadline{};
  std::thread thread;
  std::mutex thread_mutex;
  std::atomic<std::uint16_t> bound_port{0};

  // Statistics, read from other threads.
  std::atomic<std::size_t> stat_connections{0}, stat_websockets{0}, stat_rooms{0};
  std::atomic<std::uint64_t> stat_in{0}, stat_out{0}, stat_slow{0};

  void log(std::string_view what) {
    if (options.log) options.log(what);
  }

  // ---- Accepting -------------------------------------------------------------------------

  void accept() {
    acceptor.async_accept([this](const asio::error_code& ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || stopping) return;
      if (ec) {
        // Out of file descriptors (EMFILE) or similar: try again shortly instead of spinning.
        log("accept failed: " + ec.message());
        retry.expires_after(std::chrono::milliseconds(100));
        retry.async_wait([this](const asio::error_code& e) {
          if (!e && !stopping) accept();
        });
        return;
      }
      if (connections.size() >= options.max_connections) {
        asio::error_code ignored;
        socket.close(ignored);
      } else {
        on_accepted(std::move(socket));
      }
      accept();
    });
  }

  void on_accepted(tcp::socket socket) {
    asio::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);  // signaling messages are small and urgent
    socket.non_blocking(true, ec);
    if (ec) return;
    const PeerId id = rooms.connect();
    auto c = std::make_shared<Connection>(std::move(socket), id, now_steady(), options);
    connections.emplace(id, c);
    stat_connections = connections.size();
    wait_readable(c);
  }

  // ---- Reading ---------------------------------------------------------------------------

  void wait_readable(const ConnectionPtr& c) {
    c->socket.async_wait(tcp::socket::wait_read, [this, c](const asio::error_code& ec) {
      if (c->closed) return;
      if (ec) return finish(c);
      on_readable(c);
    });
  }

  void on_readable(const ConnectionPtr& c) {
    asio::error_code ec;
    const std::size_t n = c->socket.read_some(asio::buffer(read_buffer), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) return wait_readable(c);
    if (ec) return finish(c);  // EOF or reset; in the open phase that is 1006 (§7.1.5)
    c->last_receive = now_steady();
    const BytesView data(read_buffer.data(), n);
    // What this read makes us send is queued and written once it is all handled (enqueue): a
    // read that holds several messages for one receiver becomes one system call for it.
    reading = true;
    if (c->phase == Phase::http) {
      handle_http(c, data);
    } else if (c->frames) {
      c->frames->feed(data);
      handle_frames(c);
    }  // else: an HTTP connection that is closing; what it sends is discarded
    reading = false;
    flush_scheduled_connections();
    if (!c->closed) wait_readable(c);
  }

  // ---- HTTP and the upgrade --------------------------------------------------------------

  void respond_and_close(const ConnectionPtr& c, int status, std::string_view body,
                         std::vector<http::Header> headers = {}) {
    headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
    headers.push_back({"Connection", "close"});
    send_raw(c, http::make_response(status, headers, body));
    c->phase = Phase::closing;
    c->closing_since = now_steady();
    c->shutdown_after_flush = true;
    flush(c);
  }

  void handle_http(const ConnectionPtr& c, BytesView data) {
    // A loop: one read may hold several pipelined requests (RFC 9112 §9.3.2).
    for (BytesView input = data; c->phase == Phase::http && !c->closed; input = {}) {
      auto request = c->http.feed(input);
      if (!request) {
        return respond_and_close(c, c->http.error_status(), request.error().to_string() + "\n");
      }
      if (!*request) return;  // need more bytes
      const http::Request& r = **request;
      const std::string_view path = r.path();
      if (path == "/ws" || path == "/socket.io/" || path == "/socket.io") {
        return upgrade(c, r, path != "/ws");
      }
      serve_file(c, r);
    }
  }

  void upgrade(const ConnectionPtr& c, const http::Request& r, bool socketio) {
    if (socketio) {
      // Only Engine.IO v4's WebSocket transport; the JSON below is engine.io's own error shape.
      if (r.query_param("EIO") != "4") {
        return respond_and_close(c, 400, R"({"code":5,"message":"Unsupported protocol version"})");
      }
      if (r.query_param("transport") != "websocket") {
        return respond_and_close(c, 400, R"({"code":0,"message":"Transport unknown"})");
      }
    }
    if (!ws::wants_websocket(r)) {
      // RFC 9110 §15.5.22: 426 names the protocol to upgrade to.
      return respond_and_close(c, 426, "this resource speaks WebSocket only\n",
                               {{"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"}});
    }
    ws::UpgradeResult verdict = ws::validate_upgrade(r, {options.allowed_origins});
    if (verdict.status != 101) {
      log("refused upgrade: " + verdict.reason);
      send_raw(c, std::move(verdict.response));
      c->phase = Phase::closing;
      c->closing_since = now_steady();
      c->shutdown_after_flush = true;
      return flush(c);
    }
    send_raw(c, std::move(verdict.response));
    c->phase = Phase::websocket;
    c->socketio = socketio;
    c->frames = std::make_unique<ws::FrameParser>(
        ws::ParserOptions{ws::Role::server, options.max_message_size});
    ++stat_websockets;
    if (socketio) {
      c->session = std::make_unique<sio::Session>();
      c->socket_sid = random.token(20, kSidChars);
      const auto ping_ms = [](milliseconds d) { return static_cast<int>(d.count()); };
      send_text(
          c, sio::encode_open({random.token(20, kSidChars), ping_ms(options.socketio_ping_interval),
                               ping_ms(options.socketio_ping_timeout), options.max_message_size}));
      c->last_ping = now_steady();
    }
    // Frames the client sent right behind its request (it may, §4.1) are already here.
    const std::string rest = c->http.take_rest();
    c->http = http::RequestParser();  // release its buffer
    if (!rest.empty()) {
      c->frames->feed(as_bytes(rest));
      handle_frames(c);
    }
  }

  static constexpr std::string_view kSidChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  void serve_file(const ConnectionPtr& c, const http::Request& r) {
    c->keep_alive = r.version_minor >= 1 && !r.has_token("Connection", "close");
    const bool head = r.method == "HEAD";
    if (r.method != "GET" && !head) {
      return respond_and_close(c, 405, "GET or HEAD\n", {{"Allow", "GET, HEAD"}});
    }
    std::error_code fec;
    const auto relative = http::safe_relative_path(r.path());
    std::filesystem::path file;
    bool found = false;
    if (relative && !options.web_root.empty()) {
      const auto root = std::filesystem::weakly_canonical(options.web_root, fec);
      file = std::filesystem::weakly_canonical(root / *relative, fec);
      // Symbolic links inside the root must not lead outside it.
      const auto [root_end, ignored] =
          std::mismatch(root.begin(), root.end(), file.begin(), file.end());
      found = !fec && root_end == root.end() && std::filesystem::is_regular_file(file, fec);
    }
    if (!found) {
      return send_response(c, http::make_response(404,
                                                  {{"Content-Type", "text/plain; charset=utf-8"},
                                                   {"Connection", connection_header(c)}},
                                                  "not found\n", head));
    }
    const auto size = std::filesystem::file_size(file, fec);
    const auto mtime = std::filesystem::last_write_time(file, fec);
    if (fec || size > 4 * 1024 * 1024) return respond_and_close(c, 500, "cannot serve file\n");
    const std::string etag = http::make_etag(
        size,
        std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count());
    // RFC 9111 §5.2.2.4 "no-cache": the browser may keep a copy but must revalidate it (a
    // cheap 304 thanks to the ETag, RFC 9110 §13.1.2), so an edited app.js is picked up on
    // the next reload. A page under development wants exactly that.
    std::vector<http::Header> headers = {
        {"Content-Type", std::string(http::content_type_for(file.filename().string()))},
        {"Cache-Control", "no-cache"},
        {"ETag", etag},
        {"X-Content-Type-Options", "nosniff"},
        {"Connection", connection_header(c)},
    };
    const std::string* inm = r.get("If-None-Match");
    if (inm && *inm == etag) return send_response(c, http::make_response(304, headers));
    std::ifstream in(file, std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    send_response(c, http::make_response(200, headers, body, head));
  }

  std::string connection_header(const ConnectionPtr& c) const {
    return c->keep_alive && !stopping ? "keep-alive" : "close";
  }

  void send_response(const ConnectionPtr& c, std::string response) {
    send_raw(c, std::move(response));
    if (!c->keep_alive || stopping) {
      c->phase = Phase::closing;
      c->closing_since = now_steady();
      c->shutdown_after_flush = true;
      flush(c);
    }
  }

  // ---- WebSocket events ------------------------------------------------------------------

  void handle_frames(const ConnectionPtr& c) {
    while (!c->closed) {
      auto event = c->frames->next();
      if (!event) return;
      if (auto* m = std::get_if<ws::Message>(&*event)) {
        if (c->phase != Phase::websocket) continue;  // §7.1.2: ignore data after Close
        on_message(c, *m);
      } else if (auto* ping = std::get_if<ws::Ping>(&*event)) {
        // §5.5.3: answer a Ping with a Pong carrying the same data, unless closing.
        if (c->phase == Phase::websocket) {
          if (!c->limiter.allow(now_steady()))
            return fail(c, ws::close_code::policy_violation, "rate limit");
          enqueue(c, make_frame(ws::Opcode::pong, as_string_view(ping->payload)));
        }
      } else if (std::holds_alternative<ws::Pong>(*event)) {
        // Keepalive answer; last_receive is already updated.
      } else if (auto* close = std::get_if<ws::Close>(&*event)) {
        on_close_frame(c, close->info);
      } else if (auto* failure = std::get_if<ws::Failure>(&*event)) {
        log("failing connection " + peer_id_text(c->id) + ": " + failure->reason);
        return fail(c, failure->code, failure->reason);
      }
    }
  }

  void on_message(const ConnectionPtr& c, ws::Message& m) {
    ++stat_in;
    if (!c->limiter.allow(now_steady())) {
      send_message(c, RoomRegistry::error("rate-limited", "too many messages"));
      return fail(c, ws::close_code::policy_violation, "rate limit");
    }
    if (m.binary) {
      // §7.4.1: 1003, "a type of data it cannot accept": the protocol is JSON text.
      return fail(c, ws::close_code::unsupported_data, "binary messages are not supported");
    }
    if (!c->socketio) {
      Outcome outcome = rooms.handle(c->id, m.data);
      stat_rooms = rooms.room_count();
      return deliver(c, outcome, std::nullopt);
    }
    auto action = c->session->handle(m.data, c->socket_sid);
    if (!action) return;
    if (auto* send = std::get_if<sio::Session::Send>(&*action)) {
      send_text(c, send->text);
    } else if (auto* request = std::get_if<sio::Session::Request>(&*action)) {
      Outcome outcome = rooms.handle_event(c->id, request->type, request->payload);
      stat_rooms = rooms.room_count();
      deliver(c, outcome, request->ack);
    } else if (std::holds_alternative<sio::Session::Pong>(*action)) {
      c->awaiting_pong = false;
    } else if (auto* close = std::get_if<sio::Session::Close>(&*action)) {
      const bool normal =
          close->reason == "client closed" || close->reason == "client disconnected";
      fail(c, normal ? ws::close_code::normal : ws::close_code::protocol_error, close->reason);
    }
  }

  void on_close_frame(const ConnectionPtr& c, const ws::CloseInfo& info) {
    if (c->phase == Phase::websocket) {
      // §5.5.1: the peer started the closing handshake: answer with a Close (echoing the code,
      // as most implementations do), leave the room, and close TCP once it is written
      // (§7.1.1: the server closes the TCP connection first).
      start_closing(
          c, info.code == ws::close_code::no_status ? Bytes{} : ws::close_payload(info.code, {}));
      return;
    }
    // We started it and this is the answer: the handshake is complete.
    if (!c->writing && c->pending.empty())
      finish(c);
    else
      c->shutdown_after_flush = true;
  }

  // _Fail the WebSocket Connection_ (§7.1.7) or start a server-side close (§7.1.2).
  void fail(const ConnectionPtr& c, std::uint16_t code, std::string_view reason) {
    if (c->phase != Phase::websocket) return;
    start_closing(c, ws::close_payload(code, reason));
  }

  void start_closing(const ConnectionPtr& c, const Bytes& close_payload) {
    enqueue(c, std::make_shared<const Bytes>(ws::encode_frame(ws::Opcode::close, close_payload)));
    c->close_sent = true;
    c->phase = Phase::closing;
    c->closing_since = now_steady();
    c->shutdown_after_flush = true;
    leave_rooms(c);
    flush(c);
  }

  void leave_rooms(const ConnectionPtr& c) {
    Outcome outcome = rooms.disconnect(c->id);
    deliver(nullptr, outcome, std::nullopt);
    stat_rooms = rooms.room_count();
  }

  // ---- Sending ---------------------------------------------------------------------------

  void send_raw(const ConnectionPtr& c, std::string bytes) {
    enqueue(c, std::make_shared<const Bytes>(bytes.begin(), bytes.end()));
  }

  void send_text(const ConnectionPtr& c, std::string_view text) {
    enqueue(c, make_frame(ws::Opcode::text, text));
  }

  void send_message(const ConnectionPtr& c, const OutMessage& m) {
    send_text(c, c->socketio ? sio::Session::event(m) : m.to_json());
  }

  // Sends an outcome: the reply to `from` (as a Socket.IO acknowledgement when asked for),
  // and the deliveries, each message framed once per transport however many receive it.
  void deliver(const ConnectionPtr& from, const Outcome& outcome,
               std::optional<std::uint64_t> ack) {
    if (from) {
      if (ack) {
        send_text(from, sio::Session::ack(*ack, outcome.reply));
      } else if (outcome.reply) {
        send_message(from, *outcome.reply);
      }
    }
    const OutMessage* framed_for = nullptr;
    Frame plain, socketio;
    for (const Delivery& d : outcome.deliveries) {
      auto it = connections.find(d.to);
      if (it == connections.end() || it->second->phase != Phase::websocket) continue;
      const ConnectionPtr& to = it->second;
      if (framed_for != d.message.get()) {
        framed_for = d.message.get();
        plain.reset();
        socketio.reset();
      }
      Frame& frame = to->socketio ? socketio : plain;
      if (!frame) {
        frame = make_frame(ws::Opcode::text,
                           to->socketio ? sio::Session::event(*d.message) : d.message->to_json());
      }
      enqueue(to, frame);
      ++stat_out;
    }
  }

  void enqueue(const ConnectionPtr& c, Frame frame) {
    if (c->closed || c->close_sent) return;
    if (c->queued_bytes + frame->size() > options.max_send_queue) {
      // A slow reader: drop it rather than let its queue grow.
      ++stat_slow;
      log("closing slow reader " + peer_id_text(c->id));
      return drop(c);
    }
    c->queued_bytes += frame->size();
    c->pending.push_back(std::move(frame));
    // While a read is handled, what it sends is written when the whole read is handled
    // (on_readable): a client that sent several messages at once reaches its partner in one
    // system call, not one per message. Under load reads hold more messages, so the batches
    // grow just when system calls (most of the relay's CPU time) would otherwise swamp it.
    if (!reading) return flush(c);
    if (!c->flush_scheduled) {
      c->flush_scheduled = true;
      to_flush.push_back(c);
    }
  }

  // Called when `reading` is false again, so nothing flush() leads to adds to the list.
  void flush_scheduled_connections() {
    for (const ConnectionPtr& c : to_flush) {
      c->flush_scheduled = false;
      flush(c);
    }
    to_flush.clear();
  }

  // Writes what is queued. The socket is non-blocking and its kernel buffer almost always has
  // room, so the bytes go straight to the kernel: one system call per message (or per batch),
  // no asynchronous operation and no completion handler. Only when the buffer is full does
  // the connection wait for writability (`writing`), and a slow reader's queue grows.
  void flush(const ConnectionPtr& c) {
    if (c->closed || c->writing) return;
    while (!c->pending.empty()) {
      std::array<asio::const_buffer, 64> buffers;  // at most one sendmsg's worth (IOV_MAX)
      std::size_t count = 0;
      for (; count < c->pending.size() && count < buffers.size(); ++count) {
        buffers[count] = asio::buffer(*c->pending[count]) + (count == 0 ? c->pending_offset : 0);
      }
      asio::error_code ec;
      const std::size_t n = c->socket.write_some(std::span(buffers.data(), count), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) break;
      if (ec) return drop(c);  // reset by the peer: it is gone
      written(c, n);
    }
    if (!c->pending.empty()) {
      c->writing = true;
      c->socket.async_wait(tcp::socket::wait_write, [this, c](const asio::error_code& ec) {
        c->writing = false;
        if (c->closed) return;
        if (ec) return finish(c);
        flush(c);
      });
      return;
    }
    if (c->shutdown_after_flush) {
      c->shutdown_after_flush = false;
      // Half-close: our side is done; keep reading until the peer closes too (or the close
      // timeout), so that unread data never turns our close into a reset that could
      // destroy the Close frame or response in flight.
      asio::error_code ignored;
      c->socket.shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  // The kernel took n bytes from the front of the queue.
  void written(const ConnectionPtr& c, std::size_t n) {
    c->queued_bytes -= std::min(n, c->queued_bytes);
    std::size_t done = 0;  // frames written whole
    for (; done < c->pending.size(); ++done) {
      const std::size_t left = c->pending[done]->size() - c->pending_offset;
      if (n < left) break;
      n -= left;
      c->pending_offset = 0;
    }
    c->pending_offset += n;
    c->pending.erase(c->pending.begin(), c->pending.begin() + static_cast<std::ptrdiff_t>(done));
    // A burst must not leave a large array behind on an idle connection.
    if (c->pending.empty() && c->pending.capacity() > 16) std::vector<Frame>().swap(c->pending);
  }

  // ---- Ending connections ----------------------------------------------------------------

  // Closes the socket now and forgets the connection on the next turn of the loop, so that a
  // delivery loop is never re-entered from inside itself.
  void drop(const ConnectionPtr& c) {
    c->closed = true;
    asio::error_code ignored;
    c->socket.close(ignored);
    asio::post(io, [this, c] { forget(c); });
  }

  // Closes the socket now and forgets the connection (its room hears peer-left).
  void finish(const ConnectionPtr& c) {
    if (!c->closed) {
      c->closed = true;
      asio::error_code ignored;
      c->socket.close(ignored);
    }
    forget(c);
  }

  void forget(const ConnectionPtr& c) {
    auto it = connections.find(c->id);
    if (it == connections.end() || it->second != c) return;
    if (c->frames) --stat_websockets;
    connections.erase(it);
    stat_connections = connections.size();
    leave_rooms(c);
    if (stopping && connections.empty()) io.stop();
  }

  // ---- Timers ----------------------------------------------------------------------------

  void schedule_tick() {
    ticker.expires_after(options.tick);
    ticker.async_wait([this](const asio::error_code& ec) {
      if (ec) return;
      tick(now_steady());
      schedule_tick();
    });
  }

  void tick(Timestamp now) {
    std::vector<ConnectionPtr> snapshot;
    snapshot.reserve(connections.size());
    for (auto& [id, c] : connections) snapshot.push_back(c);
    for (const ConnectionPtr& c : snapshot) {
      if (c->closed) continue;
      const Duration silent = now - c->last_receive;
      switch (c->phase) {
        case Phase::http:
          // Slowloris and idle keep-alive connections alike.
          if (silent > options.handshake_timeout) finish(c);
          break;
        case Phase::closing:
          if (now - c->closing_since > options.close_timeout) finish(c);
          break;
        case Phase::websocket:
          if (c->socketio) {
            // Engine.IO v4: the server pings every pingInterval and expects the pong within
            // pingTimeout; the client, which expects those pings, does the mirror check.
            if (c->awaiting_pong && now - c->last_ping > options.socketio_ping_timeout) {
              fail(c, ws::close_code::going_away, "ping timeout");
            } else if (!c->awaiting_pong && now - c->last_ping >= options.socketio_ping_interval) {
              send_text(c, sio::Session::ping());
              c->awaiting_pong = true;
              c->last_ping = now;
            }
          } else if (silent > options.idle_timeout) {
            // Half-open connection (RFC 6455 §5.5.2 keepalive got no answer): close.
            fail(c, ws::close_code::going_away, "idle timeout");
          } else if (silent >= options.ping_interval &&
                     now - c->last_ping >= options.ping_interval) {
            enqueue(c, make_frame(ws::Opcode::ping, "keepalive"));
            c->last_ping = now;
          }
          break;
      }
    }
    if (stopping && now > stop_deadline) {
      for (const auto& [id, c] : std::unordered_map(connections)) finish(c);
      io.stop();
    }
  }

  // ---- Stopping --------------------------------------------------------------------------

  void begin_stop() {
    if (stopping) {
      io.stop();  // a second signal: stop now
      return;
    }
    stopping = true;
    log("shutting down");
    asio::error_code ignored;
    acceptor.close(ignored);
    retry.cancel();
    stop_deadline = now_steady() + options.close_timeout;
    std::vector<ConnectionPtr> snapshot;
    for (auto& [id, c] : connections) snapshot.push_back(c);
    for (const ConnectionPtr& c : snapshot) {
      if (c->phase == Phase::websocket) {
        fail(c, ws::close_code::going_away, "server shutting down");
      } else if (c->phase == Phase::http && !c->writing) {
        finish(c);
      }
    }
    if (connections.empty()) io.stop();
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() {
  stop();
}

Result<std::uint16_t> Server::listen() {
  Impl& s = *impl_;
  asio::error_code ec;
  const auto address = asio::ip::make_address(s.options.host, ec);
  if (ec) return fail(Errc::invalid_argument, "bad address " + s.options.host);
  const tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return fail(Errc::io, "cannot listen on " + s.options.host + ":" +
                              std::to_string(s.options.port) + ": " + ec.message());
  s.bound_port = s.acceptor.local_endpoint().port();
  s.accept();
  s.schedule_tick();
  if (s.options.handle_signals) {
    s.signals = std::make_unique<asio::signal_set>(s.io, SIGINT, SIGTERM);
    s.signals->async_wait([this](const asio::error_code& e, int) {
      if (e) return;
      impl_->begin_stop();
      // A second signal stops at once.
      impl_->signals->async_wait([this](const asio::error_code& e2, int) {
        if (!e2) impl_->io.stop();
      });
    });
  }
  return s.bound_port.load();
}

std::uint16_t Server::port() const {
  return impl_->bound_port;
}

void Server::run() {
  impl_->io.run();
  // Whatever is left (a hard stop) is closed here, on the loop's thread.
  for (auto& [id, c] : impl_->connections) {
    c->closed = true;
    asio::error_code ignored;
    c->socket.close(ignored);
  }
  impl_->connections.clear();
  impl_->stat_connections = 0;
}

void Server::start() {
  std::lock_guard lock(impl_->thread_mutex);
  if (!impl_->thread.joinable()) impl_->thread = std::thread([this] { run(); });
}

void Server::stop() {
  asio::post(impl_->io, [this] { impl_->begin_stop(); });
  std::lock_guard lock(impl_->thread_mutex);
  if (impl_->thread.joinable()) impl_->thread.join();
}

ServerStats Server::stats() const {
  ServerStats s;
  s.connections = impl_->stat_connections;
  s.websockets = impl_->stat_websockets;
  s.rooms = impl_->stat_rooms;
  s.messages_in = impl_->stat_in;
  s.messages_out = impl_->stat_out;
  s.slow_closed = impl_->stat_slow;
  return s;
}

std::string default_web_root() {
  std::error_code ec;
  if (std::filesystem::is_regular_file(RTC_SIGNALING_WEB_INSTALL_DIR "/index.html", ec)) {
    return RTC_SIGNALING_WEB_INSTALL_DIR;
  }
  return RTC_SIGNALING_WEB_SOURCE_DIR;
}

}  // namespace rtc::signaling
