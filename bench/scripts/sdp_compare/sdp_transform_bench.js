// sdp-transform (the npm package most JavaScript WebRTC code uses) timed on one SDP file, for
// bench/scripts/sdp_compare.sh.
//
//   node sdp_transform_bench.js NODE_MODULES_DIR FILE [ITERATIONS]
//
// parse: transform.parse(text) (into its JSON-like object); serialize: transform.write(session).
// Prints "parse_ns=<n> serialize_ns=<n>": CPU time per call (process.cpuUsage, user + system),
// median of 5 batches, after a warm-up so that V8 has optimised both functions.
'use strict';

const fs = require('fs');
const path = require('path');

const [modules, file, iterationsArg] = process.argv.slice(2);
if (!modules || !file) {
  console.error('usage: node sdp_transform_bench.js NODE_MODULES_DIR FILE [ITERATIONS]');
  process.exit(2);
}
const transform = require(path.join(modules, 'sdp-transform'));
const text = fs.readFileSync(file, 'utf8');
const iterations = Number(iterationsArg || 2000);
const batches = 5;

function cpuNs() {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

function timePerCall(fn) {
  for (let i = 0; i < Math.max(200, iterations / 5); i++) fn();  // warm-up (JIT)
  const results = [];
  for (let b = 0; b < batches; b++) {
    const start = cpuNs();
    for (let i = 0; i < iterations; i++) fn();
    results.push((cpuNs() - start) / iterations);
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(batches / 2)];
}

let sink = 0;
const parseNs = timePerCall(() => { sink += transform.parse(text).media.length; });
const session = transform.parse(text);
let size = 0;
const writeNs = timePerCall(() => { size = transform.write(session).length; sink += size; });
if (sink === 0) console.error('unexpected: nothing parsed');
console.log(`parse_ns=${parseNs.toFixed(0)} serialize_ns=${writeNs.toFixed(0)} serialized_bytes=${size}`);
