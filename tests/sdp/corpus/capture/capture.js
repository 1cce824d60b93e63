#!/usr/bin/env node
// Captures real SDPs from Debian's headless Chromium and Firefox ESR (run by ../capture.sh).
//
//   node capture.js OUT_DIR TMP_DIR
//
// A tiny HTTP server on 127.0.0.1 serves page.html; each browser runs scenarios in it and
// POSTs every SDP back. The SDP is written byte for byte (CRLF line ends) to
// OUT_DIR/<browser>/<scenario>.sdp. Chromium is driven by playwright-core (no downloads:
// executablePath is Debian's /usr/bin/chromium), Firefox by its command line and a user.js.
// Every process this script starts is ended by it; TMP_DIR is removed by capture.sh.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const {spawn, execFileSync} = require('child_process');

const nodeModules = path.resolve(__dirname, '../../../node/node_modules');
const {chromium} = require(path.join(nodeModules, 'playwright-core'));

const [outDir, tmpDir] = process.argv.slice(2);
if (!outDir || !tmpDir) {
  console.error('usage: capture.js OUT_DIR TMP_DIR');
  process.exit(2);
}

const pageHtml = fs.readFileSync(path.join(__dirname, 'page.html'));
const results = {chromium: {}, firefox: {}};
const userAgents = {};
const waiters = [];  // {browser, resolve} waiting for /done
let failures = 0;

// Firefox runs in its own process group (so that its content processes end with it), so a
// signal to this script does not reach it: end it here. playwright-core ends Chromium itself.
const firefoxGroups = new Set();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const pgid of firefoxGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {}
    }
    setTimeout(() => process.exit(130), 1000);
  });
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === '/page.html') {
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
    return res.end(pageHtml);
  }
  if (req.method === 'GET' && url.pathname === '/offer') {
    const sdp = results[url.searchParams.get('from')]?.['audio-video-data-offer'];
    if (!sdp) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, {'Content-Type': 'application/sdp'});
    return res.end(sdp);
  }
  if (req.method === 'POST') {
    const body = JSON.parse(await readBody(req));
    res.writeHead(204, {'Access-Control-Allow-Origin': '*'});
    res.end();
    if (url.pathname === '/hello') {
      userAgents[body.browser] = body.userAgent;
    } else if (url.pathname === '/result') {
      if (body.error) {
        failures++;
        console.error(`  ${body.browser}/${body.name}: FAILED: ${body.error}`);
        return;
      }
      const file = path.join(outDir, body.browser, `${body.name}.sdp`);
      fs.mkdirSync(path.dirname(file), {recursive: true});
      fs.writeFileSync(file, body.sdp);  // the exact text, CRLF and all
      results[body.browser][body.name] = body.sdp;
      console.log(`  ${body.browser}/${body.name}.sdp (${body.sdp.length} bytes)`);
    } else if (url.pathname === '/done') {
      for (const w of waiters.splice(0)) w.browser === body.browser ? w.resolve() : waiters.push(w);
    }
    return;
  }
  res.writeHead(404);
  res.end();
});

function waitDone(browser, timeoutMs = 120000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${browser} did not finish`)), timeoutMs);
    waiters.push({browser, resolve: () => (clearTimeout(timer), resolve())});
  });
}

// INTEROP-NOTES.md: the whole command line, no playwright defaults.
function chromiumArgs(userDataDir, withMediaPermission) {
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', '--no-startup-window',
  ];
  // Without the fake permission UI there is no media permission, so Chromium hides host
  // addresses behind mDNS names.
  if (withMediaPermission) args.push('--use-fake-ui-for-media-stream');
  return args;
}

async function launchChromium(name, withMediaPermission) {
  const userDataDir = path.join(tmpDir, name);
  fs.mkdirSync(userDataDir, {recursive: true});
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: true,
    args: chromiumArgs(userDataDir, withMediaPermission),
    timeout: 60000,
  });
}

async function runChromium(browser, base, scenarios) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const done = waitDone('chromium');
  await page.goto(`${base}/page.html?browser=chromium&scenarios=${scenarios.join(',')}`);
  await done;
  await context.close();
}

// Firefox ESR: a fresh profile with a user.js, started and ended by this script.
async function runFirefox(name, base, scenarios, extraPrefs = {}) {
  const profile = path.join(tmpDir, name);
  fs.mkdirSync(profile, {recursive: true});
  const prefs = {
    'media.navigator.permission.disabled': true,
    'media.navigator.streams.fake': true,
    'media.peerconnection.ice.obfuscate_host_addresses': false,
    'media.peerconnection.ice.loopback': true,
    // Keep a headless run quiet and off the network.
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.aboutwelcome.enabled': false,
    'browser.sessionstore.resume_from_crash': false,
    'app.update.auto': false,
    'app.normandy.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'media.gmp-manager.url': '',
    'services.settings.server': 'http://127.0.0.1:9/',
    'browser.region.network.url': '',
    'geo.provider.network.url': '',
    ...extraPrefs,
  };
  const userJs = Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n');
  fs.writeFileSync(path.join(profile, 'user.js'), userJs + '\n');
  const url = `${base}/page.html?browser=firefox&scenarios=${scenarios.join(',')}`;
  const done = waitDone('firefox');
  // Its own process group, so that ending it ends its content processes too.
  const child = spawn('firefox-esr', ['--headless', '--no-remote', '--profile', profile, url], {
    detached: true,
    stdio: 'ignore',
    env: {...process.env, HOME: profile, MOZ_CRASHREPORTER_DISABLE: '1'},
  });
  firefoxGroups.add(child.pid);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    await done;
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
    firefoxGroups.delete(child.pid);
  }
}

async function main() {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const common = ['audio-offer', 'video-offer', 'audio-video-data-offer', 'data-offer',
                  'trickle-offer', 'simulcast-offer', 'ice-restart-offer'];

  console.log('chromium (with media permission)');
  const browser = await launchChromium('chromium', true);
  try {
    await runChromium(browser, base, common);
    console.log('firefox (with media permission)');
    await runFirefox('firefox', base, [...common, 'answer-to-chromium']);
    console.log('chromium answers firefox');
    await runChromium(browser, base, ['answer-to-firefox']);
  } finally {
    await browser.close();
  }

  console.log('chromium (no media permission: mDNS host candidates)');
  const hidden = await launchChromium('chromium-mdns', false);
  try {
    await runChromium(hidden, base, ['mdns-offer']);
  } finally {
    await hidden.close();
  }

  console.log('firefox (host address obfuscation on: mDNS host candidates)');
  await runFirefox('firefox-mdns', base, ['mdns-offer'],
                   {'media.peerconnection.ice.obfuscate_host_addresses': true});

  const version = (cmd) => execFileSync(cmd, ['--version'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
  fs.writeFileSync(path.join(outDir, 'VERSIONS'),
                   `chromium: ${version('chromium')}\n` +
                   `chromium userAgent: ${userAgents.chromium}\n` +
                   `firefox: ${version('firefox-esr')}\n` +
                   `firefox userAgent: ${userAgents.firefox}\n`);
  server.close();
  if (failures) {
    console.error(`${failures} scenario(s) failed`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  server.close();
  process.exitCode = 1;
});
