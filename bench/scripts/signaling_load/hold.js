// Opens N WebSocket connections and holds them. Prints "ready N" when all are open, then
// waits for stdin to close. Usage: node hold.js PORT N
'use strict';

const { open } = require('./wsclient');

const [port, total] = [Number(process.argv[2]), Number(process.argv[3])];

async function main() {
  const clients = [];
  const batch = 200;  // connect in batches: the listen backlog is finite
  for (let i = 0; i < total; i += batch) {
    const n = Math.min(batch, total - i);
    const opened = await Promise.all(Array.from({ length: n }, () => open(port)));
    clients.push(...opened);
  }
  console.log(`ready ${clients.length}`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

main().catch((e) => {
  console.error(`hold: ${e.message}`);
  process.exit(1);
});
