// The association's lifecycle: handshake (RFC 9260 §5), verification tags (§8.5), out-of-the-
// blue packets (§8.4), heartbeats (§8.3), shutdown (§9.2), abort (§9.1), stream reset
// (RFC 6525) and the timers. The data path is in association_data.cpp.
#include <algorithm>
#include <cstdio>

#include "rtc/sctp/association.hpp"

namespace rtc::sctp {

const char* to_string(State s) {
  switch (s) {
    case State::closed:
      return "CLOSED";
    case State::cookie_wait:
      return "COOKIE-WAIT";
    case State::cookie_echoed:
      return "COOKIE-ECHOED";
    case State::established:
      return "ESTABLISHED";
    case State::shutdown_pending:
      return "SHUTDOWN-PENDING";
    case State::shutdown_sent:
      return "SHUTDOWN-SENT";
    case State::shutdown_received:
      return "SHUTDOWN-RECEIVED";
    case State::shutdown_ack_sent:
      return "SHUTDOWN-ACK-SENT";
  }
  return "?";
}

namespace {
Bytes secret_from(Random& r) {
  Bytes s(32);
  r.fill(s);
  return s;
}
std::uint32_t nonzero_tag(Random& r) {
  std::uint32_t t = 0;
  while (t == 0) t = r.u32();  // §5.3.1: the Initiate Tag is never 0
  return t;
}
template <class Chunk>
Bytes serialize(const Chunk& c) {
  ByteWriter w;
  c.write(w);
  return w.take();
}
}  // namespace

Association::Association(const AssociationConfig& config, Random& random, TraceSink* trace)
    : config_(config),
      random_(random),
      trace_(trace),
      cookies_(secret_from(random)),
      rto_(config.rto) {}

Association::~Association() = default;

bool Association::is_established() const {
  return state_ == State::established;
}

void Association::trace_step(Timestamp now, Direction d, std::string summary,
                             std::string_view rfc) {
  trace(trace_, now, "sctp", d, std::move(summary), rfc);
}

void Association::queue_control(Bytes chunk, std::uint32_t vtag) {
  // A peer that makes us answer (HEARTBEAT, bad packets) faster than the caller drains us
  // must not grow this queue without bound: excess answers are dropped, as a network would.
  static constexpr std::size_t kMaxQueuedControl = 256;
  if (control_.size() >= kMaxQueuedControl) return;
  control_.push_back(PendingControl{std::move(chunk), vtag});
}

// ---------------------------------------------------------------- handshake (§5.1)

void Association::connect(Timestamp now) {
  if (state_ != State::closed || ever_established_) return;
  my_tag_ = nonzero_tag(random_);
  my_initial_tsn_ = random_.u32();
  state_ = State::cookie_wait;
  t1_rto_ = config_.rto.initial;
  init_retransmissions_ = 0;
  send_init(now);
}

void Association::send_init(Timestamp now) {
  InitChunk init;
  init.initiate_tag = my_tag_;
  init.a_rwnd = static_cast<std::uint32_t>(config_.receive_window);
  init.outbound_streams = config_.streams;
  init.inbound_streams = config_.streams;
  init.initial_tsn = my_initial_tsn_;
  init.forward_tsn_supported = config_.partial_reliability;
  init.reconfig_supported = config_.stream_reconfig;
  ByteWriter w;
  init.write(w, false);
  queue_control(w.take(), 0);  // §8.5.1 A: INIT carries verification tag 0
  t1_ = now + t1_rto_;
  trace_step(now, Direction::outbound, "INIT, entering COOKIE-WAIT", "RFC 9260 §5.1 A");
}

// §5.1 B, §5.2.1, §5.2.2: answer an INIT with an INIT ACK carrying a signed cookie. No state
// is kept for the peer until its COOKIE ECHO comes back.
void Association::on_init(Timestamp now, const RawChunk& c, const CommonHeader&) {
  auto init = InitChunk::parse(c);
  if (!init || init->initiate_tag == 0) return;  // §3.3.2: Initiate Tag 0: discard
  if (init->outbound_streams == 0 || init->inbound_streams == 0) {
    // §3.3.2: zero streams is a protocol violation; ABORT with the peer's tag.
    ByteWriter causes;
    write_error_cause(causes, CauseCode::invalid_mandatory_parameter, {});
    queue_control(serialize(AbortChunk{false, causes.view()}), init->initiate_tag);
    return;
  }
  std::uint32_t local_tag = 0;
  std::uint32_t local_tsn = 0;
  switch (state_) {
    case State::closed:
      if (ever_established_) return;
      local_tag = nonzero_tag(random_);  // stateless: nothing is remembered
      local_tsn = random_.u32();
      break;
    case State::cookie_wait:
    case State::cookie_echoed:
      // §5.2.1: simultaneous open; answer with the parameters of our own INIT.
      local_tag = my_tag_;
      local_tsn = my_initial_tsn_;
      break;
    default:
      // §5.2.2: an INIT in an established association. Only a retransmission from the same
      // peer is answered (same tags); a restart with a new tag is not supported here.
      if (init->initiate_tag != peer_tag_) return;
      local_tag = my_tag_;
      local_tsn = my_initial_tsn_;
      break;
  }
  CookieContents cookie;
  cookie.created = now;
  cookie.lifetime = config_.cookie_lifetime;
  cookie.local_tag = local_tag;
  cookie.peer_tag = init->initiate_tag;
  cookie.local_initial_tsn = local_tsn;
  cookie.peer_initial_tsn = init->initial_tsn;
  cookie.peer_a_rwnd = init->a_rwnd;
  cookie.outbound_streams = std::min(config_.streams, init->inbound_streams);
  cookie.inbound_streams = std::min(config_.streams, init->outbound_streams);
  cookie.peer_forward_tsn = init->forward_tsn_supported;
  cookie.peer_reconfig = init->reconfig_supported;
  const Bytes signed_cookie = cookies_.sign(cookie);

  InitChunk ack;
  ack.initiate_tag = local_tag;
  ack.a_rwnd = static_cast<std::uint32_t>(config_.receive_window);
  ack.outbound_streams = config_.streams;
  ack.inbound_streams = config_.streams;
  ack.initial_tsn = local_tsn;
  ack.forward_tsn_supported = config_.partial_reliability;
  ack.reconfig_supported = config_.stream_reconfig;
  ack.state_cookie = BytesView(signed_cookie);
  ack.unrecognized = init->unrecognized;  // §3.2.1: reported in the INIT ACK
  ByteWriter w;
  ack.write(w, true);
  queue_control(w.take(), init->initiate_tag);  // §8.5.1: INIT ACK uses the peer's tag
  trace_step(now, Direction::outbound, "INIT ACK with a signed State Cookie", "RFC 9260 §5.1 B");
}

void Association::on_init_ack(Timestamp now, const RawChunk& c) {
  if (state_ != State::cookie_wait) return;  // §5.2.3: discard in any other state
  auto ack = InitChunk::parse(c);
  if (!ack || ack->initiate_tag == 0) return;
  if (!ack->state_cookie) {
    // §5.1 C: an INIT ACK without a cookie is a missing mandatory parameter.
    ByteWriter info;
    info.u32(1);
    info.u16(static_cast<std::uint16_t>(ParamType::state_cookie));
    peer_tag_ = ack->initiate_tag;
    send_abort_and_close(now, CauseCode::missing_mandatory_parameter,
                         "INIT ACK without State Cookie", info.view());
    return;
  }
  peer_tag_ = ack->initiate_tag;
  CookieContents tcb;
  tcb.local_tag = my_tag_;
  tcb.peer_tag = ack->initiate_tag;
  tcb.local_initial_tsn = my_initial_tsn_;
  tcb.peer_initial_tsn = ack->initial_tsn;
  tcb.peer_a_rwnd = ack->a_rwnd;
  tcb.outbound_streams = std::min(config_.streams, ack->inbound_streams);
  tcb.inbound_streams = std::min(config_.streams, ack->outbound_streams);
  tcb.peer_forward_tsn = ack->forward_tsn_supported;
  tcb.peer_reconfig = ack->reconfig_supported;
  if (tcb.outbound_streams == 0 || tcb.inbound_streams == 0) {
    send_abort_and_close(now, CauseCode::invalid_mandatory_parameter, "INIT ACK with zero streams");
    return;
  }
  setup_tcb(tcb);  // the TCB exists from here; ESTABLISHED comes with the COOKIE ACK
  state_ = State::cookie_echoed;
  cookie_echo_ = serialize(CookieEchoChunk{*ack->state_cookie});
  queue_control(cookie_echo_, peer_tag_);
  if (!ack->unrecognized.empty()) {
    // §3.2.1: unrecognized parameters of an INIT ACK are reported in an ERROR chunk.
    ByteWriter causes;
    for (BytesView u : ack->unrecognized)
      write_error_cause(causes, CauseCode::unrecognized_parameters, u);
    queue_control(serialize(ErrorChunk{causes.view()}), peer_tag_);
  }
  t1_rto_ = config_.rto.initial;
  init_retransmissions_ = 0;
  t1_ = now + t1_rto_;
  trace_step(now, Direction::outbound, "COOKIE ECHO, entering COOKIE-ECHOED", "RFC 9260 §5.1 C");
}

// §5.1 D, §5.1.5, §5.2.4: validate the cookie and create (or confirm) the association.
bool Association::on_cookie_echo(Timestamp now, const RawChunk& c, const CommonHeader& h) {
  Duration staleness{};
  auto cookie = cookies_.verify(c.value, now, &staleness);
  if (!cookie) {
    if (cookie.error().code == Errc::timeout && c.value.size() >= 20) {
      // §5.2.6: a stale cookie is answered with a Stale Cookie ERROR (staleness in µs).
      ByteWriter info;
      info.u32(static_cast<std::uint32_t>(std::min<std::int64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(staleness).count(), 0xFFFFFFFF)));
      ByteWriter causes;
      write_error_cause(causes, CauseCode::stale_cookie, info.view());
      queue_control(serialize(ErrorChunk{causes.view()}), load_be32(c.value, 16));
      trace_step(now, Direction::outbound, "ERROR Stale Cookie", "RFC 9260 §5.2.6");
    }
    ++stats_.packets_dropped;  // §5.1.5: a forged cookie is silently discarded
    return false;
  }
  if (h.verification_tag != cookie->local_tag) return false;  // §8.5.1 C
  switch (state_) {
    case State::closed:
      if (ever_established_) return false;
      [[fallthrough]];
    case State::cookie_wait:
    case State::cookie_echoed:
      // §5.2.4 (B)/(D) and the fresh-association case: our tag is in the cookie, the peer's
      // tag and TSN come from it.
      establish(now, *cookie);
      break;
    default:
      // §5.2.4 (D): both tags match: the peer lost our COOKIE ACK. Others (restart) dropped.
      if (cookie->local_tag != my_tag_ || cookie->peer_tag != peer_tag_) return false;
      break;
  }
  ByteWriter w;
  write_empty_chunk(w, ChunkType::cookie_ack);
  queue_control(w.take(), peer_tag_);
  return true;
}

