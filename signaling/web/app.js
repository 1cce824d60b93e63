// The demo page's client of the signaling protocol (signaling/PROTOCOL.md), with the
// browser's own WebSocket. No dependencies: read it top to bottom.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { ws: null, id: null, room: null, peers: new Set(), retry: 0, wanted: null };

function log(text, kind = '') {
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

function renderPeers() {
  const ul = $('peers');
  ul.replaceChildren(...[...state.peers].map((id) => {
    const li = document.createElement('li');
    li.textContent = id;
    return li;
  }));
  $('me').textContent = state.id ? `(you are ${state.id})` : '';
  const joined = state.room !== null;
  $('join-button').disabled = joined;
  $('leave-button').disabled = !joined;
  $('text').disabled = !joined;
  $('send').disabled = !joined;
}

function send(message) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
}

// One handler per message type of PROTOCOL.md.
const handlers = {
  joined(m) {
    state.id = m.id;
    state.room = m.room;
    state.peers = new Set(m.peers);
    state.retry = 0;
    setStatus(`in room "${m.room}"`, 'open');
    log(`joined "${m.room}" as ${m.id}; ${m.peers.length} other peer(s)`, 'system');
  },
  left(m) {
    state.room = null;
    state.peers.clear();
    log(`left "${m.room}"`, 'system');
    setStatus('connected', 'open');
  },
  'peer-joined'(m) { state.peers.add(m.id); log(`${m.id} joined`, 'system'); },
  'peer-left'(m) { state.peers.delete(m.id); log(`${m.id} left`, 'system'); },
  message(m) { log(`${m.from}: ${m.text}`); },
  offer(m) { log(`${m.from} sent an offer (${m.sdp.length} bytes of SDP)`); },
  answer(m) { log(`${m.from} sent an answer (${m.sdp.length} bytes of SDP)`); },
  candidate(m) { log(`${m.from} sent a candidate`); },
  bye(m) { log(`${m.from} said bye`, 'system'); },
  pong() {},
  error(m) { log(`error ${m.code}: ${m.message}`, 'error'); },
};

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/ws`);
  state.ws = ws;
  setStatus('connecting…');
  ws.onopen = () => {
    setStatus('connected', 'open');
    if (state.wanted) send({ type: 'join', ...state.wanted });  // (re)join after (re)connecting
  };
  ws.onmessage = (event) => {
    const m = JSON.parse(event.data);
    (handlers[m.type] || ((x) => log(`unhandled ${x.type}`)))(m);
    renderPeers();
  };
  ws.onclose = (event) => {
    state.ws = null;
    state.room = null;
    state.peers.clear();
    renderPeers();
    // Reconnect with exponential backoff (and jitter, so a restarted server is not hit by
    // every page at the same instant).
    const delay = Math.min(10000, 250 * 2 ** state.retry++) * (0.5 + Math.random() / 2);
    setStatus(`closed (${event.code}); retrying in ${Math.round(delay)} ms`, 'error');
    setTimeout(connect, delay);
  };
}

$('join').addEventListener('submit', (event) => {
  event.preventDefault();
  state.wanted = { room: $('room').value };
  if ($('token').value) state.wanted.token = $('token').value;
  send({ type: 'join', ...state.wanted });
});
$('leave-button').addEventListener('click', () => {
  state.wanted = null;
  send({ type: 'leave' });
});
$('chat').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('text').value;
  if (!text) return;
  send({ type: 'message', text });
  log(`me: ${text}`);
  $('text').value = '';
});
// Browsers cannot send WebSocket pings; an application-level ping keeps idle timeouts away.
setInterval(() => send({ type: 'ping' }), 25000);

connect();
renderPeers();
