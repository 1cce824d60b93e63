// Interop scenarios with the official socket.io-client (Socket.IO v5 over Engine.IO v4's
// WebSocket transport), used exactly as browser code would use it.
// Usage: node socketio_scenarios.js PORT SCENARIO   (exit status 0 = pass)
'use strict';

const path = require('path');
const { modules, fail, check, equal, deadline, connect, join, Inbox } = require('./common');
const { io } = require(path.join(modules, 'socket.io-client'));

const port = Number(process.argv[2]);
const scenario = process.argv[3];
const url = `http://127.0.0.1:${port}`;

// A socket.io client; events of the rooms protocol are queued in order.
async function sioConnect(nsp = '/') {
  // transports: the server speaks only the WebSocket transport (no HTTP long-polling).
  const socket = io(url + nsp, { transports: ['websocket'], reconnection: false, forceNew: true });
  const inbox = new Inbox();
  socket.onAny((event, data) => inbox.push({ event, data }));
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    inbox,
    next: () => inbox.next(),
    request: (event, data) => socket.timeout(5000).emitWithAck(event, data),
  };
}

const scenarios = {
  // Connect, join with an acknowledgement, relay between two socket.io clients.
  async relay() {
    const a = await sioConnect();
    const b = await sioConnect();
    check(typeof a.socket.id === 'string' && a.socket.id.length > 0, 'socket id from 40{"sid"}');
    const ja = await a.request('join', { room: 'sio' });
    equal([ja.type, ja.room, ja.peers], ['joined', 'sio', []], 'join acknowledged');
    const jb = await b.request('join', { room: 'sio' });
    equal(jb.peers, [ja.id], 'peer list');
    equal(await a.next(), { event: 'peer-joined', data: { room: 'sio', id: jb.id } }, 'peer-joined');
    a.socket.emit('offer', { to: jb.id, sdp: 'v=0\r\n' });
    equal(await b.next(), { event: 'offer', data: { from: ja.id, sdp: 'v=0\r\n' } }, 'offer');
    const ack = await b.request('answer', { to: ja.id, sdp: 'v=0\r\n' });
    equal(ack, { type: 'ok' }, 'a relay is acknowledged with ok');
    equal((await a.next()).event, 'answer', 'answer');
    const err = await a.request('offer', { to: 'p999999', sdp: 'x' });
    equal([err.type, err.code], ['error', 'unknown-peer'], 'errors come back in the ack');
    b.socket.disconnect();
    equal(await a.next(), { event: 'peer-left', data: { room: 'sio', id: jb.id } }, 'peer-left');
    a.socket.disconnect();
  },

  // A socket.io client and a plain WebSocket client in one room hear each other.
  async mixed() {
    const s = await sioConnect();
    const w = await connect(port);
    const js = await s.request('join', { room: 'mixed' });
    const jw = await join(w, 'mixed');
    equal(jw.peers, [js.id], 'ws client sees the socket.io peer');
    equal((await s.next()).event, 'peer-joined', 'socket.io hears the ws join');
    w.send({ type: 'offer', to: js.id, sdp: 'from ws' });
    equal(await s.next(), { event: 'offer', data: { from: jw.id, sdp: 'from ws' } }, 'ws -> sio');
    s.socket.emit('answer', { to: jw.id, sdp: 'from sio' });
    equal(await w.recv(), { type: 'answer', from: js.id, sdp: 'from sio' }, 'sio -> ws');
    // Without an ack callback, the reply to a request is an event of its own.
    s.socket.emit('ping');
    equal(await s.next(), { event: 'pong', data: {} }, 'reply as an event');
    s.socket.disconnect();
    w.ws.close();
  },

  // Rooms are isolated for socket.io clients too.
  async isolation() {
    const a = await sioConnect();
    const b = await sioConnect();
    const c = await sioConnect();
    const ja = await a.request('join', { room: 'one' });
    await b.request('join', { room: 'one' });
    await a.next();  // peer-joined
    await c.request('join', { room: 'two' });
    c.socket.emit('message', { text: 'two only' });
    equal((await c.request('offer', { to: ja.id, sdp: 'x' })).code, 'unknown-peer', 'no crossing');
    a.socket.emit('message', { text: 'one only' });
    equal((await b.next()).data.text, 'one only', 'room mate hears');
    for (const x of [a, b, c]) {
      equal(await x.request('ping'), { type: 'pong' }, 'round trip');
      equal(x.inbox.items.length, 0, 'nothing else received');
    }
    for (const x of [a, b, c]) x.socket.disconnect();
  },

  // Engine.IO heartbeat: the server pings every pingInterval (200 ms on the test server), the
  // client answers; the connection stays up across several intervals.
  async heartbeat() {
    const a = await sioConnect();
    let pings = 0;
    a.socket.io.engine.on('ping', () => pings++);
    await new Promise((resolve) => {
      const timer = setInterval(() => {
        if (pings >= 3) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    check(a.socket.connected, 'still connected after 3 pings');
    equal(await a.request('ping'), { type: 'pong' }, 'still working');
    a.socket.disconnect();
  },

  // Namespaces other than "/" are refused the way socket.io refuses them.
  async bad_namespace() {
    try {
      await sioConnect('/admin');
      fail('namespace /admin was accepted');
    } catch (e) {
      equal(e.message, 'Invalid namespace', 'connect_error');
    }
  },

  // Bad event data is answered, not crashed on.
  async bad_event() {
    const a = await sioConnect();
    equal((await a.request('join', 'not an object')).code, 'bad-json', 'string payload');
    equal((await a.request('fly', {})).code, 'unknown-type', 'unknown event');
    a.socket.disconnect();
  },
};

deadline();
if (!scenarios[scenario]) fail(`unknown scenario ${scenario}`);
scenarios[scenario]().then(() => process.exit(0), (e) => fail(e.stack || String(e)));