// Creates the transmission control block (§5.1.5 step 4) from negotiated values.
void Association::setup_tcb(const CookieContents& c) {
  const bool same_tcb = receiver_.has_value() && my_tag_ == c.local_tag &&
                        peer_tag_ == c.peer_tag && my_initial_tsn_ == c.local_initial_tsn;
  my_tag_ = c.local_tag;
  peer_tag_ = c.peer_tag;
  my_initial_tsn_ = c.local_initial_tsn;
  if (!same_tcb) {
    receiver_.emplace(c.peer_initial_tsn, config_.receive_window);
    next_tsn_ = (std::uint64_t{1} << 32) + my_initial_tsn_;
    cum_ack_ = next_tsn_ - 1;
    adv_peer_ack_ = cum_ack_;
    peer_rwnd_ = c.peer_a_rwnd;
    cc_.emplace(config_.mtu, std::max<std::size_t>(c.peer_a_rwnd, 4 * config_.mtu));
    outbound_streams_ = c.outbound_streams;
    inbound_streams_ = c.inbound_streams;
    peer_forward_tsn_ = c.peer_forward_tsn && config_.partial_reliability;
    peer_reconfig_ = c.peer_reconfig && config_.stream_reconfig;
    next_reconfig_seq_ = my_initial_tsn_;  // RFC 6525 §5.1.1
    peer_reconfig_seq_ = c.peer_initial_tsn;
  }
}

