// The comparison server: the same join/relay protocol (the subset the load uses) on the `ws`
// npm package, in the idiomatic way. Prints "listening on PORT".
// Usage: node ws_server.js [PORT]
'use strict';

const path = require('path');
const { WebSocketServer } = require(path.join(__dirname, '..', '..', '..', 'tests', 'node', 'node_modules', 'ws'));

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0), maxPayload: 64 * 1024 });
const rooms = new Map();
const peers = new Map();
let nextId = 1;

wss.on('connection', (ws) => {
  const id = `p${nextId++}`;
  peers.set(id, ws);
  let room = null;
  ws.on('message', (data) => {
    let m;
    try { m = JSON.parse(data); } catch { return ws.send('{"type":"error","code":"bad-json"}'); }
    if (m.type === 'join') {
      room = m.room;
      if (!rooms.has(room)) rooms.set(room, new Set());
      const members = rooms.get(room);
      ws.send(JSON.stringify({ type: 'joined', room, id, peers: [...members] }));
      const notice = JSON.stringify({ type: 'peer-joined', room, id });
      for (const p of members) peers.get(p).send(notice);
      members.add(id);
    } else if (room) {
      // As PROTOCOL.md: "to" removed, "from" set by the server (the client's is discarded).
      const { type, to, from, ...rest } = m;
      const out = JSON.stringify({ type, from: id, ...rest });
      if (to) {
        if (rooms.get(room).has(to)) peers.get(to).send(out);
      } else {
        for (const p of rooms.get(room)) if (p !== id) peers.get(p).send(out);
      }
    }
  });
  ws.on('close', () => {
    peers.delete(id);
    if (room && rooms.has(room)) {
      rooms.get(room).delete(id);
      if (!rooms.get(room).size) rooms.delete(room);
    }
  });
});
wss.on('listening', () => console.log(`listening on ${wss.address().port}`));
