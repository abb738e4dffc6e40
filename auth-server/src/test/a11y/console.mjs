#!/usr/bin/env node
// The admin console in a real browser (Debian's chromium driven by playwright-core), run by ConsoleBrowserTest during
// `mvn verify`, and by hand against a running demo server:
//
//   cd auth-server/src/test/a11y && npm ci && SESAME_URL=http://localhost:9300 node console.mjs
//
// It signs in to /console as a commune admin of the demo with its password, enrols TOTP on the way (the code computed
// from the key shown on the page, as an authenticator app would), assigns a role and checks it is listed; then signs in
// again in a fresh browser to answer the TOTP challenge. On the way it runs axe-core (wcag2a, wcag2aa, wcag21a,
// wcag21aa) on the login page, the second-factor pages (enrolment, recovery codes, challenge, factors, passkeys) and
// every console page, in French and English for the console's home, and checks that each reflows at 320 CSS px
// without horizontal scrolling (WCAG 1.4.10). The keyboard and zoom checks of audit.mjs are not repeated here.
// Exit code: 0 when the flow worked and no page has a serious or critical violation nor scrolls sideways; else the
// number of failures.
//
// Environment: SESAME_URL (default http://localhost:9300; the server's issuer host, so that cookies stick),
// CHROMIUM (default /usr/bin/chromium), OUT (default /tmp/sesame-console: report.json and screenshots),
// SESAME_ADMIN (default zdarc@rivebelle.fr, commune admin of Rivebelle; it must not have enrolled a factor yet),
// SESAME_PASSWORD (default Sesame-Demo-2026), SESAME_COMMUNE (default rivebelle), SESAME_ASSIGNEE (default
// hlefevre, an agent of that commune who does not hold the demo-portal/agent assignment yet).

import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const BASE = (process.env.SESAME_URL || 'http://localhost:9300').replace(/\/$/, '');
const OUT = process.env.OUT || '/tmp/sesame-console';
const ADMIN = process.env.SESAME_ADMIN || 'zdarc@rivebelle.fr';
const PASSWORD = process.env.SESAME_PASSWORD || 'Sesame-Demo-2026';
const COMMUNE = process.env.SESAME_COMMUNE || 'rivebelle';
const ASSIGNEE = process.env.SESAME_ASSIGNEE || 'hlefevre';
const ADMIN_LOGIN = ADMIN.split('@')[0];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

mkdirSync(OUT, { recursive: true });

const report = [];
const failures = [];

