// A page on another origin of the same site (another port on the same host: SameSite lets the
// session cookie ride along) tries what a desk page may do: cancel a ticket with a plain form
// POST and open the desk's WebSocket. Chromium sends the cookie; the server refuses both by
// their Origin, while the desk app's own requests still work.
//
// Run: cd tests/browser && ONTHAAL_BIN_DIR=/path/to/debug node --test csrf.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startServer, api, login, launchBrowser } from "./lib.mjs";

let server, browser, other, staffToken;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  staffToken = await login(server.url, "onthaal", "onthaal");
  // The other origin: a page of its own on another port of 127.0.0.1.
  other = http.createServer((req, res) => {
    const id = new URL(req.url, "http://x").searchParams.get("ticket");
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(`<!doctype html><title>Andere pagina</title>
      <form id="f" method="post" enctype="text/plain" action="${server.url}/api/v1/tickets/${id}/cancel"><button id="go">Go</button></form>
      <script>
        window.ws = new Promise((resolve) => {
          const s = new WebSocket("${server.url.replace(/^http/, "ws")}/ws");
          s.onmessage = (m) => resolve("frame: " + m.data.slice(0, 40));
          s.onerror = () => resolve("refused");
        });
      </script>`);
  });
  await new Promise((r) => other.listen(0, "127.0.0.1", r));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  other?.close();
});

async function ticketState(id) {
  return (await api(server.url, "GET", `/api/v1/tickets/${id}`, { token: staffToken })).body.state;
}

test("another origin's page cannot cancel a ticket or read the desk's WebSocket with the cookie", async () => {
  const issue = () => api(server.url, "POST", "/api/v1/tickets", { token: staffToken, body: { service: "permanentie" } });
  const victim = (await issue()).body;
  const context = await browser.newContext();
  const desk = await context.newPage();
  await desk.goto(`${server.url}/`);
  await desk.fill("#login-user", "onthaal");
  await desk.fill("#login-pass", "onthaal");
  await desk.click("#login-submit");
  await desk.waitForSelector('body[data-screen="desk"], body[data-screen="work"]');

  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${other.address().port}/?ticket=${victim.id}`);
  assert.equal(await page.evaluate(() => window.ws), "refused");
  const [answer] = await Promise.all([page.waitForNavigation(), page.click("#go")]);
  assert.equal(answer.status(), 403);
  assert.match(await page.textContent("body"), /cross_origin/);
  assert.equal(await ticketState(victim.id), "waiting");

  // The desk app's own page: same request, its own origin.
  const status = await desk.evaluate(async (id) => (await fetch(`/api/v1/tickets/${id}/cancel`, { method: "POST", credentials: "same-origin" })).status, victim.id);
  assert.equal(status, 200);
  assert.equal(await ticketState(victim.id), "cancelled");
  await context.close();
});