// Enters ESTABLISHED with the TCB the cookie describes (§5.1 D).
void Association::establish(Timestamp now, const CookieContents& c) {
  setup_tcb(c);
  const bool was_established = state_ == State::established;
  state_ = State::established;
  ever_established_ = true;
  t1_.reset();
  cookie_echo_.clear();
  if (config_.heartbeat_interval.count() > 0) heartbeat_ = now + config_.heartbeat_interval;
  if (!was_established) {
    events_.push_back(event::Connected{});
    trace_step(now, Direction::local, "association ESTABLISHED", "RFC 9260 §5.1 E");
  }
}

void Association::on_cookie_ack(Timestamp now) {
  if (state_ != State::cookie_echoed) return;
  state_ = State::established;
  ever_established_ = true;
  t1_.reset();
  cookie_echo_.clear();
  if (config_.heartbeat_interval.count() > 0) heartbeat_ = now + config_.heartbeat_interval;
  events_.push_back(event::Connected{});
  trace_step(now, Direction::inbound, "COOKIE ACK, association ESTABLISHED", "RFC 9260 §5.1 E");
}

// ---------------------------------------------------------------- receive dispatch

void Association::handle_receive(Timestamp now, BytesView packet) {
  ++stats_.packets_received;
  auto parsed = PacketView::parse(packet);
  if (!parsed) {
    ++stats_.packets_dropped;  // §6.8: bad checksum, or not SCTP at all: silently discarded
    return;
  }
  const CommonHeader& h = parsed->header();
  const auto& chunks = parsed->chunks();
  if (h.destination_port != config_.local_port) {
    ++stats_.packets_dropped;
    return;
  }
  const RawChunk& first = chunks.front();
  const auto first_type = static_cast<ChunkType>(first.type);

  // §8.5.1: the verification-tag exceptions come first.
  if (first_type == ChunkType::init) {
    // A: INIT must be alone in its packet with tag 0.
    if (chunks.size() != 1 || h.verification_tag != 0) {
      ++stats_.packets_dropped;
      return;
    }
    on_init(now, first, h);
    return;
  }
  if (first_type == ChunkType::abort || first_type == ChunkType::shutdown_complete) {
    // B, C: T bit set means the sender reflected our peer's tag (it has no TCB).
    if (!ever_established_ && state_ != State::cookie_wait && state_ != State::cookie_echoed)
      return;
    const bool t_bit = (first.flags & 0x01) != 0;
    const std::uint32_t expected = t_bit ? peer_tag_ : my_tag_;
    if (h.verification_tag != expected || (t_bit && peer_tag_ == 0)) {
      ++stats_.packets_dropped;
      return;
    }
    if (first_type == ChunkType::abort) {
      on_abort(now, first);
    } else {
      on_shutdown_complete(now);
    }
    return;
  }
  std::size_t index = 0;
  if (first_type == ChunkType::cookie_echo) {
    if (!on_cookie_echo(now, first, h)) return;
    index = 1;
  } else if (state_ == State::closed || my_tag_ == 0) {
    on_out_of_the_blue(*parsed);
    return;
  } else if (h.verification_tag != my_tag_) {
    ++stats_.packets_dropped;  // §8.5: wrong tag, silently discarded
    return;
  }

  bool had_data = false;
  bool sack_now = false;
  for (; index < chunks.size() && state_ != State::closed; ++index) {
    const RawChunk& c = chunks[index];
    switch (static_cast<ChunkType>(c.type)) {
      case ChunkType::data: {
        if (!receiver_ || state_ == State::cookie_wait) break;
        auto d = DataChunk::parse(c);
        if (!d) return;  // malformed: stop processing this packet
        if (d->payload.empty()) {
          // §6.2: a DATA chunk without user data: ABORT with No User Data.
          ByteWriter info;
          info.u32(d->tsn);
          send_abort_and_close(now, CauseCode::no_user_data, "DATA chunk without user data",
                               info.view());
          return;
        }
        had_data = true;
        on_data(now, *d, sack_now);
        break;
      }
      case ChunkType::sack: {
        auto s = SackChunk::parse(c);
        if (!s) return;
        if (state_ == State::cookie_wait || state_ == State::cookie_echoed) break;
        on_sack(now, *s);
        break;
      }
      case ChunkType::init:  // only allowed alone (handled above)
        ++stats_.packets_dropped;
        return;
      case ChunkType::init_ack:
        on_init_ack(now, c);
        break;
      case ChunkType::cookie_echo:
        break;  // only meaningful as the first chunk
      case ChunkType::cookie_ack:
        on_cookie_ack(now);
        break;
      case ChunkType::heartbeat:
        on_heartbeat(c);
        break;
      case ChunkType::heartbeat_ack:
        on_heartbeat_ack(now, c);
        break;
      case ChunkType::abort:
        on_abort(now, c);
        return;
      case ChunkType::shutdown:
        on_shutdown(now, c);
        break;
      case ChunkType::shutdown_ack:
        on_shutdown_ack(now, h.verification_tag);
        break;
      case ChunkType::shutdown_complete:
        break;
      case ChunkType::error:
        on_error(now, c);
        break;
      case ChunkType::forward_tsn:
        on_forward_tsn(now, c);
        break;
      case ChunkType::reconfig:
        on_reconfig(now, c);
        break;
      default: {
        // §3.2: the upper two bits of an unknown chunk type say what to do.
        const auto action = unknown_chunk_action(c.type);
        if (action.report && peer_tag_ != 0) {
          ByteWriter causes;
          write_error_cause(causes, CauseCode::unrecognized_chunk_type, c.whole);
          queue_control(serialize(ErrorChunk{causes.view()}), peer_tag_);
        }
        if (action.stop) index = chunks.size();
        break;
      }
    }
    if (index >= chunks.size()) break;
  }
  if (state_ == State::closed) return;
  if (had_data) {
    // §6.2: acknowledge at least every second packet with DATA, and at once when something
    // is out of order or duplicated (§6.7) or when shutting down (§9.2).
    ++packets_since_sack_;
    if (sack_now || packets_since_sack_ >= 2 || state_ == State::shutdown_sent ||
        state_ == State::shutdown_received) {
      sack_now_ = true;
    } else if (!delayed_ack_) {
      delayed_ack_ = now + config_.delayed_ack;
    }
  }
  collect_received();
  process_deferred_reset(now);
  maybe_progress_shutdown(now);
}

