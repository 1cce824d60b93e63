// signaling_loadgen: an open-loop relay load for a WebSocket signaling server that speaks the
// JSON rooms protocol of signaling/PROTOCOL.md (`rtc signal`, or the `ws` comparison server in
// bench/scripts/signaling_load/ws_server.js).
//
// N rooms of two clients. Each client joins its room ({"type":"join"}), learns its partner's id
// from "joined", and then both send {"type":"message","to":PARTNER,"t":"<send time>",...} to
// each other. The total send rate is fixed and paced on a schedule (open loop: a slow server
// does not slow the generator down, so queueing shows up as latency instead of being hidden by
// it). The partner reads the send time out of the relayed message and records the one-way
// latency; both ends are in this process, so it is one clock (CLOCK_MONOTONIC). The stamp is
// the time of the send() call; how late that was against the schedule is reported apart
// ("send lag"): a generator that falls behind shows there, not as server latency.
//
// Kept cheap so that the server, not the generator, is what is measured: one thread, plain
// epoll, the frames built once per sender and only the 20 timestamp digits rewritten (and the
// payload re-masked) per message, one send() per message, one recv() per readable socket.
//
// Usage: signaling_loadgen --port P [--pairs 100] [--rate 20000] [--seconds 5] [--warmup 1]
//        [--drain 2] [--tick-us 100] [--text 5] [--server-pid PID] [--host 127.0.0.1]
//        [--dump FILE]
// Prints one human line and one JSON line ("loadgen {...}") with the achieved send and
// receive rates, losses, latency percentiles, and, over the measured window, the CPU time the
// generator (and the server, given its pid) used and the time each waited for a CPU while
// runnable: on a shared machine that waiting is what other processes added to the latency.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Ns = std::int64_t;
constexpr Ns kSecond = 1'000'000'000;

Ns now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return Ns(ts.tv_sec) * kSecond + ts.tv_nsec;
}

[[noreturn]] void die(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  std::fputs("signaling_loadgen: ", stderr);
  std::vfprintf(stderr, format, args);
  std::fputc('\n', stderr);
  va_end(args);
  std::exit(1);
}

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  int pairs = 100;
  double rate = 20000;  // messages per second, all senders together
  double seconds = 5;   // measured window
  double warmup = 1;    // sent but not measured
  double drain = 2;     // at most this long after the window for the last messages to arrive
  int tick_us = 100;    // sends are batched on this grid (0: wake for every message)
  int text = 5;         // length of the "text" field
  int server_pid = 0;   // to report the server's CPU time over the window
  std::string dump;     // if set: one line per measured message, "send_ms latency_ms"
};

// A small, fast generator for masking keys. RFC 6455 §10.3 wants unpredictable keys so that
// a page's script cannot aim bytes at a proxy; a load generator talking to loopback only needs
// keys that change, which keeps the server's unmasking honest.
struct XorShift {
  std::uint64_t s = 0x9e3779b97f4a7c15ULL ^ static_cast<std::uint64_t>(now_ns());
  std::uint32_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<std::uint32_t>(s >> 16);
  }
};

struct Conn {
  int fd = -1;
  std::string id;                   // the id the server gave this client ("p7")
  std::vector<std::uint8_t> in;     // received bytes not yet parsed
  std::size_t in_pos = 0;           // parsed up to here
  std::vector<std::uint8_t> out;    // bytes the socket did not take yet
  bool want_out = false;            // EPOLLOUT registered
  std::string text;                 // the message to the partner, with room for the stamp
  std::size_t stamp_at = 0;         // where the 20 digits of the send time go in `text`
  std::vector<std::uint8_t> frame;  // header + masking key + masked text
  std::size_t header = 0;           // bytes before the payload (including the key)
};

// Client frames are masked (RFC 6455 §5.1, §5.3): FIN + opcode, MASK bit + length, key.
std::size_t frame_header(std::uint8_t* h, std::uint8_t opcode, std::size_t n) {
  h[0] = 0x80 | opcode;
  if (n < 126) {
    h[1] = 0x80 | static_cast<std::uint8_t>(n);
    return 6;
  }
  if (n < 65536) {
    h[1] = 0x80 | 126;
    h[2] = static_cast<std::uint8_t>(n >> 8);
    h[3] = static_cast<std::uint8_t>(n);
    return 8;
  }
  die("message too long");
}

