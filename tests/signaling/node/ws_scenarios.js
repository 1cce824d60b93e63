// Interop scenarios against the signaling server with the `ws` npm package (a client no one
// here wrote), plus raw TCP for what a well-behaved client library refuses to send.
// Usage: node ws_scenarios.js PORT SCENARIO   (exit status 0 = pass)
'use strict';

const net = require('net');
const { fail, check, equal, deadline, connect, join } = require('./common');

const port = Number(process.argv[2]);
const scenario = process.argv[3];

// A raw TCP conversation: send bytes, collect everything until the server closes.
function raw(bytes) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.on('error', () => {});
    socket.write(bytes);
  });
}

const upgradeHead = 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n' +
  'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
  'Sec-WebSocket-Version: 13\r\n\r\n';

// The close frame at the start of what the server sent after its 101 response.
function closeCodeAfterHandshake(reply) {
  const end = reply.indexOf('\r\n\r\n');
  check(end > 0 && reply.toString('latin1', 0, 12) === 'HTTP/1.1 101', `no 101: ${reply}`);
  const frame = reply.subarray(end + 4);
  check(frame.length >= 4, 'no close frame');
  equal(frame[0], 0x88, 'close opcode with FIN');
  check((frame[1] & 0x80) === 0, 'server frames are not masked (RFC 6455 §5.1)');
  return frame.readUInt16BE(2);
}