// §8.4: a packet that belongs to no association.
void Association::on_out_of_the_blue(const PacketView& p) {
  ++stats_.packets_dropped;
  for (const auto& c : p.chunks()) {
    const auto t = static_cast<ChunkType>(c.type);
    if (t == ChunkType::abort || t == ChunkType::shutdown_complete || t == ChunkType::cookie_ack ||
        t == ChunkType::error) {
      return;  // §8.4 items 2, 6: never answer these
    }
    if (t == ChunkType::shutdown_ack) {
      // §8.4 item 5: SHUTDOWN COMPLETE with the T bit and the packet's own tag.
      ByteWriter w;
      ShutdownCompleteChunk{true}.write(w);
      queue_control(w.take(), p.header().verification_tag);
      return;
    }
  }
  // §8.4 item 8: ABORT with the T bit, reflecting the packet's tag.
  queue_control(serialize(AbortChunk{true, {}}), p.header().verification_tag);
}

void Association::on_abort(Timestamp now, const RawChunk& c) {
  std::string reason = "peer sent ABORT";
  if (auto causes = parse_error_causes(c.value); causes && !causes->empty()) {
    reason += ": ";
    reason += to_string(static_cast<CauseCode>(causes->front().code));
    if (causes->front().code == static_cast<std::uint16_t>(CauseCode::user_initiated_abort) &&
        !causes->front().info.empty()) {
      reason += " (" + std::string(as_string_view(causes->front().info)) + ")";
    }
  }
  trace_step(now, Direction::inbound, reason, "RFC 9260 §9.1");
  close(now, true, reason);
}

