#!/usr/bin/env node
// Accessibility audit of the auth-server pages (RGAA 4.1 / WCAG 2.1 AA), run by hand against a running server:
//
//   cd auth-server/src/test/a11y && npm ci && node audit.mjs
//
// The server: mvn -B -q install -DskipTests && java -jar auth-server/target/auth-server.jar --server.port=9300
//   --server.address=127.0.0.1 --sesame.issuer=http://localhost:9300   (demo profile)
//
// Environment: SESAME_URL (default http://localhost:9300, must be the server's issuer host so cookies stick),
// CHROMIUM (default /usr/bin/chromium), OUT (default /tmp/sesame-a11y: screenshots and report.json),
// SESAME_LOGIN / SESAME_PASSWORD (demo agent, default jdupont@rivebelle.fr / Sesame-Demo-2026).
//
// For every page state it runs axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa), checks the structure RGAA asks for
// (lang, title, one main, header/footer, one h1), walks the page with Tab and checks the order and the visibility of
// the focus, checks reflow at 320px and text enlarged to 200%, reports CSP refusals, and writes PNG screenshots at
// 1280px and 375px (plus 320px, forced colours, on load, and with the focus on the skip link and on the 4th stop).
// The exit code is the number of page states with a problem (0 when all is clean).
// It is never run by `mvn verify`.

import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const BASE = (process.env.SESAME_URL || 'http://localhost:9300').replace(/\/$/, '');
const OUT = process.env.OUT || '/tmp/sesame-a11y';
const LOGIN = process.env.SESAME_LOGIN || 'jdupont@rivebelle.fr';
const PASSWORD = process.env.SESAME_PASSWORD || 'Sesame-Demo-2026';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// A login that no directory knows: a wrong password for it shows the same summary as for a real agent, and a fresh
// one per run keeps the throttle (which counts failures per login) out of the way.
const RUN = Date.now().toString(36);
let attempts = 0;

mkdirSync(OUT, { recursive: true });

const LOGIN_ORDER = {
  fr: ['a.skip-link', 'a[hreflang=fr]', 'a[hreflang=en]', 'select#commune', 'input#username', 'input#password',
    'button[type=submit]'],
  en: ['a.skip-link', 'a[hreflang=fr]', 'a[hreflang=en]', 'select#commune', 'input#username', 'input#password',
    'button[type=submit]'],
};
const LOGIN_ERROR_ORDER = ['a.skip-link', 'a[hreflang=fr]', 'a[hreflang=en]', '#error-summary a[href="#username"]',
  'select#commune', 'input#username', 'input#password', 'button[type=submit]'];
const HEADER_ORDER = ['a.skip-link', 'a[hreflang=fr]', 'a[hreflang=en]'];

const SIGN_OUT = `${BASE}/connect/logout?client_id=demo-portal&post_logout_redirect_uri=`
  + encodeURIComponent('http://127.0.0.1:9999/') + '&state=audit';

/** Page states: how to reach each one, in which language, and what the keyboard should meet. */
const STATES = [
  { name: 'login-fr', lang: 'fr', open: (p) => p.goto(`${BASE}/login?lang=fr`), order: LOGIN_ORDER.fr,
    title: /^Connexion – Sésame$/ },
  { name: 'login-en', lang: 'en', open: (p) => p.goto(`${BASE}/login?lang=en`), order: LOGIN_ORDER.en,
    title: /^Sign in – Sésame$/ },
  { name: 'login-error-fr', lang: 'fr', open: (p) => failedSignIn(p, 'fr'), order: LOGIN_ERROR_ORDER,
    title: /^Erreur – Connexion – Sésame$/, errorSummaryFirst: true },
  { name: 'login-error-en', lang: 'en', open: (p) => failedSignIn(p, 'en'), order: LOGIN_ERROR_ORDER,
    title: /^Error – Sign in – Sésame$/, errorSummaryFirst: true },
  { name: 'signed-out-fr', lang: 'fr', open: (p) => p.goto(`${BASE}/login?logout&lang=fr`), order: LOGIN_ORDER.fr,
    title: /Sésame$/ },
  { name: 'signed-out-en', lang: 'en', open: (p) => p.goto(`${BASE}/login?logout&lang=en`), order: LOGIN_ORDER.en,
    title: /Sésame$/ },
  { name: 'home-fr', lang: 'fr', signedIn: true, open: (p) => p.goto(`${BASE}/?lang=fr`),
    order: [...HEADER_ORDER, 'main button[type=submit]'], title: /Sésame$/ },
  { name: 'home-en', lang: 'en', signedIn: true, open: (p) => p.goto(`${BASE}/?lang=en`),
    order: [...HEADER_ORDER, 'main button[type=submit]'], title: /Sésame$/ },
  // A relying party's sign-out without id_token_hint: the confirmation page (the language is the browser's).
  { name: 'signout-fr', lang: 'fr', signedIn: true, open: (p) => p.goto(SIGN_OUT),
    order: [...HEADER_ORDER, 'main button[type=submit]', 'main a'], title: /Sésame$/ },
  { name: 'signout-en', lang: 'en', signedIn: true, open: (p) => p.goto(SIGN_OUT),
    order: [...HEADER_ORDER, 'main button[type=submit]', 'main a'], title: /Sésame$/ },
  { name: 'authz-error-fr', lang: 'fr', open: (p) => authorizationError(p, 'fr'), order: HEADER_ORDER,
    title: /^Erreur – .+ – Sésame$/ },
  { name: 'authz-error-en', lang: 'en', open: (p) => authorizationError(p, 'en'), order: HEADER_ORDER,
    title: /^Error – .+ – Sésame$/ },
  { name: 'error-404-fr', lang: 'fr', signedIn: true, open: (p) => p.goto(`${BASE}/nonexistent?lang=fr`),
    order: [...HEADER_ORDER, 'main a'], title: /^Erreur – .+ – Sésame$/ },
  { name: 'error-404-en', lang: 'en', signedIn: true, open: (p) => p.goto(`${BASE}/nonexistent?lang=en`),
    order: [...HEADER_ORDER, 'main a'], title: /^Error – .+ – Sésame$/ },
];

