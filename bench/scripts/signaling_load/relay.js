// Relay load: P rooms of two; in each, peer A sends offers "to" peer B at a fixed total rate;
// B records the one-way latency (same process, same clock). Prints one JSON line.
// Usage: node relay.js PORT PAIRS RATE SECONDS
'use strict';

const { open, frame } = require('./wsclient');

const [port, pairs, rate, seconds] = process.argv.slice(2).map(Number);

async function main() {
  const latencies = [];
  let received = 0;
  let measuring = false;
  const senders = [];
  for (let i = 0; i < pairs; i++) {
    const room = `load-${i}-${process.pid}`;
    let joinedA;
    const a = await open(port, (t) => { if (!joinedA) joinedA = JSON.parse(t); });
    let idB;
    const b = await open(port, (t) => {
      if (idB === undefined) {
        idB = JSON.parse(t).id;
        return;
      }
      // Cheaper than JSON.parse at 20k messages/s: find the send time by its key.
      const at = t.indexOf('"t":"');
      if (at >= 0 && measuring) {
        const sentAt = BigInt(t.slice(at + 5, t.indexOf('"', at + 5)));
        latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
        received++;
      }
    });
    a.send(JSON.stringify({ type: 'join', room }));
    await new Promise((r) => setTimeout(r, 1));
    b.send(JSON.stringify({ type: 'join', room }));
    while (idB === undefined) await new Promise((r) => setTimeout(r, 1));
    senders.push({ a, to: idB });
  }
  // Warm up 1 s, then measure. Every 5 ms, each sender sends its share.
  const tickMs = 5;
  const perTick = rate * tickMs / 1000;
  let carry = 0;
  let next = 0;
  let sent = 0;
  const start = Date.now();
  const timer = setInterval(() => {
    const elapsed = Date.now() - start;
    if (elapsed > 1000 && !measuring) measuring = true;
    carry += perTick;
    const n = Math.floor(carry);
    carry -= n;
    // One write per sender per tick (frames concatenated): fewer system calls in the
    // generator, the same frames on the wire.
    const batches = new Map();
    for (let k = 0; k < n; k++) {
      const s = senders[next++ % senders.length];
      const f = frame(`{"type":"message","to":"${s.to}","t":"${process.hrtime.bigint()}","text":"hello"}`);
      if (!batches.has(s)) batches.set(s, []);
      batches.get(s).push(f);
      if (measuring) sent++;
    }
    for (const [s, frames] of batches) s.a.socket.write(Buffer.concat(frames));
  }, tickMs);
  await new Promise((r) => setTimeout(r, 1000 + seconds * 1000));
  clearInterval(timer);
  measuring = false;
  latencies.sort((x, y) => x - y);
  const q = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
  console.log(JSON.stringify({
    target_rate: rate, sent_per_s: Math.round(sent / seconds), received_per_s: Math.round(received / seconds),
    p50_ms: +q(0.5).toFixed(3), p99_ms: +q(0.99).toFixed(3), max_ms: +q(1).toFixed(3),
  }));
  process.exit(0);
}

main().catch((e) => {
  console.error(`relay: ${e.message}`);
  process.exit(1);
});
