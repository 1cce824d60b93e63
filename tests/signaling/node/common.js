// Helpers shared by the interop scenarios: a client that queues what it receives, so a test
// reads messages in order with `await next()` instead of juggling callbacks.
'use strict';

const path = require('path');
const modules = path.join(__dirname, '..', '..', 'node', 'node_modules');
const WebSocket = require(path.join(modules, 'ws'));

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

function equal(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

// Every scenario must end well before the C++ test's own timeout.
function deadline(ms = 10000) {
  setTimeout(() => fail(`timed out after ${ms} ms`), ms).unref();
}

// A queue of events (messages, closes) with an awaitable next().
class Inbox {
  constructor() {
    this.items = [];
    this.waiters = [];
  }
  push(item) {
    const w = this.waiters.shift();
    if (w) w(item);
    else this.items.push(item);
  }
  next() {
    if (this.items.length) return Promise.resolve(this.items.shift());
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

// A `ws` client of the JSON protocol.
async function connect(port, options = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, options);
  const inbox = new Inbox();
  ws.on('message', (data, isBinary) => inbox.push({ kind: 'message', data: data.toString(), isBinary }));
  ws.on('close', (code, reason) => inbox.push({ kind: 'close', code, reason: reason.toString() }));
  ws.on('pong', (data) => inbox.push({ kind: 'pong', data: data.toString() }));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const client = {
    ws,
    inbox,
    send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
    // The next JSON message (skipping nothing: anything else fails the scenario).
    async recv(what = 'message') {
      const e = await inbox.next();
      check(e.kind === 'message', `${what}: expected a message, got ${JSON.stringify(e)}`);
      return JSON.parse(e.data);
    },
    async closed() {
      const e = await inbox.next();
      check(e.kind === 'close', `expected a close, got ${JSON.stringify(e)}`);
      return e;
    },
    // A round trip through the server: everything the server sent this client before the
    // pong has arrived by then, so "nothing else was received" can be checked without sleeping.
    async sync() {
      client.send({ type: 'ping' });
      equal(await client.recv('pong'), { type: 'pong' }, 'sync');
    },
  };
  return client;
}

async function join(client, room, extra = {}) {
  client.send({ type: 'join', room, ...extra });
  const m = await client.recv('joined');
  equal(m.type, 'joined', 'join reply');
  return m;
}

module.exports = { WebSocket, Inbox, modules, fail, check, equal, deadline, connect, join };