async function failedSignIn(page, lang) {
  await page.goto(`${BASE}/login?lang=${lang}`);
  await page.fill('#username', `audit-${RUN}-${++attempts}@rivebelle.fr`);
  await page.fill('#password', 'not-the-password');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return response;
}

async function authorizationError(page, lang) {
  // The language comes from the cookie the switch sets; the authorization endpoint itself takes no lang parameter.
  await page.goto(`${BASE}/login?lang=${lang}`);
  return page.goto(`${BASE}/oauth2/authorize?client_id=demo-portal&redirect_uri=https://evil.example/cb`
    + '&response_type=code&scope=openid');
}

async function signIn(page) {
  await page.goto(`${BASE}/login`);
  await page.fill('#username', LOGIN);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  if (new URL(page.url()).pathname === '/login') {
    throw new Error(`sign-in as ${LOGIN} failed: ${page.url()}`);
  }
}

/** Puts the sequential focus starting point at the top of the page, as a fresh page load does. */
async function focusTop(page) {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
    document.activeElement.blur();
  });
}

async function runAxe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'] });
    const brief = (v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })) });
    return { violations: result.violations.map(brief), incomplete: result.incomplete.map(brief),
      passes: result.passes.length };
  }, TAGS);
}

/** Structure checks axe leaves out (some are best practices for axe but RGAA criteria: 8.5, 8.6, 9.1, 12.6). */
async function structure(page, state) {
  const problems = [];
  const facts = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    mains: document.querySelectorAll('main, [role=main]').length,
    headers: document.querySelectorAll('body > header, [role=banner]').length,
    footers: document.querySelectorAll('body > footer, [role=contentinfo]').length,
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    headingLevels: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1])),
    firstInMain: (() => {
      const first = document.querySelector('main :is(#error-summary, h1, h2, p, form, ul, ol, table)');
      return first ? (first.id || first.tagName.toLowerCase()) : null;
    })(),
    requiredExplained: (() => {
      const form = document.querySelector('main form input[required]');
      if (!form) return true;
      return /obligatoire|required/i.test(document.querySelector('main form').textContent);
    })(),
    describedBy: [...document.querySelectorAll('[aria-describedby]')].flatMap((el) => el.getAttribute('aria-describedby')
      .split(/\s+/).filter((id) => !document.getElementById(id)).map((id) => `${el.id || el.tagName}→#${id}`)),
    langSwitchCurrent: [...document.querySelectorAll('a[hreflang][aria-current]')].map((a) => a.getAttribute('hreflang')),
  }));
  if (facts.lang !== state.lang) problems.push(`html lang="${facts.lang}", expected "${state.lang}"`);
  if (!state.title.test(facts.title)) problems.push(`title "${facts.title}" does not match ${state.title}`);
  if (facts.mains !== 1) problems.push(`${facts.mains} main landmarks, expected 1`);
  if (facts.headers !== 1) problems.push(`${facts.headers} banner landmarks, expected 1`);
  if (facts.footers !== 1) problems.push(`${facts.footers} contentinfo landmarks, expected 1`);
  if (facts.h1.length !== 1) problems.push(`${facts.h1.length} h1, expected 1`);
  facts.headingLevels.forEach((level, i) => {
    if (i > 0 && level > facts.headingLevels[i - 1] + 1) problems.push(`heading level jumps to h${level}`);
  });
  if (!facts.requiredExplained) problems.push('required fields are not explained in text');
  if (facts.describedBy.length) problems.push(`aria-describedby to missing ids: ${facts.describedBy.join(', ')}`);
  if (facts.langSwitchCurrent.length !== 1 || facts.langSwitchCurrent[0] !== state.lang) {
    problems.push(`language switch marks ${JSON.stringify(facts.langSwitchCurrent)} as current`);
  }
  if (state.errorSummaryFirst && facts.firstInMain !== 'error-summary') {
    problems.push(`error summary is not the first content of main (found ${facts.firstInMain})`);
  }
  return { facts, problems };
}

