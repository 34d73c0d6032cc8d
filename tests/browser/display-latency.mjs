// Measures, on loopback, the time from a desk's call-next to the call visible in the display
// page's DOM (and to the HTTP answer, for comparison). Not part of the test run.
//
//   cd tests/browser && node display-latency.mjs [calls=100] [gap-ms=0]
//
// Times are taken on one clock: the page records performance.timeOrigin + performance.now()
// when #now-number changes (MutationObserver), node records the same before sending the request.

import { performance } from "node:perf_hooks";
import { startServer, addDevice, startStation, api, login, launchBrowser } from "./lib.mjs";

const N = Number(process.argv[2] || 100);
const GAP = Number(process.argv[3] || 0);
const now = () => performance.timeOrigin + performance.now();
const pct = (v, p) => [...v].sort((a, b) => a - b)[Math.round((v.length - 1) * p)];

const server = await startServer();
const display = await startStation("display", server, addDevice(server, "display", "Meting"), ["--sound", "silent"]);
const browser = await launchBrowser();
try {
  const staff = await login(server.url, "onthaal", "onthaal");
  const desks = (await api(server.url, "GET", "/api/v1/desks", { token: staff })).body;
  const desk = desks.find((d) => d.name === "Loket 2").id;
  for (let i = 0; i < N; i++) await api(server.url, "POST", "/api/v1/tickets", { token: staff, body: { service: "id-team" } });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(display.url);
  await page.evaluate(() => {
    window.__seen = {};
    const el = document.getElementById("now-number");
    new MutationObserver(() => { window.__seen[el.textContent] = performance.timeOrigin + performance.now(); })
      .observe(el, { childList: true, characterData: true, subtree: true });
  });
  // The station's live feed, read here too: when did the call leave the station?
  const fed = {};
  const feed = await fetch(`${display.url}/events`);
  (async () => {
    const dec = new TextDecoder();
    let buf = "";
    for await (const chunk of feed.body) {
      buf += dec.decode(chunk, { stream: true });
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const ev = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = ev.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
        if (!data) continue;
        const t = now();
        for (const a of JSON.parse(data).announce || []) fed[a.call.number] ??= t;
      }
    }
  })().catch(() => {});
  const dom = [], http = [], station = [];
  for (let i = 0; i < N; i++) {
    if (GAP) await new Promise((r) => setTimeout(r, GAP));
    const t0 = now();
    const r = await api(server.url, "POST", `/api/v1/desks/${desk}/call-next`, { token: staff, body: {} });
    http.push(now() - t0);
    const seen = await page.waitForFunction((n) => window.__seen[n], r.body.number, { polling: "raf" });
    dom.push((await seen.jsonValue()) - t0);
    station.push(fed[r.body.number] - t0);
  }
  const line = (name, v) => console.log(`${name}: p50 ${pct(v, 0.5).toFixed(2)} ms, p99 ${pct(v, 0.99).toFixed(2)} ms, max ${Math.max(...v).toFixed(2)} ms (n=${v.length})`);
  line("call-next HTTP answer", http);
  line("call-next → station feed (SSE, read by node)", station);
  line("call-next → display page DOM", dom);
} finally {
  await browser.close();
  await display.stop();
  await server.stop();
}