std::vector<std::uint8_t> masked_frame(std::uint8_t opcode, std::string_view payload,
                                       std::uint32_t key) {
  std::vector<std::uint8_t> f(8 + payload.size());
  const std::size_t h = frame_header(f.data(), opcode, payload.size());
  f.resize(h + payload.size());
  std::memcpy(&f[h - 4], &key, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    f[h + i] = static_cast<std::uint8_t>(payload[i]) ^ f[h - 4 + (i & 3)];
  }
  return f;
}

void write_all_blocking(int fd, const void* data, std::size_t n) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  while (n > 0) {
    const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) die("send during set-up: %s", std::strerror(errno));
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

// Reads what is there (blocking during set-up, non-blocking afterwards) and appends it to
// c.in. False on EOF or error; true with nothing read on EAGAIN.
bool read_some(Conn& c) {
  static std::uint8_t buffer[65536];  // shared: one thread
  if (c.in_pos > 0 && c.in_pos == c.in.size()) {
    c.in.clear();
    c.in_pos = 0;
  } else if (c.in_pos > 4096) {
    c.in.erase(c.in.begin(), c.in.begin() + static_cast<std::ptrdiff_t>(c.in_pos));
    c.in_pos = 0;
  }
  const ssize_t r = ::recv(c.fd, buffer, sizeof buffer, 0);
  if (r > 0) {
    c.in.insert(c.in.end(), buffer, buffer + r);
    return true;
  }
  return r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
}

struct Frame {
  std::uint8_t opcode = 0;
  std::string_view payload;
};

// The next whole server frame (unmasked, §5.1) in c.in, if there is one.
bool next_frame(Conn& c, Frame& f) {
  const std::uint8_t* p = c.in.data() + c.in_pos;
  const std::size_t avail = c.in.size() - c.in_pos;
  if (avail < 2) return false;
  std::uint64_t n = p[1] & 0x7f;
  std::size_t h = 2;
  if (n == 126) {
    if (avail < 4) return false;
    n = (std::uint64_t(p[2]) << 8) | p[3];
    h = 4;
  } else if (n == 127) {
    if (avail < 10) return false;
    n = 0;
    for (int i = 0; i < 8; ++i) n = (n << 8) | p[2 + i];
    h = 10;
  }
  if (p[1] & 0x80) die("the server sent a masked frame (RFC 6455 §5.1 forbids it)");
  if (avail < h + n) return false;
  f.opcode = p[0] & 0x0f;
  f.payload = std::string_view(reinterpret_cast<const char*>(p + h), n);
  c.in_pos += h + n;
  return true;
}

std::string field(std::string_view json, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const auto at = json.find(needle);
  if (at == std::string_view::npos) return {};
  const auto start = at + needle.size();
  const auto end = json.find('"', start);
  return end == std::string_view::npos ? std::string()
                                       : std::string(json.substr(start, end - start));
}

// Set-up: blocks until a text message containing `want` arrives; returns it.
std::string wait_for(Conn& c, std::string_view want) {
  for (;;) {
    Frame f;
    while (next_frame(c, f)) {
      if (f.opcode != 1) continue;
      if (f.payload.find("\"type\":\"error\"") != std::string_view::npos) {
        die("the server answered an error: %.*s", int(f.payload.size()), f.payload.data());
      }
      if (f.payload.find(want) != std::string_view::npos) return std::string(f.payload);
    }
    if (!read_some(c) || c.in.size() == c.in_pos) die("connection closed during set-up");
  }
}

