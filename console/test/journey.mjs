// The console's browser journey: three users and an operator walk through every page in headless
// Chromium, each step asserting what the page shows. Run: BASE_URL=http://127.0.0.1:18080 node console/test/journey.mjs

import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:18080').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = resolve(process.env.SCREENSHOTS || 'target/console');
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || 'operator-local-only';
const WAIT = 30_000;

if (!existsSync(CHROMIUM)) {
  console.log(`console journey: skipped: no chromium at ${CHROMIUM}`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}
mkdirSync(SCREENSHOTS, { recursive: true });

const run = Date.now();
const random = () => Math.random().toString(36).slice(2, 8);
const userA = { username: `journey_a_${run}`, password: `Correct-Horse-${random()}-9`, email: `journey_a_${run}@example.com`, firstName: 'Anna' };
const userB = { username: `journey_b_${run}`, password: `Correct-Horse-${random()}-9`, email: `journey_b_${run}@example.com`, firstName: 'Boris' };

let browser;
let currentStep = 'start';
let lastPage = null;
let passed = 0;
const problems = [];

class StepFailure extends Error {}

function fail(message) {
  throw new StepFailure(message);
}

async function step(name, body) {
  currentStep = name;
  await body();
  passed += 1;
  console.log(`ok ${name}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

async function newPage(context) {
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(WAIT);
  // a script error or a refusal by the Content-Security-Policy fails the journey at its end
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // failed requests (the 403 of the operator check, the 401 before a quiet refresh) are expected: not counted
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  lastPage = page;
  return page;
}

/** The visible text of the element, or '' when it is not there. */
async function text(page, selector) {
  return page.$eval(selector, (element) => element.textContent.replace(/\s+/g, ' ').trim()).catch(() => '');
}

/** Waits until `predicate(page)` in the browser returns something truthy; fails with `what` and the last text seen. */
async function until(page, what, predicate, arg, timeout = WAIT) {
  try {
    const handle = await page.waitForFunction(predicate, { timeout, polling: 200 }, arg);
    return handle.jsonValue();
  } catch {
    lastPage = page;
    const seen = await page.evaluate(() => document.querySelector('main')?.innerText.slice(0, 1500) || '').catch(() => '');
    fail(`${what} (waited ${timeout / 1000} s). The page showed:\n${seen}`);
  }
  return null;
}

async function untilText(page, selector, pattern, what, timeout = WAIT) {
  return until(page, `${what}: expected ${selector} to show ${pattern}`, ([sel, source, flags]) => {
    const element = document.querySelector(sel);
    return element && new RegExp(source, flags).test(element.textContent.replace(/\s+/g, ' '));
  }, [selector, pattern.source, pattern.flags], timeout);
}

async function go(page, hash) {
  const target = `${BASE_URL}/#${hash}`;
  if (page.url().startsWith(BASE_URL)) {
    await page.evaluate((h) => { location.hash = h; }, hash);
  } else {
    await page.goto(target, { waitUntil: 'domcontentloaded' });
  }
  await page.waitForFunction((h) => location.hash === `#${h}` && document.querySelector('main h1'), {}, hash);
}

async function fill(page, selector, value) {
  await page.waitForSelector(selector, { visible: true });
  await page.$eval(selector, (element) => { element.value = ''; });
  await page.type(selector, String(value));
}

async function setValue(page, selector, value) {
  await page.$eval(selector, (element, v) => {
    element.value = v;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

async function register(page, user, screenshot) {
  await go(page, '/register');
  await fill(page, '#f-username', user.username);
  await fill(page, '#f-email', user.email);
  await fill(page, '#f-password', user.password);
  await fill(page, '#f-firstName', user.firstName);
  if (screenshot) await shot(page, screenshot);
  await page.click('#register-form button[type="submit"]');
  await until(page, `${user.username} should land on the account page after registering`,
    () => location.hash === '#/account' && /RUB/.test(document.querySelector('#balance')?.textContent || ''));
}

async function signIn(page, username, password) {
  await go(page, '/signin');
  await fill(page, '#f-username', username);
  await fill(page, '#f-password', password);
  await page.click('#signin-form button[type="submit"]');
  await until(page, `${username} should be signed in`, () => location.hash === '#/account' && document.querySelector('#sign-out'));
}

async function moneyAction(page, form, amount) {
  await fill(page, `#${form} input[name="amount"]`, amount);
  await page.click(`#${form} button[type="submit"]`);
}

async function main() {
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const contextA = await browser.createBrowserContext();
  const a = await newPage(contextA);

  await step('register user A', async () => {
    await register(a, userA, '01-register.png');
    await untilText(a, '#balance', /0\.00 RUB/, 'a new account has no money');
    await shot(a, '02-account.png');
  });

  await step('deposit and withdraw', async () => {
    await moneyAction(a, 'deposit-form', '5000.00');
    await untilText(a, '#balance', /5,?000\.00 RUB/, 'the balance after depositing 5000.00');
    await untilText(a, '#statement', /Deposit/, 'the statement lists the deposit');
    if (!(await a.$('#balance-chart svg polyline, #balance-chart svg circle'))) fail('the balance chart (svg) is missing');
    await moneyAction(a, 'withdraw-form', '100');
    await untilText(a, '#balance', /4,?900\.00 RUB/, 'the balance after withdrawing 100');
    await untilText(a, '#statement', /Withdrawal/, 'the statement lists the withdrawal');
    await shot(a, '03-account-statement.png');
  });

  await step('order paid with its happy letter', async () => {
    await go(a, '/orders');
    await fill(a, '#f-price', '250.00');
    await fill(a, '#f-description', 'Journey order');
    await a.click('#order-form button[type="submit"]');
    await untilText(a, '#order-list .order', /250\.00 RUB/, 'the placed order is listed');
    await until(a, 'the order should be PAID', () => document.querySelector('#order-list .order')?.dataset.status === 'PAID');
    await untilText(a, '#order-list .order', /Paid/, 'the order shows Paid');
    await until(a, 'the happy letter (ORDER_PAID) should appear under the order',
      () => document.querySelector('#order-list .order .letter[data-kind="ORDER_PAID"]'));
    await untilText(a, '#order-list .order .letter', /Happy letter/, 'the letter is the happy one');
    await shot(a, '04-orders.png');
  });

  await step('OSAGO quotes live, accept the cheapest, policy issued', async () => {
    // a policy costs more than what is left: top up first
    await go(a, '/account');
    await moneyAction(a, 'deposit-form', '50000');
    await untilText(a, '#balance', /54,?650\.00 RUB/, 'the balance after topping up for the policy');
    await go(a, '/osago');
    await fill(a, '#f-vehicle-vin', 'XTA210990Y2766389');
    await fill(a, '#f-vehicle-make', 'Lada');
    await fill(a, '#f-vehicle-model', 'Vesta');
    await fill(a, '#f-vehicle-year', '2021');
    await fill(a, '#f-vehicle-enginePowerHp', '106');
    await fill(a, '#f-driver-fullName', 'Anna Journey');
    await setValue(a, '#f-driver-birthDate', '1985-05-01');
    await fill(a, '#f-driver-licenseNumber', '7701 123456');
    await setValue(a, '#f-driver-licenseIssuedAt', '2005-06-01');
    await fill(a, '#f-region', 'Moscow');
    // record every insurer row's status as the page shows it, to prove the rows change while watched
    await a.evaluate(() => {
      window.__rows = {};
      const record = () => {
        for (const row of document.querySelectorAll('#insurer-rows tr[data-insurer]')) {
          const seen = window.__rows[row.dataset.insurer] || (window.__rows[row.dataset.insurer] = []);
          if (seen[seen.length - 1] !== row.dataset.status) seen.push(row.dataset.status);
        }
      };
      new MutationObserver(record).observe(document.querySelector('main'), { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await a.click('#osago-form button[type="submit"]');
    await until(a, 'the application with its insurer rows should show', () => document.querySelectorAll('#insurer-rows tr[data-insurer]').length > 0);
    await shot(a, '05-osago-live.png');
    await until(a, 'the application should reach COMPLETED', () => document.querySelector('#application')?.dataset.status === 'COMPLETED', undefined, 60_000);
    await untilText(a, '#application-status', /Completed/, 'the status reads Completed');
    const progress = await a.$eval('#application-progress', (p) => ({ value: p.value, max: p.max }));
    if (progress.value !== progress.max) fail(`the progress bar should be full, is ${progress.value} of ${progress.max}`);
    const history = await a.evaluate(() => window.__rows);
    const changed = Object.values(history).some((statuses) => statuses[0] === 'PENDING' && statuses.length > 1);
    if (!changed) fail(`no insurer row changed from PENDING while the page was open: ${JSON.stringify(history)}`);
    await shot(a, '06-osago-done.png');
    const rows = await a.$$eval('#insurer-rows tr[data-insurer]', (trs) => trs.map((tr) => ({
      insurer: tr.dataset.insurer, status: tr.dataset.status, premium: Number(tr.querySelector('[data-premium]')?.dataset.premium), text: tr.innerText.replace(/\s+/g, ' '),
    })));
    const quoted = rows.filter((row) => row.status === 'QUOTED').sort((x, y) => x.premium - y.premium);
    if (!quoted.length) fail(`no insurer quoted: ${rows.map((row) => row.text).join(' | ')}`);
    const cheapest = quoted[0];
    await a.click(`#insurer-rows tr[data-insurer="${cheapest.insurer}"] button.accept`);
    await until(a, `the order paying ${cheapest.insurer} should be PAID`, () => document.querySelector('#accept-order')?.dataset.status === 'PAID');
    await untilText(a, '#policy-issued', /Policy issued/, 'the policy is issued');
    const number = await text(a, '#policy-number');
    if (!number) fail('the policy number is empty');
    console.log(`  policy ${number} from ${cheapest.insurer} for ${cheapest.premium}`);
  });

  const contextB = await browser.createBrowserContext();
  const b = await newPage(contextB);

  await step('chat between A and B, live', async () => {
    await register(b, userB);
    await go(b, '/chats');
    await go(a, '/chats');
    await fill(a, '#f-who', userB.username);
    await a.click('#find-form button[type="submit"]');
    await a.waitForSelector('#user-results button.start-chat');
    await a.click('#user-results button.start-chat');
    await until(a, 'A should be in the new conversation', () => /^#\/chats\/[^/]+$/.test(location.hash) && document.querySelector('#message-form'));
    await untilText(a, 'main h1', /Boris|journey_b/, 'the conversation names B');
    await fill(a, '#f-text', 'Hello from A');
    await a.click('#message-form button[type="submit"]');
    await untilText(a, '#messages', /Hello from A/, 'A sees its own message');
    await untilText(a, '#messages .message.mine .mark', /✓ sent/, 'A\'s message is sent, not read yet');

    // B: the chat appears live in the list with one unread message and A's name
    await untilText(b, '#chat-list', /Hello from A/, 'B\'s chat list shows A\'s message');
    await untilText(b, '#chat-list', /Anna|journey_a/, 'B\'s chat list names A');
    await until(b, 'B\'s chat shows 1 unread', () => document.querySelector('#chat-list .badge')?.getAttribute('aria-label') === '1 unread');
    await shot(b, '07-chats-list.png');
    await b.click('#chat-list a.chat-link');
    await untilText(b, '#messages', /Hello from A/, 'B sees A\'s message in the conversation');

    // A: the message turns read once B has it on screen
    await untilText(a, '#messages .message.mine .mark', /✓✓ read/, 'A sees its message read by B');

    // B types, A sees the hint; B replies, A sees it without reloading
    await b.click('#f-text');
    await b.type('#f-text', 'Hi A, ', { delay: 30 });
    await untilText(a, '#typing', /is typing/, 'A sees that B is typing', 10_000);
    await b.type('#f-text', 'this is B');
    await b.click('#message-form button[type="submit"]');
    await untilText(a, '#messages', /Hi A, this is B/, 'A sees B\'s reply live');
    await shot(a, '08-conversation.png');
  });

  await step('operator replays a projection', async () => {
    const contextC = await browser.createBrowserContext();
    const c = await newPage(contextC);
    await signIn(c, 'admin', ADMIN_PASSWORD);
    await until(c, 'the Operator link should show for an admin', () => document.querySelector('#nav a[href="#/admin"]'));
    await go(c, '/admin');
    await until(c, 'the processors table should list processors', () => document.querySelectorAll('#projection-rows tr[data-name]').length > 0);
    const names = await c.$$eval('#projection-rows tr[data-name]', (trs) => trs.map((tr) => ({ name: tr.dataset.name, replayable: Boolean(tr.querySelector('button.replay')) })));
    const target = names.find((row) => row.name === 'orders' && row.replayable) || names.find((row) => row.replayable);
    if (!target) fail(`no replayable processor among ${names.map((row) => row.name).join(', ')}`);
    const row = `#projection-rows tr[data-name="${target.name}"]`;
    await c.click(`${row} button.replay`);
    await until(c, `${target.name} should show the replay (requested or replaying)`, (sel) => {
      const tr = document.querySelector(sel);
      return tr && (tr.dataset.replaying === 'true' || /Replay requested|Replaying/.test(tr.querySelector('.replay-state').textContent));
    }, row, 10_000);
    await shot(c, '09-operator.png');
    await until(c, `${target.name} should finish replaying`, (sel) => {
      const tr = document.querySelector(sel);
      return tr && tr.dataset.replaying === 'false' && /Idle/.test(tr.querySelector('.replay-state').textContent);
    }, row, 60_000);
    await contextC.close();
  });

  await step('public live page', async () => {
    const contextD = await browser.createBrowserContext();
    const d = await newPage(contextD);
    await go(d, '/live');
    await until(d, 'the live page should count at least 1 policy issued and 2 messages today', () =>
      Number(document.querySelector('#policies-issued')?.dataset.value) >= 1 && Number(document.querySelector('#messages-today')?.dataset.value) >= 2);
    await shot(d, '10-live.png');
    await contextD.close();
  });

  await step('phone width', async () => {
    await a.setViewport({ width: 360, height: 740 });
    await go(a, '/account');
    await untilText(a, '#balance', /RUB/, 'the balance shows on a phone');
    await until(a, 'the statement loads on a phone', () => document.querySelectorAll('#statement-rows tr').length > 1);
    const width = await a.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) fail(`the page scrolls sideways at 360 px: scrollWidth ${width}`);
    if (!(await a.$eval('#menu-button', (button) => button.offsetParent !== null))) fail('the menu button is not shown at 360 px');
    await shot(a, '11-phone.png');
  });

  await step('keyboard on the sign-in page', async () => {
    const contextE = await browser.createBrowserContext();
    const e = await newPage(contextE);
    await go(e, '/signin');
    await e.waitForSelector('#f-username');
    const active = () => e.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.type ? `[${el.type}]` : ''}` : '';
    });
    let seen = '';
    for (let i = 0; i < 20 && !seen.startsWith('input#f-username'); i += 1) {
      await e.keyboard.press('Tab');
      seen = await active();
    }
    if (!seen.startsWith('input#f-username')) fail(`Tab never reached the username field (last: ${seen})`);
    await e.keyboard.press('Tab');
    if (!(await active()).startsWith('input#f-password')) fail(`after the username, Tab went to ${await active()}, not the password`);
    await e.keyboard.press('Tab');
    const submit = await e.evaluate(() => document.activeElement?.matches('#signin-form button[type="submit"]'));
    if (!submit) fail(`after the password, Tab went to ${await active()}, not the Sign in button`);
    await contextE.close();
  });
}

try {
  await main();
  currentStep = 'no script errors on any page';
  if (problems.length) throw new StepFailure(problems.join('\n'));
  console.log(`console journey: ${passed} steps passed`);
  await browser.close();
  process.exit(0);
} catch (error) {
  console.error(`console journey: step "${currentStep}" failed: ${error instanceof StepFailure ? error.message : error.stack || error}`);
  if (lastPage) await lastPage.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true }).catch(() => {});
  if (browser) await browser.close().catch(() => {});
  process.exit(1);
}
