#!/usr/bin/env node
// Browser tests of the search page (web/) against the real rassegna-server, in headless chromium.
//
//   node tests/e2e/run.mjs [--grep TEXT] [--keep]        (from the repository root; ctest runs it)
//
// Steps: index corpus/ + tests/e2e/fixtures/ into a fresh temporary database with rassegna-index,
// start rassegna-server on a free loopback port with --web web, wait for /api/health, run every test
// in tests.mjs (each in a fresh browser context), write docs/screenshot.png (1280x800, after a
// search for `tiktok`), stop the server whatever happens, exit 1 if anything failed.
//
// Environment:
//   RASSEGNA_BUILD_DIR   where rassegna-index and rassegna-server are (default: build/)
//   RASSEGNA_SERVER      a rassegna-server binary to use instead of $RASSEGNA_BUILD_DIR/rassegna-server
//   CHROMIUM             the browser (default: /usr/bin/chromium, Debian's package)
//   RASSEGNA_SCREENSHOT  where to write the screenshot (default: docs/screenshot.png; "0" skips it)

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import { tests } from './tests.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const BUILD_DIR = path.resolve(ROOT, process.env.RASSEGNA_BUILD_DIR || 'build');
const SERVER = path.resolve(ROOT, process.env.RASSEGNA_SERVER || path.join(BUILD_DIR, 'rassegna-server'));
const INDEXER = path.join(BUILD_DIR, 'rassegna-index');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOT = process.env.RASSEGNA_SCREENSHOT ?? path.join(ROOT, 'docs', 'screenshot.png');
const TEST_TIMEOUT_MS = 45_000;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const argv = process.argv.slice(2);
const grep = argv.includes('--grep') ? argv[argv.indexOf('--grep') + 1] : '';
const keep = argv.includes('--keep');

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

// --- preconditions: say exactly what is missing, never skip silently ----------------------------

function preconditions() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) {
    missing.push(`${CHROMIUM} not found: install Debian's chromium (scripts/install-deps.sh --test, or apt-get install chromium), or set CHROMIUM`);
  }
  for (const bin of [INDEXER, SERVER]) {
    if (!fs.existsSync(bin)) missing.push(`${bin} not found: build it first (make build), or set RASSEGNA_BUILD_DIR`);
  }
  let playwright = null;
  try {
    playwright = createRequire(path.join(HERE, 'package.json'))('playwright-core');
  } catch {
    missing.push(`playwright-core is not installed: run "npm ci" in ${HERE} (make test does it)`);
  }
  if (missing.length) fail(`cannot run the browser tests:\n  - ${missing.join('\n  - ')}`);
  return playwright;
}

// --- database and server ---------------------------------------------------------------------