const scenarios = {
  // Join, peer list, notifications, offer/answer/candidate/bye relayed, peer-left.
  async relay() {
    const a = await connect(port);
    const b = await connect(port);
    const ja = await join(a, 'room-1');
    equal(ja.peers, [], 'first peer sees nobody');
    check(/^p\d+$/.test(ja.id), `server-assigned id ${ja.id}`);
    const jb = await join(b, 'room-1');
    equal(jb.peers, [ja.id], 'second peer sees the first');
    equal(await a.recv(), { type: 'peer-joined', room: 'room-1', id: jb.id }, 'peer-joined');

    a.send({ type: 'offer', to: jb.id, sdp: 'v=0\r\n' });
    equal(await b.recv(), { type: 'offer', from: ja.id, sdp: 'v=0\r\n' }, 'offer relayed');
    b.send({ type: 'answer', to: ja.id, sdp: 'v=0\r\na=answer\r\n' });
    equal(await a.recv(), { type: 'answer', from: jb.id, sdp: 'v=0\r\na=answer\r\n' }, 'answer');
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0' };
    b.send({ type: 'candidate', candidate });  // no "to": the whole room
    equal(await a.recv(), { type: 'candidate', from: jb.id, candidate }, 'candidate');
    a.send({ type: 'bye', to: jb.id });
    equal(await b.recv(), { type: 'bye', from: ja.id }, 'bye');
    b.ws.close(1000);
    equal(await a.recv(), { type: 'peer-left', room: 'room-1', id: jb.id }, 'peer-left');
    equal((await b.closed()).code, 1000, 'normal close echoed');
    a.ws.close();
  },

  // No client ever receives a message of a room it has not joined.
  async isolation() {
    const a = await connect(port);
    const b = await connect(port);
    const c = await connect(port);
    const ja = await join(a, 'alpha');
    await join(b, 'alpha');
    await a.recv('peer-joined');
    await join(c, 'beta');
    c.send({ type: 'message', text: 'to beta' });
    c.send({ type: 'offer', to: ja.id, sdp: 'x' });
    equal((await c.recv()).code, 'unknown-peer', 'no relay across rooms');
    a.send({ type: 'message', text: 'to alpha' });
    equal((await b.recv()).text, 'to alpha', 'room mate hears');
    await Promise.all([a.sync(), b.sync(), c.sync()]);  // nothing else is queued for anyone
    for (const x of [a, b, c]) x.ws.close();
  },

  // RFC 6455 §5.4: a message in fragments, with a ping between them (§5.5).
  async fragmentation() {
    const a = await connect(port);
    const b = await connect(port);
    const ja = await join(a, 'frag');
    await join(b, 'frag');
    await a.recv('peer-joined');
    const sdp = 'v=0\r\n' + 'a=x\r\n'.repeat(8000);  // 40 kB: a 16-bit length
    const text = JSON.stringify({ type: 'offer', sdp });
    const third = Math.floor(text.length / 3);
    a.ws.send(text.slice(0, third), { fin: false });
    a.ws.ping('mid');
    a.ws.send(text.slice(third, 2 * third), { fin: false });
    a.ws.send(text.slice(2 * third), { fin: true });
    const pong = await a.inbox.next();
    equal(pong, { kind: 'pong', data: 'mid' }, 'ping answered in the middle of a message');
    const m = await b.recv();
    equal(m.from, ja.id, 'from');
    check(m.sdp === sdp, 'reassembled SDP intact');
    a.ws.close();
    b.ws.close();
  },

  // §5.5.2/§5.5.3: a Pong echoes the Ping's application data.
  async ping() {
    const a = await connect(port);
    a.ws.ping('hello');
    equal(await a.inbox.next(), { kind: 'pong', data: 'hello' }, 'pong');
    a.ws.ping();
    equal(await a.inbox.next(), { kind: 'pong', data: '' }, 'empty pong');
    a.ws.close();
  },

  // §5.5.1, §7.1.2: the server answers a Close with a Close carrying the same code.
  async close_codes() {
    const a = await connect(port);
    a.ws.close(4001, 'done here');
    equal((await a.closed()).code, 4001, 'application code echoed');
    const b = await connect(port);
    b.ws.close(1001);
    equal((await b.closed()).code, 1001, '1001 echoed');
  },

  // §7.4.1 1009: the server's limit is 64 KiB by default.
  async oversized() {
    const a = await connect(port);
    a.send(JSON.stringify({ type: 'message', text: 'x'.repeat(70 * 1024) }));
    const c = await a.closed();
    equal(c.code, 1009, 'message too big');
  },

  // §8.1 1007: text that is not UTF-8. (ws validates what it receives, not what it sends.)
  async invalid_utf8() {
    const a = await connect(port);
    a.ws.send(Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), { binary: false });
    equal((await a.closed()).code, 1007, 'invalid payload data');
  },

  // §7.4.1 1003: the protocol is JSON text; binary is refused.
  async binary() {
    const a = await connect(port);
    a.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    equal((await a.closed()).code, 1003, 'unsupported data');
  },

  // PROTOCOL.md: bad JSON is answered with a JSON error, and the connection stays usable.
  async bad_json() {
    const a = await connect(port);
    a.send('this is not json');
    const e = await a.recv();
    equal([e.type, e.code], ['error', 'bad-json'], 'error message');
    check(typeof e.message === 'string', 'error has a message');
    a.send({ type: 'launch' });
    equal((await a.recv()).code, 'unknown-type', 'unknown type');
    a.send({ type: 'offer', sdp: 'x' });
    equal((await a.recv()).code, 'not-joined', 'relay before join');
    await a.sync();
    a.ws.close();
  },

  // §5.1: "a server MUST close the connection upon receiving a frame that is not masked".
  async unmasked() {
    const payload = Buffer.from('{"type":"ping"}');
    const frame = Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
    const reply = await raw(Buffer.concat([Buffer.from(upgradeHead), frame]));
    equal(closeCodeAfterHandshake(reply), 1002, 'protocol error');
  },

  // §5.5: a control frame longer than 125 bytes, and a fragmented one.
  async bad_control_frames() {
    const long = Buffer.concat([Buffer.from([0x89, 0x80 | 126, 0, 126, 1, 2, 3, 4]), Buffer.alloc(126)]);
    equal(closeCodeAfterHandshake(await raw(Buffer.concat([Buffer.from(upgradeHead), long]))),
      1002, 'long ping');
    const fragmented = Buffer.from([0x09, 0x80, 1, 2, 3, 4]);
    equal(closeCodeAfterHandshake(await raw(Buffer.concat([Buffer.from(upgradeHead), fragmented]))),
      1002, 'fragmented ping');
  },

  // §4.2.1/§4.4: bad upgrades get 400 or 426, and the connection is closed.
  async bad_upgrades() {
    const status = (reply) => Number(reply.toString('latin1', 9, 12));
    equal(status(await raw('GET /ws HTTP/1.1\r\nHost: h\r\n\r\n')), 426, 'plain GET of /ws');
    equal(status(await raw(upgradeHead.replace('Version: 13', 'Version: 8'))), 426, 'version 8');
    equal(status(await raw(upgradeHead.replace('dGhlIHNhbXBsZSBub25jZQ==', 'c2hvcnQ='))), 400,
      'short key');
    equal(status(await raw(upgradeHead.replace('Upgrade: websocket\r\n', ''))), 426, 'no Upgrade');
    equal(status(await raw(upgradeHead.replace('Connection: Upgrade', 'Connection: close'))), 400,
      'no Connection: Upgrade');
    equal(status(await raw('GET /ws HTTP/1.1\r\nHost: h\r\nX: ' + 'a'.repeat(9000) + '\r\n\r\n')),
      431, 'huge head');
    equal(status(await raw('BREW /ws HTCPCP/1.0\r\n\r\n')), 505, 'not HTTP/1.x');
  },

  // RFC 6455 §10.2: the Origin allow-list (the test server allows http://allowed.example).
  async origin() {
    const ok = await connect(port, { origin: 'http://allowed.example' });
    ok.ws.close();
    try {
      await connect(port, { origin: 'http://evil.example' });
      fail('a foreign origin was let in');
    } catch (e) {
      equal(e.message, 'HTTP 403', 'forbidden');
    }
  },

  // The demo page: content types, caching headers, revalidation, no escape from the root.
  async static_files() {
    const base = `http://127.0.0.1:${port}`;
    const index = await fetch(`${base}/`);
    equal(index.status, 200, 'index');
    equal(index.headers.get('content-type'), 'text/html; charset=utf-8', 'html type');
    equal(index.headers.get('cache-control'), 'no-cache', 'cache-control');
    check((await index.text()).includes('app.js'), 'the page loads app.js');
    const js = await fetch(`${base}/app.js`);
    equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8', 'js type');
    const etag = js.headers.get('etag');
    check(etag && etag.startsWith('"'), 'strong ETag');
    await js.text();
    const again = await fetch(`${base}/app.js`, { headers: { 'If-None-Match': etag } });
    equal(again.status, 304, 'revalidated');
    equal((await fetch(`${base}/style.css`)).headers.get('content-type'), 'text/css; charset=utf-8',
      'css type');
    equal((await fetch(`${base}/missing.html`)).status, 404, 'missing');
    const escape = await raw('GET /../CMakeLists.txt HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    equal(Number(escape.toString('latin1', 9, 12)), 404, 'no way out of the web root');
    const head = await raw('HEAD /index.html HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    check(head.toString().endsWith('\r\n\r\n'), 'HEAD has no body');
  },

  // The per-connection message-rate limit (the test server allows bursts of 20).
  // Many messages in one TCP segment (the sender's socket corked), fanned out in a room of
  // three while another member sends at the same time: the server writes what one read makes
  // it send together, and every message must still arrive once, whole and in order.
  async burst() {
    const a = await connect(port);
    const b = await connect(port);
    const c = await connect(port);
    const ja = await join(a, 'burst');
    const jb = await join(b, 'burst');
    await a.recv('peer-joined');
    await join(c, 'burst');
    await a.recv('peer-joined');
    await b.recv('peer-joined');
    const n = 15;  // within the test server's burst of 20 messages per connection
    a.ws._socket.cork();  // the `ws` client's net.Socket: one write for all the frames
    for (let i = 0; i < n; i++) a.send({ type: 'message', text: `a${i}` });
    a.ws._socket.uncork();
    for (let i = 0; i < n; i++) b.send({ type: 'message', to: ja.id, text: `b${i}` });
    for (let i = 0; i < n; i++) {
      equal(await c.recv(), { type: 'message', from: ja.id, text: `a${i}` }, `c gets a${i}`);
    }
    const fromA = [];
    const fromB = [];
    for (let i = 0; i < 2 * n; i++) {
      const m = await (i < n ? b : a).recv();
      (m.from === ja.id ? fromA : fromB).push(m);
    }
    equal(fromA.map((m) => m.text), [...Array(n).keys()].map((i) => `a${i}`), 'b gets a0..');
    equal(fromB.map((m) => m.text), [...Array(n).keys()].map((i) => `b${i}`), 'a gets b0..');
    check(fromB.every((m) => m.from === jb.id), 'from b');
    await Promise.all([a.sync(), b.sync(), c.sync()]);
  },

  async rate_limit() {
    const a = await connect(port);
    for (let i = 0; i < 40; i++) a.send({ type: 'ping' });
    let errors = 0;
    for (;;) {
      const e = await a.inbox.next();
      if (e.kind === 'close') {
        equal(e.code, 1008, 'policy violation');
        break;
      }
      const m = JSON.parse(e.data);
      if (m.type === 'error') {
        equal(m.code, 'rate-limited', 'error code');
        errors++;
      }
    }
    equal(errors, 1, 'one rate-limited error before the close');
  },
};

deadline();
if (!scenarios[scenario]) fail(`unknown scenario ${scenario}`);
scenarios[scenario]().then(() => process.exit(0), (e) => fail(e.stack || String(e)));