/** Tabs through the page from the top; each stop must match the expected order and show a visible focus. */
async function keyboard(page, state) {
  const problems = [];
  const stops = [];
  if (state.errorSummaryFirst) {
    const focused = await page.evaluate(() => document.activeElement?.id);
    if (focused !== 'error-summary') problems.push(`on load the focus is on "${focused}", not on the error summary`);
  }
  await focusTop(page);
  for (let i = 0; i <= state.order.length; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate((selector) => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
      const shadow = cs.boxShadow && cs.boxShadow !== 'none';
      return {
        desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}`
          + (el.textContent.trim() ? ` "${el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}"` : ''),
        expected: selector ? el.matches(selector) : true,
        visible: rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.bottom > 0
          && rect.left < window.innerWidth && rect.top < window.innerHeight,
        focusRing: outline || shadow,
        ring: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
      };
    }, state.order[i] || null);
    if (!stop) break;
    stops.push(stop);
  }
  const wrong = stops.findIndex((s) => !s.expected);
  if (wrong >= 0) problems.push(`Tab stop ${wrong + 1} is ${stops[wrong].desc}, expected ${state.order[wrong]}`);
  else if (stops.length < state.order.length) problems.push(`only ${stops.length} Tab stops, expected ${state.order.join(' → ')}`);
  stops.forEach((stop, i) => {
    if (!stop.visible) problems.push(`Tab stop ${i + 1} (${stop.desc}) is off screen when focused`);
    if (!stop.focusRing) problems.push(`Tab stop ${i + 1} (${stop.desc}) has no visible focus ring (${stop.ring})`);
  });
  // The skip link must lead into main: after following it, the next Tab does not go back to the header.
  await focusTop(page);
  await page.keyboard.press('Tab');
  if (await page.evaluate(() => document.activeElement?.matches('a.skip-link'))) {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => (document.activeElement?.closest('main') ? 'main'
      : document.activeElement?.closest('header') ? 'header' : 'elsewhere'));
    const mainHasFocusable = await page.evaluate(() => !!document.querySelector('main a[href], main button, main input, main select'));
    if (mainHasFocusable && where !== 'main') {
      problems.push(`after the skip link, Tab lands in ${where}, not in main`);
    }
  }
  // Each link of the error summary must take the keyboard to its field.
  for (const href of await page.$$eval('#error-summary a[href^="#"]', (as) => as.map((a) => a.getAttribute('href')))) {
    await page.focus(`#error-summary a[href="${href}"]`);
    await page.keyboard.press('Enter');
    const at = await page.evaluate(() => document.activeElement?.id);
    if (`#${at}` !== href) {
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => document.activeElement?.id);
      if (`#${next}` !== href) problems.push(`error summary link ${href} leaves the focus on #${at}, then #${next}`);
    }
  }
  return { stops: stops.map((s) => s.desc), problems };
}