void open_websocket(Conn& c, const Options& o, XorShift& rng) {
  c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (c.fd < 0) die("socket: %s", std::strerror(errno));
  const int one = 1;
  setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const timeval timeout{5, 0};  // set-up only; the sockets are non-blocking afterwards
  setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(o.port));
  if (inet_pton(AF_INET, o.host.c_str(), &a.sin_addr) != 1) die("bad host %s", o.host.c_str());
  if (::connect(c.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    die("connect to %s:%d: %s", o.host.c_str(), o.port, std::strerror(errno));
  }
  // §4.1: a fresh 16-byte key, base64 (the accept value is not checked: the 101 is enough).
  static constexpr char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string key;
  for (int i = 0; i < 21; ++i) key += b64[rng.next() % 64];
  key += "A==";  // 22 characters + "==" encode 16 bytes; the last one must carry no stray bits
  const std::string request = "GET /ws HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) +
                              "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Key: " +
                              key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
  write_all_blocking(c.fd, request.data(), request.size());
  for (;;) {
    if (!read_some(c) || c.in.empty()) die("connection closed during the upgrade");
    const std::string_view head(reinterpret_cast<const char*>(c.in.data()), c.in.size());
    const auto end = head.find("\r\n\r\n");
    if (end == std::string_view::npos) continue;
    if (!head.starts_with("HTTP/1.1 101")) {
      die("upgrade refused: %.*s", int(head.find("\r\n")), head.data());
    }
    c.in_pos = end + 4;  // frames may follow the response in the same read
    return;
  }
}

void send_text_blocking(Conn& c, std::string_view text, XorShift& rng) {
  const auto f = masked_frame(0x1, text, rng.next());
  write_all_blocking(c.fd, f.data(), f.size());
}

// The message this client sends to its partner, framed once; send() rewrites the stamp.
void prepare_message(Conn& c, const std::string& partner, int text_length) {
  std::string text = text_length == 5 ? "hello" : std::string(std::size_t(text_length), 'x');
  c.text = "{\"type\":\"message\",\"to\":\"" + partner + "\",\"t\":\"";
  c.stamp_at = c.text.size();
  c.text += std::string(20, '0') + "\",\"text\":\"" + text + "\"}";
  c.frame.assign(8 + c.text.size(), 0);
  c.header = frame_header(c.frame.data(), 0x1, c.text.size());
  c.frame.resize(c.header + c.text.size());
}

double cpu_seconds_self() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// User and system CPU time of a process (all its threads), from /proc/PID/stat; zeros if it
// cannot be read. The system part is mostly the TCP stack: on loopback, a send() also runs the
// receiving side's TCP input.
struct CpuTimes {
  double user = 0, system = 0;
};
CpuTimes cpu_times_of(int pid) {
  if (pid <= 0) return {};
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return {};
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;  // fields 3..13
  double utime = 0, stime = 0;
  fields >> utime >> stime;  // fields 14 and 15, in clock ticks
  const double tick = double(sysconf(_SC_CLK_TCK));
  return {utime / tick, stime / tick};
}

// Time the thread waited for a CPU while runnable (the second field of /proc/PID/schedstat:
// the main thread only, which for both servers is the one doing the work); -1 if unreadable.
// It shows when other processes on the machine, not the server, set the latency.
double runqueue_seconds_of(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/schedstat");
  double on_cpu = 0, waiting = -1e9;
  in >> on_cpu >> waiting;
  return waiting / 1e9;
}

class Load {
 public:
  static constexpr int kBurst = 64;

  explicit Load(Options o) : o_(std::move(o)) {}

