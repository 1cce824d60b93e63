// Headless Chromium (Debian's, driven by playwright-core) against the signaling server: the
// browser's own WebSocket implementation, and the demo page itself.
// Usage: node chromium_scenarios.js PORT   (exit status 0 = pass)
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { modules, fail, check, equal, deadline } = require('./common');
const { chromium } = require(path.join(modules, 'playwright-core'));

const port = Number(process.argv[2]);
const base = `http://127.0.0.1:${port}`;

// Runs in the page: the protocol with the browser's WebSocket, no library.
async function inPage(wsUrl) {
  const open = (url) => new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const queue = [];
    const waiters = [];
    const push = (x) => (waiters.length ? waiters.shift()(x) : queue.push(x));
    ws.onmessage = (e) => push({ kind: 'message', data: JSON.parse(e.data) });
    ws.onclose = (e) => push({ kind: 'close', code: e.code, reason: e.reason });
    ws.onopen = () => resolve({
      ws,
      send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
      next: () => (queue.length ? Promise.resolve(queue.shift())
        : new Promise((r) => waiters.push(r))),
    });
    ws.onerror = () => reject(new Error('WebSocket error'));
  });
  const out = {};
  const a = await open(wsUrl);
  const b = await open(wsUrl);
  a.send({ type: 'join', room: 'browser' });
  const ja = (await a.next()).data;
  b.send({ type: 'join', room: 'browser' });
  const jb = (await b.next()).data;
  out.peers = jb.peers;
  out.aId = ja.id;
  out.peerJoined = (await a.next()).data;
  // A large message: Chromium sends it in one frame with a 16-bit length, masked.
  const sdp = 'v=0\r\n' + 'a=x\r\n'.repeat(4000);
  a.send({ type: 'offer', to: jb.id, sdp });
  const offer = (await b.next()).data;
  out.offerOk = offer.type === 'offer' && offer.from === ja.id && offer.sdp === sdp;
  b.send('{not json');
  out.badJson = (await b.next()).data;
  // §5.5.1: a close code of the application's range comes back in the server's Close.
  b.ws.close(4000, 'done');
  out.closeB = await b.next();
  out.peerLeft = (await a.next()).data;
  // Oversized: 1009 (the browser's onclose reports the server's code).
  a.send('x'.repeat(70 * 1024));
  out.closeA = await a.next();
  // Keepalive: the test server pings after 100 ms of silence and drops connections silent for
  // 400 ms; the browser's automatic Pongs must keep this one alive for a second.
  const c = await open(wsUrl);
  await new Promise((r) => setTimeout(r, 1000));
  c.send({ type: 'ping' });
  out.aliveAfterPings = (await c.next()).data;
  c.ws.close();
  return out;
}

async function main() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtc-sig-chromium-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', '--no-startup-window',
    ],
    timeout: 30000,
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The demo page is served by the server itself (static files).
    const response = await page.goto(`${base}/`);
    equal(response.status(), 200, 'demo page');
    const out = await page.evaluate(inPage, `ws://127.0.0.1:${port}/ws`);
    equal(out.peers, [out.aId], 'peer list');
    equal(out.peerJoined.type, 'peer-joined', 'peer-joined');
    check(out.offerOk, 'offer relayed intact');
    equal([out.badJson.type, out.badJson.code], ['error', 'bad-json'], 'bad JSON');
    equal(out.closeB.code, 4000, 'close code echoed');
    equal(out.peerLeft.type, 'peer-left', 'peer-left');
    equal(out.closeA.code, 1009, 'oversized');
    equal(out.aliveAfterPings, { type: 'pong' }, 'browser answers pings');

    // The demo page's own app.js: two tabs join one room and see each other.
    const tab1 = page;
    const tab2 = await context.newPage();
    await tab2.goto(`${base}/`);
    for (const tab of [tab1, tab2]) {
      await tab.fill('#room', 'demo-page');
      await tab.click('#join-button');
      await tab.waitForFunction(() => document.querySelector('#me').textContent.startsWith('(you are'));
    }
    const id2 = (await tab2.textContent('#me')).match(/p\d+/)[0];
    await tab1.waitForFunction((id) => [...document.querySelectorAll('#peers li')]
      .some((li) => li.textContent === id), id2);
    await tab2.fill('#text', 'hello from tab 2');
    await tab2.click('#send');
    await tab1.waitForFunction(() => document.querySelector('#log').textContent.includes('hello from tab 2'));
  } finally {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

deadline(25000);
main().then(() => process.exit(0), (e) => fail(e.stack || String(e)));