/** WCAG 1.4.10 and 1.4.4: no horizontal scrolling at 320 CSS px, nothing clipped with text at 200%. */
async function reflow(page) {
  const problems = [];
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => {
    const doc = document.scrollingElement;
    const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1)
      .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : ''))
      .filter((d) => !d.includes('skip-link'));
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide };
  });
  if (overflow.scrollWidth > overflow.clientWidth) {
    problems.push(`horizontal scroll at 320px (${overflow.scrollWidth} > ${overflow.clientWidth}): ${overflow.wide.slice(0, 5).join(', ')}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  const clipped = await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
    const doc = document.scrollingElement;
    const out = [...document.querySelectorAll('body *:not(.skip-link)')].filter((el) => {
      const cs = getComputedStyle(el);
      return (cs.overflow === 'hidden' || cs.overflowX === 'hidden' || cs.textOverflow === 'ellipsis')
        && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    }).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
    const result = { out, scroll: doc.scrollWidth > doc.clientWidth };
    document.documentElement.style.fontSize = '';
    return result;
  });
  if (clipped.out.length) problems.push(`content clipped with text at 200%: ${clipped.out.join(', ')}`);
  if (clipped.scroll) problems.push('horizontal scroll at 1280px with text at 200%');
  return problems;
}

async function screenshots(page, name) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 812 });
    await focusTop(page);
    await page.screenshot({ path: `${OUT}/${name}-${width}.png`, fullPage: true });
  }
  // Reflow at 320 CSS px (1280 px at 400%) and forced colours (Windows high contrast), to judge by eye.
  await page.setViewportSize({ width: 320, height: 700 });
  await focusTop(page);
  await page.screenshot({ path: `${OUT}/${name}-320.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
  await page.screenshot({ path: `${OUT}/${name}-forced-colors.png`, fullPage: true });
  await page.emulateMedia({ forcedColors: 'none', colorScheme: 'light' });
  // The first focus stop, to judge the focus ring and the skip link by eye.
  await page.setViewportSize({ width: 1280, height: 900 });
  await focusTop(page);
  await page.keyboard.press('Tab');
  await page.screenshot({ path: `${OUT}/${name}-focus-skip-link.png` });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.screenshot({ path: `${OUT}/${name}-focus-4.png` });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const report = [];
  let failing = 0;
  try {
    for (const state of STATES) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 },
        locale: state.lang === 'en' ? 'en-GB' : 'fr-FR' });
      const page = await context.newPage();
      const csp = [];
      page.on('console', (msg) => { if (/Content Security Policy|Refused to/i.test(msg.text())) csp.push(msg.text()); });
      page.on('pageerror', (err) => csp.push(`page error: ${err.message}`));
      const entry = { state: state.name, url: null, status: null, violations: [], problems: [] };
      try {
        if (state.signedIn) await signIn(page);
        const response = await state.open(page);
        entry.url = page.url();
        entry.status = response ? response.status() : null;
        // The markup as served (before the screenshots hide the caret with inline styles): CSP forbids both.
        const html = response ? await response.text() : '';
        if (/\sstyle\s*=/i.test(html)) entry.problems.push('style attribute in the served HTML');
        if (/<script/i.test(html)) entry.problems.push('<script> in the served HTML');
        await page.screenshot({ path: `${OUT}/${state.name}-onload.png` });
        const axe = await runAxe(page);
        entry.violations = axe.violations;
        entry.incomplete = axe.incomplete;
        entry.axePasses = axe.passes;
        const s = await structure(page, state);
        entry.title = s.facts.title;
        entry.problems.push(...s.problems);
        const k = await keyboard(page, state);
        entry.tabStops = k.stops;
        entry.problems.push(...k.problems);
        await state.open(page);
        entry.problems.push(...await reflow(page));
        await screenshots(page, state.name);
        entry.problems.push(...csp.map((c) => `CSP: ${c}`));
      }
      catch (error) {
        entry.problems.push(`could not audit: ${error.message.split('\n')[0]}`);
      }
      await context.close();
      report.push(entry);
      const nodes = entry.violations.reduce((n, v) => n + v.nodes.length, 0);
      const bad = entry.violations.length + entry.problems.length > 0;
      if (bad) failing++;
      console.log(`\n${bad ? '✗' : '✓'} ${state.name}  [${entry.status}] ${entry.url}  title="${entry.title}"`);
      console.log(`  axe: ${entry.violations.length} violation(s) on ${nodes} node(s), ${entry.axePasses} rules passed;`
        + ` other problems: ${entry.problems.length}`);
      for (const v of entry.violations) {
        console.log(`  - axe ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes) console.log(`      ${n.target}  ${n.summary.replace(/\s+/g, ' ').slice(0, 220)}`);
      }
      for (const v of entry.incomplete || []) {
        console.log(`  ? axe needs review ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
      }
      for (const p of entry.problems) console.log(`  - ${p}`);
      if (entry.tabStops) console.log(`  Tab order: ${entry.tabStops.join(' → ')}`);
    }
  }
  finally {
    await browser.close();
  }
  writeFileSync(`${OUT}/report.json`, JSON.stringify(report, null, 2));
  console.log('\nSummary (axe violations / other problems):');
  for (const e of report) console.log(`  ${e.state.padEnd(16)} ${String(e.violations.length).padStart(2)} / ${e.problems.length}`);
  console.log(`\nScreenshots and report.json in ${OUT}`);
  process.exitCode = failing;
}

main().catch((error) => { console.error(error); process.exitCode = 100; });