void Association::on_error(Timestamp now, const RawChunk& c) {
  auto causes = parse_error_causes(c.value);
  if (!causes) return;
  for (const auto& cause : *causes) {
    trace_step(now, Direction::inbound,
               std::string("ERROR: ") + to_string(static_cast<CauseCode>(cause.code)),
               "RFC 9260 §3.3.10");
    if (cause.code == static_cast<std::uint16_t>(CauseCode::stale_cookie) &&
        state_ == State::cookie_echoed) {
      // §5.2.6: start over with a fresh INIT.
      if (++init_retransmissions_ > config_.max_init_retransmissions) {
        close(now, true, "handshake failed: stale cookies");
        return;
      }
      receiver_.reset();
      cc_.reset();
      state_ = State::cookie_wait;
      send_init(now);
    }
  }
}

// ---------------------------------------------------------------- heartbeat (§8.3)

void Association::on_heartbeat(const RawChunk& c) {
  auto hb = HeartbeatChunk::parse(c);
  if (!hb) return;
  ByteWriter w;
  hb->write(w, true);  // §8.3: echo the Heartbeat Info unchanged
  queue_control(w.take(), peer_tag_);
}

void Association::on_heartbeat_ack(Timestamp now, const RawChunk& c) {
  auto hb = HeartbeatChunk::parse(c);
  if (!hb || hb->info.size() != 16 || !heartbeat_outstanding_) return;
  if (load_be64(hb->info, 0) != heartbeat_nonce_) return;
  const Timestamp sent{
      std::chrono::microseconds(static_cast<std::int64_t>(load_be64(hb->info, 8)))};
  heartbeat_outstanding_ = false;
  error_count_ = 0;  // §8.3: a HEARTBEAT ACK clears the error counter
  if (now >= sent) rto_.add_measurement(now - sent);
}

// ---------------------------------------------------------------- shutdown (§9.2)

void Association::shutdown(Timestamp now) {
  switch (state_) {
    case State::established:
      state_ = State::shutdown_pending;
      trace_step(now, Direction::local, "SHUTDOWN-PENDING: draining queued data", "RFC 9260 §9.2");
      maybe_progress_shutdown(now);
      break;
    case State::cookie_wait:
    case State::cookie_echoed:
      abort(now, "shutdown before established");
      break;
    default:
      break;
  }
}

void Association::maybe_progress_shutdown(Timestamp now) {
  const bool drained = send_queue_.empty() && outstanding_.empty();
  if (!drained) return;
  if (state_ == State::shutdown_pending) {
    state_ = State::shutdown_sent;
    queue_control(serialize(ShutdownChunk{receiver_->cumulative_tsn()}), peer_tag_);
    t2_ = now + rto_.rto();
    heartbeat_.reset();
    trace_step(now, Direction::outbound, "SHUTDOWN, entering SHUTDOWN-SENT", "RFC 9260 §9.2");
  } else if (state_ == State::shutdown_received) {
    state_ = State::shutdown_ack_sent;
    ByteWriter w;
    write_empty_chunk(w, ChunkType::shutdown_ack);
    queue_control(w.take(), peer_tag_);
    t2_ = now + rto_.rto();
    heartbeat_.reset();
    trace_step(now, Direction::outbound, "SHUTDOWN ACK, entering SHUTDOWN-ACK-SENT",
               "RFC 9260 §9.2");
  }
}

