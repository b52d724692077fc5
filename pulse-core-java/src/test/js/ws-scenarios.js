// Drives Pulse's WebSocket server with the npm `ws` client. Usage: node ws-scenarios.js PORT SCENARIO [ARG]
// Prints one line "RESULT <json>" and exits 0, or exits 1 with the error on stderr (also after 15 s).
'use strict';
const WebSocket = require('ws');
const crypto = require('crypto');

const [port, scenario, arg] = process.argv.slice(2);
const url = (path) => `ws://127.0.0.1:${port}${path}`;
const done = (result) => { console.log('RESULT ' + JSON.stringify(result)); process.exit(0); };
const die = (err) => { console.error(String(err && err.stack || err)); process.exit(1); };
setTimeout(() => die('timed out in ' + scenario), 15000).unref();

function open(path) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url(path));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
const closed = (ws) => new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
const next = (ws) => new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data, isBinary })));

const scenarios = {
  // three clients in one room: each one's message reaches all three
  async broadcast() {
    // listen from the start: the server's "joined" may arrive right after the 'open' event
    const clients = [0, 1, 2].map(() => new WebSocket(url('/room')));
    const got = clients.map(() => []);
    const joined = clients.map((ws, i) => new Promise((resolve) => ws.on('message', (d) => {
      if (d.toString() === 'joined') resolve(); else got[i].push(d.toString());
    })));
    clients.forEach((ws) => ws.once('error', die));
    await Promise.all(joined); // all three are in the group before anyone speaks
    clients.forEach((ws, i) => ws.send('hello from ' + i));
    await new Promise((resolve) => {
      const check = () => got.every((g) => g.length === 3) ? resolve() : setTimeout(check, 5);
      check();
    });
    clients.forEach((ws) => ws.close(1000));
    done({ got: got.map((g) => g.slice().sort()) });
  },
  // a 1 MiB text message in 16 fragments, and a 1 MiB binary message in one frame, echoed whole
  async big() {
    const ws = await open('/echo');
    const text = crypto.randomBytes(512 * 1024).toString('hex'); // 1 MiB of ASCII
    const frag = text.length / 16;
    for (let i = 0; i < 16; i++) ws.send(text.slice(i * frag, (i + 1) * frag), { fin: i === 15 });
    const t = await next(ws);
    const bin = crypto.randomBytes(1024 * 1024);
    ws.send(bin);
    const b = await next(ws);
    ws.close(1000);
    done({ textEqual: !t.isBinary && t.data.toString() === text, binaryEqual: b.isBinary && Buffer.compare(b.data, bin) === 0,
      textLength: t.data.length });
  },
  // a ping interleaved inside a fragmented message gets its pong; the message still arrives whole
  async ping() {
    const ws = await open('/echo');
    const pong = new Promise((resolve) => ws.once('pong', (d) => resolve(d.toString())));
    ws.send('part one, ', { fin: false });
    ws.ping('are you there');
    ws.send('part two', { fin: true });
    const [p, m] = await Promise.all([pong, next(ws)]);
    ws.close(1000);
    done({ pong: p, message: m.data.toString() });
  },
  // the client closes with 1000: the server echoes 1000
  async clientClose() {
    const ws = await open('/echo');
    const c = closed(ws);
    ws.close(1000, 'client done');
    done(await c);
  },
  // the server closes with 1000 "bye" when asked
  async serverClose() {
    const ws = await open('/echo');
    const c = closed(ws);
    ws.send('close-me');
    done(await c);
  },
  // a message over the server's limit: close 1009
  async oversize() {
    const ws = await open('/echo');
    const c = closed(ws);
    ws.send(Buffer.alloc(200 * 1024, 1));
    done(await c);
  },
  // invalid UTF-8 in a text message split over two fragments: close 1007
  async badUtf8() {
    const ws = await open('/echo');
    const c = closed(ws);
    ws.send(Buffer.from([0x68, 0x69, 0xE2, 0x82]), { binary: false, fin: false }); // "hi" + half a euro sign
    ws.send(Buffer.from([0x28]), { binary: false, fin: true });                    // then not a continuation byte
    done(await c);
  },
  // opens /echo?room=7 as a page from origin ARG would, offering two subprotocols: opened (and which protocol),
  // or the status the server refused the upgrade with
  async origin() {
    const ws = new WebSocket(url('/echo?room=7'), ['chat.v2', 'chat.v1'], { origin: arg, headers: { 'X-Test': 'yes' } });
    ws.once('unexpected-response', (req, res) => done({ status: res.statusCode }));
    ws.once('error', die);
    ws.once('open', async () => {
      const m = next(ws);
      ws.send('hello');
      const echoed = (await m).data.toString();
      ws.close(1000);
      done({ opened: true, protocol: ws.protocol, echoed });
    });
  },
  // says "ready" and waits: the test shuts the server down, which must close with 1001
  async goingAway() {
    const ws = await open('/echo');
    const c = closed(ws);
    ws.send('ready');
    done(await c);
  },
};

(scenarios[scenario] || (() => die('no scenario ' + scenario)))().catch(die);
