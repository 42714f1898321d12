// Drives Debian's Chromium through playwright-core for the Java browser tests.
// Protocol: one JSON command per line on stdin, one JSON answer per line on stdout.
// Each named context is one person's browser (its own cookies); each holds one page.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
// One browser per person, each with a fresh profile: separate people share no cookies or cache.
const people = new Map();

async function page(name) {
  if (!people.has(name)) {
    const userDataDir = mkdtempSync(join(tmpdir(), 'exchange-recovery-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
        '--no-first-run', '--disable-component-update', '--disable-sync'],
      viewport: { width: 390, height: 844 },
      userAgent: `approval-test/${name}`,
    });
    const first = context.pages()[0] || await context.newPage();
    people.set(name, { context, page: first, userDataDir });
  }
  return people.get(name).page;
}

async function describe(p, response) {
  const text = async (selector) => (await p.locator(selector).count()) ? (await p.locator(selector).first().innerText()) : null;
  return {
    status: response ? response.status() : null,
    url: p.url(),
    title: await p.title(),
    reason: (await p.locator('#refusal').count()) ? await p.locator('#refusal').getAttribute('data-reason') : null,
    refusal: await text('#refusal'),
    outcome: await text('#outcome'),
    evidence: await text('#evidence'),
    request: await text('#request'),
    hasForm: (await p.locator('#approve-form').count()) > 0,
  };
}

async function submit(p, click) {
  const [response] = await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), click()]);
  return describe(p, response);
}

const commands = {
  async open({ context, url }) {
    const p = await page(context);
    return describe(p, await p.goto(url, { waitUntil: 'load' }));
  },
  async approve({ context }) {
    const p = await page(context);
    return submit(p, () => p.click('#approve'));
  },
  async reject({ context, reason }) {
    const p = await page(context);
    await p.fill('#reason', reason);
    return submit(p, () => p.click('#reject'));
  },
  // The hidden fields of the approve form on the current page, to replay or alter them later.
  async captureForm({ context }) {
    const p = await page(context);
    const fields = await p.$$eval('#approve-form input', inputs => Object.fromEntries(inputs.map(i => [i.name, i.value])));
    return { fields, action: await p.locator('#approve-form').getAttribute('action'), url: p.url() };
  },
  // A real browser form POST of the given fields to the given URL, from a blank page.
  async postForm({ context, url, fields }) {
    const p = await page(context);
    await p.goto('about:blank');
    return submit(p, () => p.evaluate(({ url, fields }) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = url;
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.appendChild(input);
      }
      document.body.appendChild(form);
      form.submit();
    }, { url, fields }));
  },
  // Removes the anti-CSRF value from the rendered form, then clicks Approve: what a forged form would send.
  async approveWithoutCsrf({ context }) {
    const p = await page(context);
    await p.evaluate(() => document.querySelectorAll('input[name=csrf]').forEach(input => input.remove()));
    return submit(p, () => p.click('#approve'));
  },
  async screenshot({ context, path }) {
    const p = await page(context);
    await p.screenshot({ path, fullPage: true });
    return { path };
  },
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    const command = JSON.parse(line);
    if (command.op === 'quit') break;
    const run = commands[command.op];
    answer = run ? { ok: true, result: await run(command) } : { ok: false, error: `unknown op ${command.op}` };
  } catch (error) {
    answer = { ok: false, error: String(error && error.stack || error) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
for (const { context, userDataDir } of people.values()) {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
