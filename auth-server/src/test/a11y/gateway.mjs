#!/usr/bin/env node
// Accessibility of the gateway's pages (RGAA 4.1 / WCAG 2.1 AA), run by hand against the running demo (the README's
// first command):
//
//   cd auth-server/src/test/a11y && npm ci && node gateway.mjs
//
// Signs in through the gateway as a Rivebelle agent (French browser) and as a Montclair agent (English browser), and
// runs axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) on the portal, the gateway's "not found" and "access denied"
// pages and the demo applications, with a reflow check at 320 CSS px (WCAG 1.4.10). Exit code: the number of pages
// with a violation or a horizontal scroll. Screenshots in OUT (default /tmp/sesame-gateway).
// Environment: GATEWAY_URL (default http://localhost:8080), CHROMIUM (default /usr/bin/chromium), SESAME_PASSWORD
// (default Sesame-Demo-2026).

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BASE = (process.env.GATEWAY_URL || 'http://localhost:8080').replace(/\/$/, '');
const PASSWORD = process.env.SESAME_PASSWORD || 'Sesame-Demo-2026';
const OUT = process.env.OUT || '/tmp/sesame-gateway';
let failures = 0;

async function scan(page, name) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')) }));
  }, TAGS);
  await page.setViewportSize({ width: 320, height: 640 });
  const scrolls = await page.evaluate(() => document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
  const failed = violations.length > 0 || scrolls;
  failures += failed ? 1 : 0;
  console.log(`${failed ? '✗' : '✓'} ${name.padEnd(24)} ${new URL(page.url()).pathname}  lang=${await page.getAttribute('html', 'lang')}`
    + `  axe: ${violations.length} violation(s)${scrolls ? ', scrolls sideways at 320px' : ''}`);
  for (const v of violations) console.log(`    - ${v.id} (${v.impact}): ${v.help} → ${v.nodes.slice(0, 4).join(', ')}`);
}

async function signIn(browser, locale, login) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  await page.fill('#username', login);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  await page.waitForLoadState('networkidle');
  return page;
}

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  const rivebelle = await signIn(browser, 'fr-FR', 'jdupont@rivebelle.fr');
  await scan(rivebelle, 'portal-fr');
  for (const [name, path] of [['not-found-fr', '/nowhere'], ['etat-civil', '/etat-civil/'], ['whoami', '/whoami/']]) {
    await rivebelle.goto(`${BASE}${path}`);
    await scan(rivebelle, name);
  }
  const montclair = await signIn(browser, 'en-GB', 'jdupont@montclair.fr');
  await scan(montclair, 'portal-en');
  await montclair.goto(`${BASE}/etat-civil/`);
  await scan(montclair, 'access-denied-en');
}
finally {
  await browser.close();
}
process.exit(failures);