  void set_up() {
    conns_.resize(std::size_t(o_.pairs) * 2);
    const std::string tag = std::to_string(getpid());
    for (int i = 0; i < o_.pairs; ++i) {
      Conn& a = conns_[2 * std::size_t(i)];
      Conn& b = conns_[2 * std::size_t(i) + 1];
      open_websocket(a, o_, rng_);
      open_websocket(b, o_, rng_);
      const std::string join =
          "{\"type\":\"join\",\"room\":\"load-" + tag + "-" + std::to_string(i) + "\"}";
      send_text_blocking(a, join, rng_);
      a.id = field(wait_for(a, "\"type\":\"joined\""), "id");
      send_text_blocking(b, join, rng_);
      b.id = field(wait_for(b, "\"type\":\"joined\""), "id");
      if (a.id.empty() || b.id.empty()) die("no id in the joined message");
      // a's "peer-joined" for b is read (and ignored) by the main loop.
      prepare_message(a, b.id, o_.text);
      prepare_message(b, a.id, o_.text);
    }
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) die("epoll_create1: %s", std::strerror(errno));
    for (std::size_t i = 0; i < conns_.size(); ++i) {
      Conn& c = conns_[i];
      set_nonblocking(c.fd);
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = i;
      if (epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev) != 0)
        die("epoll_ctl: %s", std::strerror(errno));
    }
  }

  void run() {
    const Ns t0 = now_ns() + 10'000'000;
    window_start_ = t0 + Ns(o_.warmup * 1e9);
    window_end_ = window_start_ + Ns(o_.seconds * 1e9);
    const Ns deadline = window_end_ + Ns(o_.drain * 1e9);
    const double interval = 1e9 / o_.rate;
    const Ns tick = Ns(o_.tick_us) * 1000;
    latencies_.reserve(std::size_t(o_.rate * o_.seconds * 1.1) + 16);
    lags_.reserve(latencies_.capacity());
    std::uint64_t k = 0;  // the next message to send, due at t0 + k * interval
    bool sending = true, started = false, ended = false;
    std::vector<epoll_event> events(kBurst);
    for (;;) {
      Ns now = now_ns();
      if (!started && now >= window_start_) {
        started = true;
        cpu_self_ = -cpu_seconds_self();
        server_start_ = cpu_times_of(o_.server_pid);
        wait_self_ = -runqueue_seconds_of("self");
        wait_server_ = -runqueue_seconds_of(std::to_string(o_.server_pid));
      }
      if (!ended && now >= window_end_) {
        ended = true;
        cpu_self_ += cpu_seconds_self();
        server_end_ = cpu_times_of(o_.server_pid);
        wait_self_ += runqueue_seconds_of("self");
        wait_server_ += runqueue_seconds_of(std::to_string(o_.server_pid));
      }
      // Send what is due, but at most kBurst before reading again: when the generator falls
      // behind, a long catch-up burst would leave relayed messages unread and inflate their
      // latency. Likewise one wait returns at most kBurst sockets.
      int burst = 0;
      while (sending && burst < kBurst) {
        const Ns due = t0 + Ns(double(k) * interval);
        if (due >= window_end_) sending = false;
        if (!sending || due > now) break;
        ++burst;
        Conn& c = conns_[k % conns_.size()];
        const Ns stamp = now_ns();
        send_message(c, stamp);
        if (stamp >= window_start_ && stamp < window_end_) {
          ++sent_in_window_;
          lags_.push_back(stamp - due);
        }
        ++sent_;
        ++k;
      }
      if (now >= deadline) break;
      if (!sending && ended && received_in_window_ >= sent_in_window_) break;  // all arrived
      Ns wake = deadline;
      if (burst == kBurst) {
        wake = now;  // more are due: only look at the sockets
      } else if (sending) {
        wake = t0 + Ns(double(k) * interval);
        if (tick > 0) wake = (wake + tick - 1) / tick * tick;
      } else if (!ended) {
        wake = window_end_;
      }
      wake = std::min(wake, deadline);
      const Ns wait = std::max<Ns>(0, wake - now_ns());
      const timespec ts{time_t(wait / kSecond), long(wait % kSecond)};
      const int n = epoll_pwait2(epoll_, events.data(), int(events.size()), &ts, nullptr);
      if (n < 0 && errno != EINTR) die("epoll_pwait2: %s", std::strerror(errno));
      for (int i = 0; i < n; ++i) {
        Conn& c = conns_[events[i].data.u64];
        if (events[i].events & EPOLLOUT) flush(c);
        if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(c);
      }
    }
  }

  void report() const {
    if (!o_.dump.empty()) {
      // Where in the window the slow messages were: a time series to plot or grep.
      std::FILE* f = std::fopen(o_.dump.c_str(), "w");
      if (!f) die("cannot write %s", o_.dump.c_str());
      for (std::size_t i = 0; i < latencies_.size(); ++i) {
        std::fprintf(f, "%.3f %.3f\n", double(sent_at_[i]) / 1e6, double(latencies_[i]) / 1e6);
      }
      std::fclose(f);
    }
    auto sorted = latencies_;
    std::sort(sorted.begin(), sorted.end());
    auto q = [&](const std::vector<Ns>& v, double p) {
      if (v.empty()) return -1.0;
      const std::size_t i = std::min(v.size() - 1, std::size_t(p * double(v.size())));
      return double(v[i]) / 1e6;
    };
    auto lags = lags_;
    std::sort(lags.begin(), lags.end());
    const double sent_rate = double(sent_in_window_) / o_.seconds;
    const double received_rate = double(received_in_window_) / o_.seconds;
    const std::int64_t lost = std::int64_t(sent_in_window_) - std::int64_t(received_in_window_);
    const double loss = sent_in_window_ ? 100.0 * double(lost) / double(sent_in_window_) : 0;
    const double self_pct = 100.0 * cpu_self_ / o_.seconds;
    const double self_wait_pct = 100.0 * wait_self_ / o_.seconds;
    const bool server = o_.server_pid > 0;
    const double server_user = server_end_.user - server_start_.user;
    const double server_system = server_end_.system - server_start_.system;
    const double server_pct = server ? 100.0 * (server_user + server_system) / o_.seconds : -1;
    const double server_sys_pct = server ? 100.0 * server_system / o_.seconds : -1;
    const double server_wait_pct = server ? 100.0 * wait_server_ / o_.seconds : -1;
    std::printf(
        "%d rooms of 2, target %.0f msg/s: sent %.0f/s, received %.0f/s, lost %lld (%.3f%%); "
        "latency p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms; send lag p99 %.3f ms; "
        "CPU used (waited for) generator %.0f%% (%.0f%%)",
        o_.pairs, o_.rate, sent_rate, received_rate, static_cast<long long>(lost), loss,
        q(sorted, 0.5), q(sorted, 0.99), q(sorted, 0.999), q(sorted, 1.0), q(lags, 0.99), self_pct,
        self_wait_pct);
    if (server) {
      std::printf(", server %.0f%% (%.0f%%), of which system %.0f%%", server_pct, server_wait_pct,
                  server_sys_pct);
    }
    std::printf("%s\n", errors_ ? (", " + std::to_string(errors_) + " errors").c_str() : "");
    std::printf(
        "loadgen {\"pairs\":%d,\"target_rate\":%.0f,\"sent_per_s\":%.0f,\"received_per_s\":%.0f,"
        "\"lost\":%lld,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,"
        "\"send_lag_p99_ms\":%.3f,\"blocked_sends\":%llu,\"errors\":%llu,"
        "\"generator_cpu_pct\":%.1f,\"generator_wait_pct\":%.1f,\"server_cpu_pct\":%.1f,"
        "\"server_wait_pct\":%.1f,\"server_system_pct\":%.1f}\n",
        o_.pairs, o_.rate, sent_rate, received_rate, static_cast<long long>(lost), q(sorted, 0.5),
        q(sorted, 0.99), q(sorted, 0.999), q(sorted, 1.0), q(lags, 0.99),
        static_cast<unsigned long long>(blocked_), static_cast<unsigned long long>(errors_),
        self_pct, self_wait_pct, server_pct, server_wait_pct, server_sys_pct);
  }

 private:
  static void set_nonblocking(int fd) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
      die("fcntl: %s", std::strerror(errno));
    }
  }

  // Writes the send time into the message, re-masks it with a fresh key, and sends it.
  void send_message(Conn& c, Ns stamp) {
    char* digits = c.text.data() + c.stamp_at;
    for (int i = 19; i >= 0; --i, stamp /= 10) digits[i] = char('0' + stamp % 10);
    std::uint8_t* key = c.frame.data() + c.header - 4;
    const std::uint32_t k = rng_.next();
    std::memcpy(key, &k, 4);
    std::uint8_t* out = c.frame.data() + c.header;
    for (std::size_t i = 0; i < c.text.size(); ++i) {
      out[i] = static_cast<std::uint8_t>(c.text[i]) ^ key[i & 3];
    }
    send_bytes(c, c.frame.data(), c.frame.size());
  }

  void send_bytes(Conn& c, const std::uint8_t* data, std::size_t n) {
    if (c.out.empty()) {
      const ssize_t w = ::send(c.fd, data, n, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        die("send: %s (the server closed a connection?)", std::strerror(errno));
      }
      const std::size_t done = w > 0 ? std::size_t(w) : 0;
      if (done == n) return;
      data += done;
      n -= done;
    }
    // The socket is full: keep the rest in order; the latency includes the wait.
    ++blocked_;
    c.out.insert(c.out.end(), data, data + n);
    if (!c.want_out) set_want_out(c, true);
  }

  void flush(Conn& c) {
    while (!c.out.empty()) {
      const ssize_t w = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w <= 0) {
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
        die("send: %s", std::strerror(errno));
      }
      c.out.erase(c.out.begin(), c.out.begin() + w);
    }
    set_want_out(c, false);
  }

  void set_want_out(Conn& c, bool on) {
    c.want_out = on;
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.u64 = std::size_t(&c - conns_.data());
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void on_readable(Conn& c) {
    if (!read_some(c)) die("the server closed a connection (%s)", c.id.c_str());
    const Ns now = now_ns();  // one read: every frame in it arrived by now
    Frame f;
    while (next_frame(c, f)) {
      if (f.opcode == 0x1) {
        on_text(f.payload, now);
      } else if (f.opcode == 0x9) {  // §5.5.2 Ping: answer with a Pong carrying its data
        const auto pong = masked_frame(0xA, f.payload, rng_.next());
        send_bytes(c, pong.data(), pong.size());
      } else if (f.opcode == 0x8) {
        die("the server closed %s: %.*s", c.id.c_str(), int(f.payload.size()), f.payload.data());
      }
    }
  }

  void on_text(std::string_view text, Ns now) {
    static constexpr std::string_view key = "\"t\":\"";
    const auto at = text.find(key);
    if (at == std::string_view::npos || text.size() < at + key.size() + 20) {
      if (text.find("\"type\":\"error\"") != std::string_view::npos && errors_++ < 3) {
        std::fprintf(stderr, "signaling_loadgen: server error: %.*s\n", int(text.size()),
                     text.data());
      }
      return;
    }
    Ns stamp = 0;
    for (char d : text.substr(at + key.size(), 20)) stamp = stamp * 10 + (d - '0');
    if (stamp >= window_start_ && stamp < window_end_) {
      ++received_in_window_;
      latencies_.push_back(now - stamp);
      if (!o_.dump.empty()) sent_at_.push_back(stamp - window_start_);
    }
  }

  Options o_;
  XorShift rng_;
  std::vector<Conn> conns_;
  int epoll_ = -1;
  Ns window_start_ = 0, window_end_ = 0;
  std::uint64_t sent_ = 0, sent_in_window_ = 0, received_in_window_ = 0, blocked_ = 0, errors_ = 0;
  std::vector<Ns> latencies_, lags_;
  std::vector<Ns> sent_at_;  // for --dump, parallel to latencies_
  double cpu_self_ = 0;
  CpuTimes server_start_, server_end_;
  double wait_self_ = 0, wait_server_ = 0;  // waiting for a CPU while runnable
};

