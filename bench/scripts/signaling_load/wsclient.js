// A minimal WebSocket client for load generation: raw TCP, the RFC 6455 handshake, masked
// frames with an all-zero masking key (valid, §5.3, and free to apply: a load generator is
// not a browser that must protect intermediaries). Used against both servers alike.
'use strict';

const net = require('net');

const HANDSHAKE = (port) => Buffer.from(
  `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
  'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
  'Sec-WebSocket-Version: 13\r\n\r\n');

function frame(text) {
  const payload = Buffer.from(text);
  const n = payload.length;
  let header;
  if (n < 126) header = Buffer.from([0x81, 0x80 | n, 0, 0, 0, 0]);
  else header = Buffer.from([0x81, 0x80 | 126, n >> 8, n & 255, 0, 0, 0, 0]);
  return Buffer.concat([header, payload]);
}

// Opens a connection; onMessage(text) for every text frame from the server.
function open(port, onMessage) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', reject);
    socket.on('connect', () => socket.write(HANDSHAKE(port)));
    socket.on('data', (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!buf.toString('latin1', 0, 12).endsWith('101')) return reject(new Error('no 101'));
        upgraded = true;
        buf = buf.subarray(end + 4);
        resolve(client);
      }
      // Server frames: unmasked; lengths 7 or 16 bits are all this load uses.
      while (buf.length >= 2) {
        const op = buf[0] & 0x0f;
        let len = buf[1] & 0x7f;
        let at = 2;
        if (len === 126) {
          if (buf.length < 4) break;
          len = buf.readUInt16BE(2);
          at = 4;
        }
        if (buf.length < at + len) break;
        if (op === 1 && onMessage) onMessage(buf.toString('utf8', at, at + len));
        else if (op === 9) socket.write(Buffer.concat([Buffer.from([0x8a, 0x80 | len, 0, 0, 0, 0]), buf.subarray(at, at + len)]));
        buf = buf.subarray(at + len);
      }
    });
    const client = { socket, send: (text) => socket.write(frame(text)) };
  });
}

module.exports = { open, frame };
