// The browser side of a call to the C++ peer: the W3C RTCPeerConnection API and the
// signaling protocol of signaling/PROTOCOL.md, nothing else. Read it top to bottom.
//
// URL parameters (the tests use them):
//   room=NAME    the room to join (default "demo")
//   media=0      no camera: a data channel only (Chromium then hides its host addresses
//                behind mDNS ".local" names)
//   offer=0      wait for the C++ peer to offer (rtc peer --offer) instead of offering
//   codec=NAME   send and receive video in this codec only (VP8, VP9, H264, AV1): W3C
//                setCodecPreferences on the video transceiver
'use strict';

const params = new URLSearchParams(location.search);
const room = params.get('room') || 'demo';
const wantMedia = params.get('media') !== '0';
const weOffer = params.get('offer') !== '0';
const videoCodec = params.get('codec');
const $ = (id) => document.getElementById(id);

// What the tests read: the connection, the channel, and everything that happened.
const call = window.call = { pc: null, dc: null, remote: null, events: [], received: [] };

function log(text, kind = '') {
  call.events.push(text);
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  if (kind) li.className = kind;
  $('log').appendChild(li);
  li.scrollIntoView({ block: 'nearest' });
}
function setStatus(text, kind = '') {
  $('status').textContent = text;
  $('status').className = `status ${kind}`;
}

const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
const signal = (message) => ws.send(JSON.stringify({ to: call.remote, ...message }));

let localStream = null;
async function camera() {
  if (!wantMedia || localStream) return localStream;
  localStream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  $('local').srcObject = localStream;
  return localStream;
}

function useChannel(dc) {
  call.dc = dc;
  dc.binaryType = 'arraybuffer';
  dc.onopen = () => {
    log(`data channel "${dc.label}" open`, 'system');
    $('text').disabled = $('send').disabled = false;
  };
  dc.onmessage = (e) => {
    call.received.push(e.data);
    if (typeof e.data === 'string' && e.data.length < 200) log(`echo: ${e.data}`);
  };
  dc.onclose = () => log('data channel closed', 'system');
}

// W3C setCodecPreferences: keep only `videoCodec` (and the repair formats that name it).
function preferCodec(pc) {
  if (!videoCodec) return;
  const all = RTCRtpReceiver.getCapabilities('video').codecs;
  const chosen = all.filter((c) => c.mimeType.toLowerCase() === `video/${videoCodec.toLowerCase()}`);
  if (chosen.length === 0) return log(`this browser has no ${videoCodec} codec`, 'error');
  const repair = all.filter((c) => ['video/rtx', 'video/red', 'video/ulpfec'].includes(c.mimeType.toLowerCase()));
  for (const t of pc.getTransceivers()) {
    if (t.receiver.track.kind === 'video') t.setCodecPreferences([...chosen, ...repair]);
  }
}

function newPeerConnection() {
  const pc = new RTCPeerConnection();
  call.pc = pc;
  pc.onicecandidate = (e) => signal({ type: 'candidate', candidate: e.candidate ? e.candidate.toJSON() : null });
  pc.onconnectionstatechange = () => {
    if (pc.connectionState === 'connected' && !call.connectedAt) call.connectedAt = performance.now();
    log(`connection ${pc.connectionState}`, 'system');
    setStatus(pc.connectionState, pc.connectionState === 'connected' ? 'open' : '');
  };
  pc.ontrack = (e) => {
    log(`remote ${e.track.kind} track`, 'system');
    if (!$('remote').srcObject) $('remote').srcObject = new MediaStream();
    $('remote').srcObject.addTrack(e.track);
  };
  pc.ondatachannel = (e) => useChannel(e.channel);
  return pc;
}

async function offerTo(id) {
  call.remote = id;
  const pc = newPeerConnection();
  const stream = await camera();
  if (stream) for (const track of stream.getTracks()) pc.addTrack(track, stream);
  preferCodec(pc);
  useChannel(pc.createDataChannel('chat'));
  await pc.setLocalDescription(await pc.createOffer());
  signal({ type: 'offer', sdp: pc.localDescription.sdp });
  log(`offer sent to ${id}`, 'system');
}

async function answer(from, sdp) {
  call.remote = from;
  const pc = newPeerConnection();
  await pc.setRemoteDescription({ type: 'offer', sdp });
  const stream = await camera();
  if (stream) {
    // Send our camera on the m-sections the C++ peer offered (W3C: addTrack reuses them).
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
  }
  preferCodec(pc);
  await pc.setLocalDescription(await pc.createAnswer());
  signal({ type: 'answer', sdp: pc.localDescription.sdp });
  log(`answer sent to ${from}`, 'system');
}

const handlers = {
  joined(m) {
    setStatus(`in room "${m.room}" as ${m.id}`);
    if (weOffer && m.peers.length > 0) offerTo(m.peers[0]);
  },
  'peer-joined'(m) { if (weOffer && !call.pc) offerTo(m.id); },
  offer(m) { if (!weOffer) answer(m.from, m.sdp).catch((e) => log(`error: ${e}`, 'error')); },
  answer(m) {
    call.answerAppliedAt = performance.now();  // the tests time answer -> connected
    call.pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
  },
  candidate(m) { if (call.pc && m.candidate) call.pc.addIceCandidate(m.candidate).catch(() => {}); },
  'peer-left'(m) { if (m.id === call.remote) log(`${m.id} left`, 'system'); },
};
ws.onopen = () => ws.send(JSON.stringify({ type: 'join', room }));
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  if (handlers[m.type]) handlers[m.type](m);
};

$('chat').addEventListener('submit', (e) => {
  e.preventDefault();
  if (call.dc && call.dc.readyState === 'open' && $('text').value) {
    call.dc.send($('text').value);
    log(`me: ${$('text').value}`);
    $('text').value = '';
  }
});
setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}'), 25000);

// ?selftest=URL: the page checks the call itself and POSTs what it found to URL, for browsers
// no test driver can steer (tests/peer/browser/firefox_echo.js runs Firefox this way).
const selftest = params.get('selftest');
if (selftest) {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const until = async (cond, ms) => {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > ms) throw new Error('timeout');
      await sleep(20);
    }
  };
  (async () => {
    const result = { sent: 0, matched: 0 };
    try {
      await until(() => call.dc && call.dc.readyState === 'open', 20000);
      const expected = [];
      for (let i = 0; i < 60; i++) {
        const size = Math.max(1, Math.round(Math.pow(65536, i / 59)));
        if (i % 2 === 0) {
          expected.push('x'.repeat(size));
        } else {
          const b = new Uint8Array(size);
          for (let j = 0; j < size; j++) b[j] = (i + j) & 0xff;
          expected.push(b);
        }
        call.dc.send(expected[i]);
        result.sent++;
      }
      await until(() => call.received.length >= expected.length, 20000);
      expected.forEach((want, i) => {
        const got = call.received[i];
        const same = typeof want === 'string' ? got === want
          : new Uint8Array(got).length === want.length && new Uint8Array(got).every((x, j) => x === want[j]);
        if (same) result.matched++;
      });
      if (wantMedia) {
        const t0 = Date.now();
        while (Date.now() - t0 < 15000) {
          const stats = await call.pc.getStats();
          stats.forEach((s) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video') result.framesDecoded = s.framesDecoded || 0;
          });
          if (result.framesDecoded >= 10) break;
          await sleep(200);
        }
      }
    } catch (e) {
      result.error = String(e);
      result.events = call.events;
    }
    fetch(selftest, { method: 'POST', mode: 'no-cors', body: JSON.stringify(result) });
  })();
}