void Association::on_shutdown(Timestamp now, const RawChunk& c) {
  auto s = ShutdownChunk::parse(c);
  if (!s || !cc_) return;
  // The SHUTDOWN's Cumulative TSN Ack acknowledges like a SACK without gaps (§9.2).
  SackChunk sack;
  sack.cumulative_tsn_ack = s->cumulative_tsn_ack;
  sack.a_rwnd =
      static_cast<std::uint32_t>(std::min<std::size_t>(peer_rwnd_ + flight_size_, 0xFFFFFFFF));
  on_sack(now, sack);
  if (state_ == State::closed) return;
  switch (state_) {
    case State::established:
    case State::shutdown_pending:
      state_ = State::shutdown_received;
      trace_step(now, Direction::inbound, "SHUTDOWN, entering SHUTDOWN-RECEIVED", "RFC 9260 §9.2");
      break;
    case State::shutdown_sent: {
      // §9.2: both sides shut down at once: answer with SHUTDOWN ACK.
      state_ = State::shutdown_ack_sent;
      ByteWriter w;
      write_empty_chunk(w, ChunkType::shutdown_ack);
      queue_control(w.take(), peer_tag_);
      t2_ = now + rto_.rto();
      break;
    }
    default:
      break;
  }
  sack_now_ = true;
}

void Association::on_shutdown_ack(Timestamp now, std::uint32_t) {
  if (state_ != State::shutdown_sent && state_ != State::shutdown_ack_sent) return;
  ByteWriter w;
  ShutdownCompleteChunk{false}.write(w);
  queue_control(w.take(), peer_tag_);
  trace_step(now, Direction::outbound, "SHUTDOWN COMPLETE, association CLOSED", "RFC 9260 §9.2");
  close(now, false, "shutdown complete");
}

void Association::on_shutdown_complete(Timestamp now) {
  if (state_ != State::shutdown_ack_sent) return;
  trace_step(now, Direction::inbound, "SHUTDOWN COMPLETE, association CLOSED", "RFC 9260 §9.2");
  close(now, false, "shutdown complete");
}

// ---------------------------------------------------------------- abort (§9.1)

void Association::abort(Timestamp now, std::string_view reason) {
  if (state_ == State::closed) return;
  ByteWriter causes;
  write_error_cause(causes, CauseCode::user_initiated_abort, as_bytes(reason));
  if (peer_tag_ != 0) queue_control(serialize(AbortChunk{false, causes.view()}), peer_tag_);
  trace_step(now, Direction::outbound, "ABORT (User-Initiated Abort)", "RFC 9260 §9.1");
  close(now, true, std::string("local abort") + (reason.empty() ? "" : ": ") + std::string(reason));
}

void Association::send_abort_and_close(Timestamp now, CauseCode cause, std::string_view reason,
                                       BytesView info) {
  ByteWriter causes;
  write_error_cause(causes, cause, info);
  if (peer_tag_ != 0) queue_control(serialize(AbortChunk{false, causes.view()}), peer_tag_);
  trace_step(now, Direction::outbound, std::string("ABORT: ") + std::string(reason),
             "RFC 9260 §9.1");
  close(now, true, std::string(reason));
}

void Association::close(Timestamp, bool aborted, std::string reason) {
  state_ = State::closed;
  ever_established_ = true;  // a closed association never reopens
  t1_.reset();
  t2_.reset();
  t3_.reset();
  delayed_ack_.reset();
  heartbeat_.reset();
  reconfig_timer_.reset();
  send_queue_.clear();
  out_streams_.clear();
  queued_bytes_ = 0;
  outstanding_.clear();
  retransmit_.clear();
  gap_acked_.clear();
  flight_size_ = 0;
  sack_now_ = false;
  forward_tsn_pending_ = false;
  events_.push_back(event::Closed{aborted, std::move(reason)});
}

// ---------------------------------------------------------------- stream reset (RFC 6525)

Result<void> Association::reset_streams(Timestamp now, const std::vector<std::uint16_t>& streams) {
  if (state_ != State::established) return fail(Errc::state, "association not established");
  if (!peer_reconfig_) return fail(Errc::unsupported, "peer does not support RE-CONFIG");
  for (auto s : streams) {
    out_streams_[s].resetting = true;
    pending_resets_.insert(s);
  }
  maybe_send_reconfig(now);
  return {};
}

