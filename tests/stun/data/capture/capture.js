#!/usr/bin/env node
// Captures real ICE connectivity checks from Debian's headless Chromium (run by ../capture.sh).
//
//   node capture.js run TMP_DIR SDPS_JSON      two peers in one page connect over 127.0.0.1;
//                                              their SDPs (ice-ufrag, ice-pwd) go to SDPS_JSON
//   node capture.js extract PCAP SDPS_JSON OUT pick STUN binding requests (and one response)
//                                              out of the capture, write OUT/*.bin + .txt
//
// Chromium is driven by playwright-core with Debian's /usr/bin/chromium and the command line of
// INTEROP-NOTES.md (no downloads, no playwright defaults). playwright-core ends the browser it
// started; capture.sh ends tshark and removes every temp file.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');

const nodeModules = path.resolve(__dirname, '../../../node/node_modules');

async function run(tmpDir, sdpsFile) {
  const {chromium} = require(path.join(nodeModules, 'playwright-core'));
  const userDataDir = path.join(tmpDir, 'chromium-profile');
  fs.mkdirSync(userDataDir, {recursive: true});
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', '--no-startup-window',
    ],
    timeout: 60000,
  });
  // A page from http://127.0.0.1 is a secure context, so getUserMedia exists; with the (fake)
  // media permission Chromium gathers host candidates on 127.0.0.1 with real addresses.
  const server = http.createServer((req, res) => {
    res.writeHead(200, {'Content-Type': 'text/html'});
    res.end('<!DOCTYPE html><title>rtc STUN capture</title>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const result = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({audio: true});
      stream.getTracks().forEach((t) => t.stop());
      // Only loopback candidates, so that every check crosses the interface tshark records.
      const onlyLoopback = (c) => !c.candidate || c.candidate.includes(' 127.0.0.1 ');
      const pc1 = new RTCPeerConnection();
      const pc2 = new RTCPeerConnection();
      pc1.onicecandidate = (e) => e.candidate && onlyLoopback(e.candidate) &&
          pc2.addIceCandidate(e.candidate);
      pc2.onicecandidate = (e) => e.candidate && onlyLoopback(e.candidate) &&
          pc1.addIceCandidate(e.candidate);
      const channel = pc1.createDataChannel('capture');
      await pc1.setLocalDescription();
      await pc2.setRemoteDescription(pc1.localDescription);
      await pc2.setLocalDescription();
      await pc1.setRemoteDescription(pc2.localDescription);
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the data channel did not open')), 20000);
        channel.onopen = () => (clearTimeout(timer), resolve());
      });
      // A little longer, for more checks (nomination, consent freshness).
      await new Promise((r) => setTimeout(r, 2000));
      const out = {offer: pc1.localDescription.sdp, answer: pc2.localDescription.sdp};
      pc1.close();
      pc2.close();
      return out;
    });
    result.version = browser.version();
    fs.writeFileSync(sdpsFile, JSON.stringify(result, null, 2));
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }
}

// --- pcap reading (libpcap format, Ethernet or Linux cooked link types) ---

function* udpPayloads(file) {
  const b = fs.readFileSync(file);
  const magic = b.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const linkType = u32(20);
  let pos = 24;
  while (pos + 16 <= b.length) {
    const caplen = u32(pos + 8);
    const frame = b.subarray(pos + 16, pos + 16 + caplen);
    pos += 16 + caplen;
    let ip;
    if (linkType === 1) {  // Ethernet
      if (frame.readUInt16BE(12) !== 0x0800) continue;
      ip = frame.subarray(14);
    } else if (linkType === 113) {  // Linux cooked (SLL)
      if (frame.readUInt16BE(14) !== 0x0800) continue;
      ip = frame.subarray(16);
    } else {
      throw new Error(`unsupported pcap link type ${linkType}`);
    }
    if (ip[9] !== 17) continue;  // UDP
    const udp = ip.subarray((ip[0] & 0x0f) * 4);
    const length = udp.readUInt16BE(4);
    yield {srcPort: udp.readUInt16BE(0), dstPort: udp.readUInt16BE(2),
      payload: Buffer.from(udp.subarray(8, length))};
  }
}

