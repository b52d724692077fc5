// Loads the ws-chat sample's page in headless Chromium, sends a message from the page and checks that it comes
// back to the page and to a second client (npm ws). Usage: node chat-page.js PORT SCREENSHOT_PATH [CHROMIUM]
// Prints "RESULT <json>" and exits 0, or exits 1 with the error on stderr (also after 25 s).
'use strict';
const { chromium } = require('playwright-core');
const WebSocket = require('ws');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [port, screenshot, chromiumPath] = process.argv.slice(2);
const die = (err) => { console.error(String(err && err.stack || err)); process.exit(1); };
setTimeout(() => die('timed out'), 25000).unref();

(async () => {
  const other = new WebSocket(`ws://127.0.0.1:${port}/chat`);
  await new Promise((resolve, reject) => { other.once('open', resolve); other.once('error', reject); });
  const heard = new Promise((resolve) => other.on('message', (d) => resolve(d.toString())));

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath || process.env.CHROMIUM || 'chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'connected');
    await page.fill('#text', 'hello from chromium');
    await page.click('button');
    await page.waitForFunction(() => document.querySelector('#log li') !== null);
    const shown = await page.textContent('#log li');
    const otherGot = await heard;
    other.send('hello from node');
    await page.waitForFunction(() => document.querySelectorAll('#log li').length === 2);
    const second = await page.textContent('#log li:nth-child(2)');
    if (screenshot) await page.screenshot({ path: screenshot });
    console.log('RESULT ' + JSON.stringify({ shown, otherGot, second }));
  } finally {
    await context.close();
    other.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  process.exit(0);
})().catch(die);