function buildDatabase(dir) {
  const db = path.join(dir, 'db');
  const r = spawnSync(INDEXER, ['--db', db, 'corpus/', 'tests/e2e/fixtures/'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rassegna-index failed (exit ${r.status ?? r.error}):\n${r.stderr || r.stdout}`);
  return db;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer(db, extraArgs = []) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const args = ['--db', db, '--host', '127.0.0.1', '--port', String(port), '--web', 'web', ...extraArgs];
    const child = spawn(SERVER, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    let exited = null;
    child.on('exit', (code, signal) => { exited = { code, signal }; });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !exited) {
      try {
        const res = await fetch(`${base}/api/health`);
        if (res.ok) return { child, base, output: () => output };
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    stopServer(child);
    if (!exited) throw new Error(`rassegna-server did not answer ${base}/api/health within 20 s:\n${output}`);
    // Exited early: most likely another process took the port between freePort() and bind.
    if (attempt === 3) throw new Error(`rassegna-server exited (${exited.code ?? exited.signal}):\n  ${SERVER} ${args.join(' ')}\n${output}`);
  }
  return null;
}

function stopServer(child) {
  if (child && child.exitCode === null && child.signalCode === null) {
    try { child.kill('SIGTERM'); } catch { /* already gone */ }
    setTimeout(() => { try { child.kill('SIGKILL'); } catch { /* gone */ } }, 3000).unref();
  }
}

// --- a second server over remote parts, for the partial-answer tests ---------------------------

// corpus/ and tests/e2e/fixtures/ indexed apart, each served by its own stock xapian-tcpsrv, and a
// rassegna-server on a stub naming both. `parts[i].stop()` kills a part (its process group:
// xapian-tcpsrv forks per connection), `parts[i].start()` serves it again on the same port.
async function startRemote(dir) {
  const parts = [];
  const lines = [];
  for (const [name, input] of [['part-corpus', 'corpus/'], ['part-fixtures', 'tests/e2e/fixtures/']]) {
    const db = path.join(dir, name);
    const r = spawnSync(INDEXER, ['--db', db, '--quiet', input], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`rassegna-index ${input} failed (exit ${r.status ?? r.error}):\n${r.stderr || r.stdout}`);
    const port = await freePort();
    const part = {
      name: `127.0.0.1:${port}`,
      child: null,
      async start() {
        // Its own session (detached): on SIGTERM xapian-tcpsrv signals its whole process group.
        this.child = spawn('xapian-tcpsrv', ['--quiet', '--interface', '127.0.0.1', '--port', String(port), db],
          { detached: true, stdio: 'ignore' });
        this.child.on('error', () => {});
        const deadline = Date.now() + 10_000;
        while (!(await connectable(port))) {
          if (Date.now() > deadline) throw new Error(`xapian-tcpsrv did not listen on ${this.name} (is xapian-tools installed?)`);
          await sleep(50);
        }
      },
      async stop() {
        if (!this.child) return;
        try { process.kill(-this.child.pid, 'SIGKILL'); } catch { /* gone */ }
        this.child = null;
        while (await connectable(port)) await sleep(50);
      },
    };
    await part.start();
    parts.push(part);
    lines.push(`remote ${part.name}`);
  }
  const stub = path.join(dir, 'remote.stub');
  fs.writeFileSync(stub, lines.join('\n') + '\n');
  // A generous timeout: a part that is killed is refused at once; a loaded machine is only slow.
  const server = await startServer(stub, ['--remote-timeout', '5000']);
  return { base: server.base, parts, server, close: () => { stopServer(server.child); for (const p of parts) p.stop(); } };
}

function connectable(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

// --- the harness -----------------------------------------------------------------------------

// A fresh context per test; page errors and console errors (CSP violations among them) fail it.
async function runTest(browser, base, test, axeSource, remote) {
  const context = await browser.newContext({
    viewport: test.viewport || { width: 1280, height: 800 },
    locale: test.locale || 'en-US',
    baseURL: base,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // The error-state tests ask for answers the server refuses; the browser logs those loads.
    if (/Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_)/.test(text)) return;
    problems.push(`console error: ${text}`);
  });
  page.setDefaultTimeout(10_000);
  let timer;
  try {
    await Promise.race([
      test.run({ page, context, base, axeSource, remote }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS); }),
    ]);
    if (problems.length) throw new Error(problems.join('\n'));
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => {});
  }
}

async function screenshot(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', reducedMotion: 'reduce' });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('#q').fill('tiktok');
    await page.locator('#q').press('Enter');
    await page.locator('#hits .hit').first().waitFor();
    await page.waitForFunction(() => !document.body.classList.contains('is-fetching'));
    await page.locator('#q').blur();
    await page.mouse.move(0, 799);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, animations: 'disabled', caret: 'hide' });
    console.log(`# screenshot written to ${path.relative(ROOT, SCREENSHOT)}`);
    // The press-office views, beside it: trends and co-mentions, the review dialog, the review.
    const shot = async (p, name) => {
      const file = path.join(path.dirname(SCREENSHOT), name);
      await p.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      console.log(`# screenshot written to ${path.relative(ROOT, file)}`);
    };
    await page.goto(`${base}/?q=zanzibarite&company=Apple&company=Microsoft&company=Oracle`);
    await page.waitForFunction(() => !document.body.classList.contains('is-fetching'));
    await page.locator('#trends summary').click();
    await page.locator('#trends-profile h3').waitFor();
    await page.locator('#trends').scrollIntoViewIfNeeded();
    await shot(page, 'screenshot-trends.png');
    await page.goto(`${base}/?q=zanzibarite&sort=date`);
    await page.locator('#hits .hit-pick-box').first().waitFor();
    for (const i of [0, 1, 3]) await page.locator('#hits .hit-pick-box').nth(i).check();
    await page.locator('#review-open').click();
    await shot(page, 'screenshot-review-dialog.png');
    const [review] = await Promise.all([page.context().waitForEvent('page'), page.locator('#review-make').click()]);
    await review.setViewportSize({ width: 1280, height: 800 });
    await review.waitForLoadState();
    await review.locator('.toc').scrollIntoViewIfNeeded();
    await shot(review, 'screenshot-review.png');
    await page.goto(`${base}/?q=amministrazone`);
    await page.locator('#suggestion').waitFor();
    await shot(page, 'screenshot-suggestion.png');
  } finally {
    await context.close().catch(() => {});
  }
}

async function main() {
  const { chromium } = preconditions();
  const axeSource = fs.readFileSync(createRequire(path.join(HERE, 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rassegna-e2e-'));
  let server = null;
  let remote = null;
  let browser = null;
  let passed = 0;
  let failed = 0;
  const cleanup = () => {
    if (server) stopServer(server.child);
    if (remote) remote.close();
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(130); });
  try {
    const started = Date.now();
    const db = buildDatabase(tmp);
    console.log(`# database built in ${Date.now() - started} ms`);
    server = await startServer(db);
    console.log(`# ${path.relative(ROOT, SERVER) || SERVER} at ${server.base}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    const selected = tests.filter((t) => !grep || t.name.includes(grep));
    if (selected.some((t) => t.remote)) {
      remote = await startRemote(tmp);
      console.log(`# rassegna-server over 2 remote parts (${remote.parts.map((p) => p.name).join(', ')}) at ${remote.base}`);
    }
    for (const test of selected) {
      const t0 = Date.now();
      try {
        await runTest(browser, server.base, test, axeSource, remote);
        passed++;
        console.log(`ok - ${test.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${test.name} (${Date.now() - t0} ms)`);
        console.log(String(e && e.stack ? e.stack : e).split('\n').map((l) => `    ${l}`).join('\n'));
      }
    }
    if (!grep && SCREENSHOT !== '0') {
      try {
        await screenshot(browser, server.base);
      } catch (e) {
        failed++;
        console.log(`not ok - screenshot\n    ${e.message}`);
      }
    }
  } catch (e) {
    failed++;
    console.log(`not ok - setup\n    ${e && e.stack ? e.stack : e}`);
    if (server) console.log(`# server output:\n${server.output()}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    cleanup();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