/** RFC 6238 with the parameters authenticator apps use (SHA-1, 6 digits, 30 s), for the step at `offset`. */
function totp(base32, offset = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(c);
    if (value < 0) throw new Error(`not base32: ${c}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(at) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}

/** axe-core on the page as it is; serious and critical violations fail the run. */
async function scan(page, name) {
  await page.evaluate(AXE_SOURCE);
  let result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'] });
    const brief = (v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) });
    return { violations: r.violations.map(brief), incomplete: r.incomplete.map(brief) };
  }, TAGS);
  const review = result.incomplete;
  result = result.violations;
  const blocking = result.filter((v) => BLOCKING.has(v.impact));
  const url = new URL(page.url());
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
  const reflow = await overflowAt320(page);
  report.push({ page: name, url: url.pathname + url.search, violations: result, needsReview: review, reflow });
  console.log(`${blocking.length || reflow ? '✗' : '✓'} ${name.padEnd(28)} ${url.pathname}${url.search}  `
    + `axe: ${result.length} violation(s), ${blocking.length} serious or critical`);
  for (const v of result) console.log(`    - ${v.id} (${v.impact}): ${v.help} → ${v.nodes.slice(0, 4).join(', ')}`);
  // What axe could not decide (e.g. contrast over an image): to be judged by eye on the screenshot.
  for (const v of review) console.log(`    ? needs review ${v.id}: ${v.nodes.slice(0, 4).join(', ')}`);
  if (blocking.length) failures.push(`${name}: ${blocking.map((v) => v.id).join(', ')}`);
  if (reflow) {
    console.log(`    - reflow: ${reflow}`);
    failures.push(`${name}: ${reflow}`);
  }
}

/** WCAG 1.4.10: at 320 CSS px the page scrolls vertically only (a region of its own may scroll, as tables do). */
async function overflowAt320(page) {
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => {
    const doc = document.scrollingElement;
    return doc.scrollWidth > doc.clientWidth ? `horizontal scroll at 320px (${doc.scrollWidth} > ${doc.clientWidth}): `
      + [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1
        && !el.closest('.skip-link')).slice(0, 4).map((el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')
        + (el.className ? `.${String(el.className).split(' ').join('.')}` : '')).join(', ') : null;
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  return overflow;
}

async function expectPath(page, path, step) {
  const actual = new URL(page.url()).pathname;
  if (actual !== path) {
    throw new Error(`${step}: expected ${path}, at ${page.url()}\n${(await page.textContent('main').catch(() => '')).trim().slice(0, 400)}`);
  }
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function signInWithPassword(page) {
  await page.goto(`${BASE}/console`);
  await expectPath(page, '/login', 'the console asks for a sign-in');
  await scan(page, 'login');
  await page.fill('#username', ADMIN);
  await page.fill('#password', PASSWORD);
  await submit(page, 'main button[type=submit]');
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('console', (msg) => { if (/Content Security Policy|Refused to/i.test(msg.text())) consoleErrors.push(msg.text()); });

    // First sign-in: password, then enrolment (admins always need a second factor), then the console.
    await signInWithPassword(page);
    await expectPath(page, '/mfa/enrol', 'an admin without a factor enrols one');
    await scan(page, 'mfa-enrol');
    const secret = (await page.textContent('#secret')).trim();
    await page.fill('#code', totp(secret));
    await submit(page, 'main form[action$="/mfa/enrol/totp"] button[type=submit]');
    await scan(page, 'mfa-recovery-codes');
    await submit(page, '#continue');
    await expectPath(page, '/console', 'after enrolment the console opens');
    await scan(page, 'console-communes-fr');

    const communePath = `/console/communes/${COMMUNE}`;
    const pages = [
      ['console-agents', `${communePath}/agents?q=${ADMIN_LOGIN.slice(0, 2)}`],
      ['console-agent', `${communePath}/agents/${ADMIN_LOGIN}`],
      ['console-confirm-sign-out', `${communePath}/agents/${ASSIGNEE}/sign-out`],
      ['console-confirm-reset', `${communePath}/agents/${ASSIGNEE}/reset-factors`],
      ['console-applications', `${communePath}/applications`],
      ['console-audit', '/console/audit'],
      ['console-audit-bad-filter', '/console/audit?from=yesterday'],
      ['console-not-found', '/console/communes/nowhere/agents'],
      ['mfa-factors', '/mfa/factors'],
      ['mfa-passkeys', '/mfa/passkeys'],
    ];
    for (const [name, path] of pages) {
      await page.goto(`${BASE}${path}`);
      await scan(page, name);
    }

    // Assign a role through the form, and see it listed.
    await page.goto(`${BASE}${communePath}/assignments`);
    await scan(page, 'console-assignments');
    await page.fill('#login', ASSIGNEE);
    await page.selectOption('#grant', 'demo-portal/agent');
    await submit(page, 'main form[action$="/assignments"] button[type=submit]');
    await expectPath(page, `${communePath}/assignments`, 'the grant redirects to the list');
    const notice = (await page.textContent('.notice[role=status]')) || '';
    if (!/attribué/.test(notice)) throw new Error(`no confirmation after the grant: "${notice}"`);
    const rows = await page.$$eval('#assignments tbody tr', (trs) => trs.map((tr) => tr.textContent.replace(/\s+/g, ' ')));
    if (!rows.some((row) => row.includes(ASSIGNEE) && row.includes('demo-portal') && row.includes('agent'))) {
      throw new Error(`the new assignment is not listed: ${JSON.stringify(rows)}`);
    }
    console.log(`  assigned demo-portal/agent to ${ASSIGNEE}: listed`);
    await scan(page, 'console-assignments-assigned');
    // The same grant again: refused, the page says why.
    await page.fill('#login', ASSIGNEE);
    await page.selectOption('#grant', 'demo-portal/agent');
    await submit(page, 'main form[action$="/assignments"] button[type=submit]');
    if (!(await page.$('#error-summary'))) throw new Error('a duplicate grant shows no error summary');
    await scan(page, 'console-assignments-refused');

    // English.
    await page.goto(`${BASE}/console?lang=en`);
    await scan(page, 'console-communes-en');
    await page.goto(`${BASE}${communePath}/assignments`);
    await scan(page, 'console-assignments-en');
    await page.goto(`${BASE}/console?lang=fr`);
    if (consoleErrors.length) failures.push(`content security policy: ${consoleErrors.join(' | ')}`);
    await context.close();

    // Second sign-in, in a fresh browser: the TOTP challenge (a code of the next step: the current one was used).
    const again = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const second = await again.newPage();
    await signInWithPassword(second);
    await expectPath(second, '/mfa', 'an enrolled admin answers the challenge');
    await scan(second, 'mfa-challenge');
    await second.fill('#code', totp(secret, 1));
    await submit(second, 'main form[action$="/mfa/totp"] button[type=submit]');
    await expectPath(second, '/console', 'after the challenge the console opens');
    await again.close();
  }
  catch (error) {
    failures.push(`flow: ${error.message}`);
  }
  finally {
    await browser.close();
  }
  writeFileSync(`${OUT}/report.json`, JSON.stringify({ failures, pages: report }, null, 2));
  console.log(failures.length ? `\n${failures.length} failure(s):\n  ${failures.join('\n  ')}` : '\nAll clean.');
  console.log(`Report and screenshots in ${OUT}`);
  process.exitCode = failures.length;
}

main().catch((error) => { console.error(error); process.exitCode = 100; });
