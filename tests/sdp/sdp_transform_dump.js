#!/usr/bin/env node
// Prints what the sdp-transform npm package makes of an SDP file: the oracle of
// tests/sdp/sdp_transform_compat_test.cpp.
//   node tests/sdp/sdp_transform_dump.js FILE             JSON.stringify(parse(text))
//   node tests/sdp/sdp_transform_dump.js --indent=N FILE  JSON.stringify(parse(text), null, N)
//   node tests/sdp/sdp_transform_dump.js --write FILE     write(parse(text)): the SDP that
//                                                         sdp-transform writes from its JSON
// sdp-transform comes from tests/node/node_modules (scripts/bootstrap.sh test installs it).
// Exit status 3: the module is missing, so that the test can skip with a clear message.
'use strict';
const fs = require('fs');
const path = require('path');

function usage() {
  process.stderr.write('usage: sdp_transform_dump.js [--write | --indent=N] FILE\n');
  process.exit(2);
}
let write = false;
let indent;
const args = process.argv.slice(2);
const file = args.pop();
for (const option of args) {
  if (option === '--write') write = true;
  else if (/^--indent=\d+$/.test(option)) indent = Number(option.slice('--indent='.length));
  else usage();
}
if (!file || file.startsWith('--')) usage();

let transform;
try {
  transform = require(path.join(__dirname, '..', 'node', 'node_modules', 'sdp-transform'));
} catch (e) {
  process.stderr.write('sdp-transform is not installed (run scripts/bootstrap.sh test)\n');
  process.exit(3);
}

const text = fs.readFileSync(file, 'utf8');
const json = transform.parse(text);
process.stdout.write(write ? transform.write(json) : JSON.stringify(json, null, indent));