void usage() {
  std::fputs(
      "usage: signaling_loadgen --port P [--host 127.0.0.1] [--pairs 100] [--rate 20000]\n"
      "         [--seconds 5] [--warmup 1] [--drain 2] [--tick-us 100] [--text 5]\n"
      "         [--server-pid PID] [--dump FILE]\n",
      stderr);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 >= argc) usage();
    const char* v = argv[++i];
    if (a == "--host")
      o.host = v;
    else if (a == "--port")
      o.port = std::atoi(v);
    else if (a == "--pairs")
      o.pairs = std::atoi(v);
    else if (a == "--rate")
      o.rate = std::atof(v);
    else if (a == "--seconds")
      o.seconds = std::atof(v);
    else if (a == "--warmup")
      o.warmup = std::atof(v);
    else if (a == "--drain")
      o.drain = std::atof(v);
    else if (a == "--tick-us")
      o.tick_us = std::atoi(v);
    else if (a == "--text")
      o.text = std::atoi(v);
    else if (a == "--dump")
      o.dump = v;
    else if (a == "--server-pid")
      o.server_pid = std::atoi(v);
    else
      usage();
  }
  if (o.port <= 0 || o.pairs <= 0 || o.rate <= 0 || o.seconds <= 0 || o.text < 0 ||
      o.text > 60000 || o.tick_us < 0) {
    usage();
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Load load(parse_options(argc, argv));
  load.set_up();
  load.run();
  load.report();
  return 0;
}