function stunAttributes(msg) {
  const attrs = new Map();
  let pos = 20;
  while (pos + 4 <= msg.length) {
    const type = msg.readUInt16BE(pos);
    const len = msg.readUInt16BE(pos + 2);
    if (!attrs.has(type)) attrs.set(type, msg.subarray(pos + 4, pos + 4 + len));
    pos += 4 + ((len + 3) & ~3);
  }
  return attrs;
}

function isStun(msg) {
  return msg.length >= 20 && (msg[0] & 0xc0) === 0 && msg.readUInt32BE(4) === 0x2112a442;
}

function credentials(sdp) {
  const ufrag = /a=ice-ufrag:(\S+)/.exec(sdp)[1];
  const pwd = /a=ice-pwd:(\S+)/.exec(sdp)[1];
  return {ufrag, pwd};
}

function extract(pcapFile, sdpsFile, outDir) {
  const sdps = JSON.parse(fs.readFileSync(sdpsFile, 'utf8'));
  const passwords = new Map();
  for (const sdp of [sdps.offer, sdps.answer]) {
    const c = credentials(sdp);
    passwords.set(c.ufrag, c.pwd);
  }
  const USERNAME = 0x0006, CONTROLLED = 0x8029, CONTROLLING = 0x802a;
  const picked = {};
  const requestKeys = new Map();  // transaction id -> password of the request
  for (const {payload} of udpPayloads(pcapFile)) {
    if (!isStun(payload)) continue;
    const type = payload.readUInt16BE(0);
    const tid = payload.subarray(8, 20).toString('hex');
    const attrs = stunAttributes(payload);
    if (type === 0x0001 && attrs.has(USERNAME)) {
      // USERNAME is "receiver-ufrag:sender-ufrag"; the receiver's ice-pwd keys the HMAC
      // (RFC 8445 §7.2.2).
      const receiver = attrs.get(USERNAME).toString('utf8').split(':')[0];
      const pwd = passwords.get(receiver);
      if (!pwd) continue;
      requestKeys.set(tid, pwd);
      // (This Chromium, controlling, nominates aggressively: every check carries USE-CANDIDATE.)
      const name = attrs.has(CONTROLLING) ? 'controlling'
          : attrs.has(CONTROLLED) ? 'controlled' : null;
      if (name && !picked[`request_${name}`]) picked[`request_${name}`] = {payload, pwd};
    } else if (type === 0x0101 && requestKeys.has(tid) && !picked.response) {
      // The response is protected with the same key as the request (RFC 8489 §9.1.3).
      picked.response = {payload, pwd: requestKeys.get(tid)};
    }
  }
  const wanted = ['request_controlling', 'request_controlled', 'response'];
  for (const name of wanted) {
    if (!picked[name]) throw new Error(`no ${name.replace('_', ' ')} in the capture`);
    const base = path.join(outDir, `chromium_binding_${name}`);
    fs.writeFileSync(`${base}.bin`, picked[name].payload);
    fs.writeFileSync(`${base}.txt`, picked[name].pwd + '\n');
    console.log(`  ${path.basename(base)}.bin (${picked[name].payload.length} bytes)`);
  }
  fs.writeFileSync(path.join(outDir, 'VERSION'), `Chromium ${sdps.version}\n`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'run' && args.length === 2) {
  run(...args).catch((e) => {
    console.error(`capture.js: ${e.stack || e}`);
    process.exit(1);
  });
} else if (mode === 'extract' && args.length === 3) {
  extract(...args);
} else {
  console.error('usage: capture.js run TMP_DIR SDPS_JSON | extract PCAP SDPS_JSON OUT_DIR');
  process.exit(2);
}