// §5.1.2: one request at a time; a stream is reset only once its queued data has TSNs.
void Association::maybe_send_reconfig(Timestamp now) {
  if (!peer_reconfig_ || reset_in_flight_ || pending_resets_.empty()) return;
  if (state_ != State::established) return;
  OutgoingResetRequest req;
  for (auto it = pending_resets_.begin(); it != pending_resets_.end();) {
    auto s = out_streams_.find(*it);
    if (s == out_streams_.end() || s->second.queued_messages == 0) {
      req.streams.push_back(*it);
      it = pending_resets_.erase(it);
    } else {
      ++it;
    }
  }
  if (req.streams.empty()) return;
  req.request_sequence = next_reconfig_seq_++;
  req.response_sequence =
      incoming_request_response_seq_ ? *incoming_request_response_seq_ : peer_reconfig_seq_ - 1;
  incoming_request_response_seq_.reset();
  req.last_assigned_tsn = TsnUnwrapper::wrap(next_tsn_ - 1);
  reset_in_flight_ = req;
  ReconfigChunk chunk;
  chunk.outgoing.push_back(req);
  queue_control(serialize(chunk), peer_tag_);
  reconfig_timer_ = now + rto_.rto();
  trace_step(now, Direction::outbound, "RE-CONFIG Outgoing SSN Reset Request", "RFC 6525 §5.1.2");
}

void Association::process_deferred_reset(Timestamp now) {
  if (!deferred_incoming_ || !receiver_) return;
  const std::uint64_t last = receiver_->unwrap(deferred_incoming_->last_assigned_tsn);
  if (last > receiver_->cumulative_unwrapped()) return;  // §5.2.2: wait for the data
  collect_received();  // messages sent before the reset are delivered first
  receiver_->reset_streams(deferred_incoming_->streams);
  ReconfigResponse resp{deferred_incoming_->request_sequence, ReconfigResult::success_performed};
  ReconfigChunk chunk;
  chunk.responses.push_back(resp);
  queue_control(serialize(chunk), peer_tag_);
  last_reconfig_response_ = resp;
  ++peer_reconfig_seq_;
  events_.push_back(event::IncomingStreamsReset{deferred_incoming_->streams});
  deferred_incoming_.reset();
  trace_step(now, Direction::outbound, "RE-CONFIG Response: Success - Performed",
             "RFC 6525 §5.2.2");
}

void Association::on_reconfig(Timestamp now, const RawChunk& c) {
  if (!receiver_ || !config_.stream_reconfig) return;
  auto r = ReconfigChunk::parse(c);
  if (!r) return;
  auto respond = [this](std::uint32_t seq, ReconfigResult result) {
    ReconfigChunk chunk;
    chunk.responses.push_back({seq, result});
    queue_control(serialize(chunk), peer_tag_);
  };
  for (const auto& resp : r->responses) {
    if (!reset_in_flight_ || resp.response_sequence != reset_in_flight_->request_sequence) continue;
    if (resp.result == ReconfigResult::in_progress) {
      reconfig_timer_ = now + rto_.rto();  // retry later with the same sequence number
      continue;
    }
    const bool ok = resp.result == ReconfigResult::success_performed ||
                    resp.result == ReconfigResult::success_nothing_to_do;
    for (auto s : reset_in_flight_->streams) {
      auto& st = out_streams_[s];
      if (ok) st.next_ssn = 0;  // §5.1.2: SSNs restart at 0
      st.resetting = false;
    }
    events_.push_back(event::OutgoingStreamsReset{reset_in_flight_->streams, ok});
    reset_in_flight_.reset();
    reconfig_timer_.reset();
    maybe_send_reconfig(now);
  }
  for (const auto& req : r->outgoing) {
    if (req.request_sequence == peer_reconfig_seq_) {
      if (deferred_incoming_ && deferred_incoming_->request_sequence != req.request_sequence) {
        respond(req.request_sequence, ReconfigResult::error_request_already_in_progress);
        continue;
      }
      deferred_incoming_ = req;
      process_deferred_reset(now);
      if (deferred_incoming_) respond(req.request_sequence, ReconfigResult::in_progress);
    } else if (req.request_sequence == peer_reconfig_seq_ - 1 && last_reconfig_response_ &&
               last_reconfig_response_->response_sequence == req.request_sequence) {
      respond(req.request_sequence, last_reconfig_response_->result);  // a retransmission
    } else {
      respond(req.request_sequence, ReconfigResult::error_bad_sequence_number);
    }
  }
  for (const auto& req : r->incoming) {
    // §5.2.3: the peer asks us to reset our outgoing streams; we answer with our own
    // Outgoing SSN Reset Request that names this request.
    if (req.request_sequence != peer_reconfig_seq_) {
      if (req.request_sequence != peer_reconfig_seq_ - 1) {
        respond(req.request_sequence, ReconfigResult::error_bad_sequence_number);
      }
      continue;
    }
    ++peer_reconfig_seq_;
    incoming_request_response_seq_ = req.request_sequence;
    std::vector<std::uint16_t> streams = req.streams;
    if (streams.empty()) {
      for (const auto& [id, st] : out_streams_) streams.push_back(id);
    }
    if (streams.empty()) {
      respond(req.request_sequence, ReconfigResult::success_nothing_to_do);
      incoming_request_response_seq_.reset();
      continue;
    }
    for (auto s : streams) {
      out_streams_[s].resetting = true;
      pending_resets_.insert(s);
    }
    maybe_send_reconfig(now);
  }
}

