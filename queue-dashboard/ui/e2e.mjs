// End-to-end test of the dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser is downloaded). DashboardBrowserIT starts Redis, the dashboard and
// a worker, then runs this script with:
//   DASHBOARD_URL  the open dashboard (http://127.0.0.1:PORT/)
//   AUTH_URL       a second dashboard that wants AUTH_TOKEN as a bearer token
//   EMAIL_DEAD_ID  a dead task of queue email (for the task screenshot)
//   REPLAY_ID      a dead task of queue billing that succeeds once replayed
//   SHOTS_DIR      where the screenshots go
// Exit 0 when every step passed; otherwise one line naming the step, and exit 1.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('DASHBOARD_URL');
const AUTH_URL = env('AUTH_URL');
const AUTH_TOKEN = env('AUTH_TOKEN');
const EMAIL_DEAD_ID = env('EMAIL_DEAD_ID');
const REPLAY_ID = env('REPLAY_ID');
const SHOTS = env('SHOTS_DIR');
const TIMEOUT = 15000;

mkdirSync(SHOTS, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'taskq-e2e-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
  colorScheme: 'light',
});
context.setDefaultTimeout(TIMEOUT);
const page = context.pages()[0] || await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));

let step = 'start';
async function run(name, body) {
  step = name;
  const t0 = Date.now();
  await body();
  console.log(`e2e: ${name} ok (${Date.now() - t0} ms)`);
}

try {
  await run('overview loads with every queue', async () => {
    await page.goto(BASE);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    for (const q of ['email', 'billing', 'reports']) {
      await page.getByRole('rowheader', { name: q, exact: true }).waitFor();
    }
    await page.locator('.live.on').waitFor();
    await page.locator('.uplot').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'dashboard-overview.png') });
  });

  await run('queue page lists pending tasks', async () => {
    await page.goto(`${BASE}#/queues/email?state=pending`);
    await page.getByRole('heading', { name: 'Queue email' }).waitFor();
    await page.locator('table.tasks tbody tr td.mono a').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'dashboard-queue.png') });
  });

  await run('DLQ tab lists dead tasks with actions', async () => {
    await page.goto(`${BASE}#/queues/email?state=dead`);
    await page.getByRole('link', { name: EMAIL_DEAD_ID }).waitFor();
    await page.getByRole('checkbox', { name: `Select task ${EMAIL_DEAD_ID}` }).check();
    await page.getByRole('button', { name: 'Replay selected (1)' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'dashboard-dlq.png') });
  });

  await run('task page shows the error and attempts', async () => {
    await page.goto(`${BASE}#/tasks/${EMAIL_DEAD_ID}`);
    await page.getByText('mailbox does not exist').first().waitFor();
    await page.getByRole('heading', { name: 'Attempts' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'dashboard-task.png'), fullPage: true });
  });

  await run('a dead task replayed by clicking completes', async () => {
    await page.goto(`${BASE}#/queues/billing?state=dead`);
    await page.getByRole('link', { name: REPLAY_ID }).click();
    await page.getByRole('heading', { name: `Task ${REPLAY_ID}` }).waitFor();
    await page.locator('[data-testid=task-state]', { hasText: 'dead' }).waitFor();
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Replay' }).click();
    await page.locator('[data-testid=task-state]', { hasText: 'succeeded' }).waitFor();
  });

  await run('a queue is paused and resumed', async () => {
    await page.goto(BASE);
    await page.getByRole('button', { name: 'Pause queue email' }).click();
    await page.getByRole('button', { name: 'Resume queue email' }).waitFor();
    const paused = await page.evaluate(async () => (await (await fetch('/api/queues')).json())
      .queues.find((q) => q.queue === 'email').paused);
    if (paused !== true) throw new Error(`email should be paused, the API says ${paused}`);
    await page.getByRole('button', { name: 'Resume queue email' }).click();
    await page.getByRole('button', { name: 'Pause queue email' }).waitFor();
  });

  await run('keyboard: the dialog opens, Escape cancels, nothing changes', async () => {
    await page.goto(`${BASE}#/queues/email?state=dead`);
    await page.getByRole('link', { name: EMAIL_DEAD_ID }).waitFor();
    await page.getByRole('button', { name: 'Replay all' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: EMAIL_DEAD_ID }).waitFor();
  });

  await run('an unauthenticated request is refused when auth is on', async () => {
    const anonymous = await context.request.get(`${AUTH_URL}api/queues`);
    if (anonymous.status() !== 401) throw new Error(`expected 401, got ${anonymous.status()}`);
    await page.goto(AUTH_URL);
    await page.getByLabel('Access token').fill(AUTH_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  await run('dark theme', async () => {
    await page.goto(BASE);
    await page.getByLabel('Theme').selectOption('dark');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.locator('.uplot').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'dashboard-overview-dark.png') });
  });

  if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
  console.log('e2e: all steps passed');
  await context.close();
  rmSync(profile, { recursive: true, force: true });
} catch (e) {
  console.error(`e2e: step "${step}" failed: ${e.message.split('\n')[0]}`);
  await page.screenshot({ path: join(SHOTS, 'failure.png') }).catch(() => {});
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  process.exit(1);
}
