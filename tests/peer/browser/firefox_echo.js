// Headless Firefox ESR (Debian's firefox-esr) calls `rtc peer --echo` through the demo page.
// There is no WebDriver for it in Debian, so the page runs its own check (peer.html?selftest=URL:
// a data channel echo of strings and binary messages up to 64 KiB, and with media the
// looped-back video decoded) and POSTs the result to a small HTTP server of this script.
// Usage: node firefox_echo.js RTC_BINARY   (exit status 0 = pass, 77 = firefox-esr missing)
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const rtc = process.argv[2];
const children = [];
let profile = null;

function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
}
function fail(message) {
  console.error(`FAIL: ${message}`);
  cleanup();
  process.exit(1);
}
setTimeout(() => fail('timed out after 100 s'), 100000).unref();

try {
  execFileSync('sh', ['-c', 'command -v firefox-esr']);
} catch {
  console.log('SKIP: firefox-esr is not installed');
  process.exit(77);
}

function start(cmd, args, pattern, name) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      if (process.env.RTC_TEST_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
      const m = pattern && out.match(pattern);
      if (m) resolve({ child, match: m, output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    if (!pattern) resolve({ child, match: null, output: () => out });
    child.on('exit', (code) => reject(new Error(`${name} exited (${code}): ${out}`)));
  });
}

// One call: a fresh Firefox profile and echo peer; resolves with the page's report.
async function call(ws, port, media) {
  const room = `firefox-${media ? 'media' : 'data'}-${process.pid}`;
  const reports = http.createServer();
  const report = new Promise((resolve) => {
    reports.on('request', (req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        res.writeHead(204, { 'Access-Control-Allow-Origin': '*' });
        res.end();
        resolve(JSON.parse(body));
      });
    });
  });
  await new Promise((r) => reports.listen(0, '127.0.0.1', r));
  const reportUrl = `http://127.0.0.1:${reports.address().port}/`;
  const peer = await start(rtc, ['peer', '--signal', ws, '--room', room, '--host', '127.0.0.1', '--echo'], /joined room/, 'peer');
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rtc-firefox-'));
  fs.writeFileSync(path.join(profile, 'user.js'), [
    'user_pref("media.navigator.permission.disabled", true);',
    'user_pref("media.navigator.streams.fake", true);',
    'user_pref("media.peerconnection.ice.obfuscate_host_addresses", false);',
    'user_pref("media.peerconnection.ice.loopback", true);',
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
    'user_pref("app.update.enabled", false);',
    'user_pref("network.proxy.type", 0);',
    '',
  ].join('\n'));
  const url = `http://127.0.0.1:${port}/peer.html?room=${room}&media=${media ? 1 : 0}&selftest=${encodeURIComponent(reportUrl)}`;
  const firefox = await start('firefox-esr', ['--headless', '--no-remote', '--profile', profile, url], null, 'firefox');
  const result = await Promise.race([report, new Promise((r) => setTimeout(() => r({ error: 'no report within 60 s' }), 60000))]);
  firefox.child.kill('SIGTERM');
  peer.child.kill('SIGTERM');
  reports.close();
  await new Promise((r) => setTimeout(r, 300));
  fs.rmSync(profile, { recursive: true, force: true });
  profile = null;
  return result;
}

async function main() {
  const signal = await start(rtc, ['signal', '--port', '0', '--quiet'], /listening on http:\/\/127\.0\.0\.1:(\d+)\//, 'signal');
  const port = signal.match[1];
  const ws = `ws://127.0.0.1:${port}/ws`;

  const data = await call(ws, port, false);
  if (data.error || data.matched !== data.sent) fail(`data channel: ${JSON.stringify(data)}`);
  console.log(`ok firefox data channel: ${data.matched}/${data.sent} messages echoed intact`);

  const media = await call(ws, port, true);
  if (media.error || !(media.framesDecoded >= 10)) fail(`video loopback: ${JSON.stringify(media)}`);
  console.log(`ok firefox video: ${media.framesDecoded} looped-back frames decoded`);
  cleanup();
}

main().catch((e) => fail(e.stack || String(e)));