// ---------------------------------------------------------------- timers and polling

void Association::handle_timeout(Timestamp now) {
  if (t1_ && *t1_ <= now) {
    // §5.1 / §5.3.1 T1-init and T1-cookie: retransmit with exponential back-off.
    if (++init_retransmissions_ > config_.max_init_retransmissions) {
      close(now, true, "handshake timed out");
      return;
    }
    t1_rto_ = std::min(t1_rto_ * 2, config_.rto.max);
    if (state_ == State::cookie_wait) {
      send_init(now);
    } else if (state_ == State::cookie_echoed) {
      queue_control(cookie_echo_, peer_tag_);
      t1_ = now + t1_rto_;
    } else {
      t1_.reset();
    }
  }
  if (t3_ && *t3_ <= now) on_t3_expired(now);
  if (state_ == State::closed) return;
  if (t2_ && *t2_ <= now) {
    // §9.2 T2-shutdown.
    if (++error_count_ > config_.max_retransmissions) {
      send_abort_and_close(now, CauseCode::user_initiated_abort, "shutdown timed out");
      return;
    }
    rto_.back_off();
    if (state_ == State::shutdown_sent) {
      queue_control(serialize(ShutdownChunk{receiver_->cumulative_tsn()}), peer_tag_);
    } else if (state_ == State::shutdown_ack_sent) {
      ByteWriter w;
      write_empty_chunk(w, ChunkType::shutdown_ack);
      queue_control(w.take(), peer_tag_);
    }
    t2_ = now + rto_.rto();
  }
  if (delayed_ack_ && *delayed_ack_ <= now) {
    delayed_ack_.reset();
    sack_now_ = true;
  }
  if (heartbeat_ && *heartbeat_ <= now) {
    // §8.3: probe an idle path; an unanswered probe counts as an error.
    if (heartbeat_outstanding_ && ++error_count_ > config_.max_retransmissions) {
      send_abort_and_close(now, CauseCode::user_initiated_abort,
                           "peer stopped answering heartbeats");
      return;
    }
    if (outstanding_.empty()) {
      heartbeat_nonce_ = random_.u64();
      ByteWriter info;
      info.u64(heartbeat_nonce_);
      info.u64(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count()));
      ByteWriter w;
      HeartbeatChunk{info.view()}.write(w, false);
      queue_control(w.take(), peer_tag_);
      heartbeat_outstanding_ = true;
    }
    heartbeat_ = now + config_.heartbeat_interval + rto_.rto();
  }
  if (reconfig_timer_ && *reconfig_timer_ <= now) {
    if (reset_in_flight_) {
      ReconfigChunk chunk;
      chunk.outgoing.push_back(*reset_in_flight_);
      queue_control(serialize(chunk), peer_tag_);
      reconfig_timer_ = now + rto_.rto();
    } else {
      reconfig_timer_.reset();
    }
  }
}

std::optional<Timestamp> Association::poll_timeout() const {
  std::optional<Timestamp> t;
  for (const auto& timer : {t1_, t2_, t3_, delayed_ack_, heartbeat_, reconfig_timer_}) {
    if (timer && (!t || *timer < *t)) t = timer;
  }
  return t;
}

std::optional<Event> Association::poll_event() {
  if (events_.empty()) return std::nullopt;
  Event e = std::move(events_.front());
  events_.pop_front();
  return e;
}

void Association::collect_received() {
  if (!receiver_) return;
  auto& ready = receiver_->ready();
  while (!ready.empty()) {
    ReceivedMessage& m = ready.front();
    events_.push_back(event::Message{m.stream_id, m.ppid, m.unordered, std::move(m.data)});
    ready.pop_front();
  }
}

std::optional<Bytes> Association::poll_transmit(Timestamp now) {
  maybe_send_reconfig(now);
  maybe_progress_shutdown(now);
  return build_packet(now);
}

}  // namespace rtc::sctp
