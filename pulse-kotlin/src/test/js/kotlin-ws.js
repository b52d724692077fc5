// Drives the Kotlin DSL's WebSocket endpoints with the npm `ws` client (installed under pulse-core-java/src/test/js
// by .ci/run). Usage: node kotlin-ws.js PORT SCENARIO. Prints "RESULT <json>" and exits 0, or exits 1 (also after 15 s).
'use strict';
const path = require('path');
const WebSocket = require(path.join(__dirname, '..', '..', '..', '..', 'pulse-core-java', 'src', 'test', 'js', 'node_modules', 'ws'));

const [port, scenario] = process.argv.slice(2);
const url = (p) => `ws://127.0.0.1:${port}${p}`;
const done = (result) => { console.log('RESULT ' + JSON.stringify(result)); process.exit(0); };
const die = (err) => { console.error(String(err && err.stack || err)); process.exit(1); };
setTimeout(() => die('timed out in ' + scenario), 15000).unref();

const scenarios = {
  // two clients on /chat: once both are in (the server says "joined"), each one's message reaches both
  async chat() {
    const clients = [0, 1].map(() => new WebSocket(url('/chat')));
    const got = clients.map(() => []);
    const joined = clients.map((ws, i) => new Promise((resolve) => ws.on('message', (d) => {
      if (d.toString() === 'joined') resolve(); else got[i].push(d.toString());
    })));
    clients.forEach((ws) => ws.once('error', die));
    await Promise.all(joined);
    clients.forEach((ws, i) => ws.send('hello from ' + i));
    await new Promise((resolve) => {
      const check = () => got.every((g) => g.length === 2) ? resolve() : setTimeout(check, 5);
      check();
    });
    clients.forEach((ws) => ws.close(1000));
    done({ got: got.map((g) => g.slice().sort()) });
  },
  // a text and a 256 KiB binary message echoed by a suspending handler, then a normal close from the server
  async echo() {
    const ws = new WebSocket(url('/echo'));
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const next = () => new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data, isBinary })));
    ws.send('héllo');
    const t = await next();
    const bin = require('crypto').randomBytes(256 * 1024);
    ws.send(bin);
    const b = await next();
    const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('bye');
    const code = await closed;
    done({ text: t.data.toString(), textIsBinary: t.isBinary, binaryEqual: b.isBinary && Buffer.compare(b.data, bin) === 0, code });
  },
};

(scenarios[scenario] || (() => die('no scenario ' + scenario)))().catch(die);
