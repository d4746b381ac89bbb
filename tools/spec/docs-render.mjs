// Renders the Redoc reference page in headless Chromium and reports what a reader of one operation sees.
// Used by tools/spec/docs-test.sh; needs only Node and Chromium (talks to Chromium over
// --remote-debugging-pipe, so no extra packages and no network port).
//
// Usage: node tools/spec/docs-render.mjs CHROMIUM PAGE OPERATION_ID
// Prints:
//   status: ok | <what it was waiting for when it gave up>
//   route: #/<tag>/<operationid>
//   dropdown N: <item>        one line per item of every discriminator dropdown on the operation's page
//   --- page text ---
//   <innerText of the operation's page, after scrolling through it>
// Exit status: 0 when it printed a report (even one whose status is not ok), 1 when Chromium failed.
//
// Why not `chromium --dump-dom`: Redoc 3 (what @redocly/cli 2.x build-docs renders) shows one operation
// per route (#/<tag>/<operationid>), draws nested schemas only when they scroll into view, and lists the
// variants of a oneOf only in a dropdown menu. With --virtual-time-budget the virtual clock races ahead
// of that rendering, so a dump taken after the budget is sometimes only half drawn.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [chromium, page, operation] = process.argv.slice(2);
if (!chromium || !page || !operation) {
  console.error("usage: docs-render.mjs CHROMIUM PAGE OPERATION_ID");
  process.exit(2);
}
// Generous: a loaded two-core machine takes a minute to draw the page; a healthy one, a few seconds.
const TIMEOUT_MS = 180_000;

const profile = mkdtempSync(join(tmpdir(), "docs-test-chromium-"));
// The spec-tools.md flag set, minus --dump-dom/--virtual-time-budget (the pipe replaces them).
const browser = spawn(
  chromium,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
    "--window-size=1280,900",
    "--remote-debugging-pipe",
  ],
  { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
);
let stderr = "";
browser.stdio[2].on("data", (d) => (stderr += d));

// Minimal CDP client over the pipe: JSON messages separated by NUL bytes.
let nextId = 1;
const pending = new Map();
const listeners = [];
let buffer = "";
browser.stdio[4].on("data", (chunk) => {
  buffer += chunk.toString("utf8");
  let end;
  while ((end = buffer.indexOf("\0")) >= 0) {
    const msg = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (msg.id !== undefined && pending.has(msg.id)) {
      const { ok, fail } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) fail(new Error(`${msg.error.message} (${msg.error.code})`));
      else ok(msg.result);
    } else if (msg.method) {
      for (const l of [...listeners]) l(msg);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  browser.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
  return new Promise((ok, fail) => pending.set(id, { ok, fail }));
}
function once(method, sessionId) {
  return new Promise((ok) => {
    const l = (msg) => {
      if (msg.method === method && msg.sessionId === sessionId) {
        listeners.splice(listeners.indexOf(l), 1);
        ok(msg.params);
      }
    };
    listeners.push(l);
  });
}

// Runs inside the page. Real timers: nothing here depends on Chromium's virtual clock.
async function probe(operation, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const report = { status: "ok", route: "", menus: [], log: [], text: "" };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  async function waitFor(what, test) {
    for (;;) {
      const v = test();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }
  function press(el) {
    for (const t of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
      const E = t.startsWith("pointer") ? PointerEvent : MouseEvent;
      el.dispatchEvent(new E(t, { bubbles: true, cancelable: true, button: 0 }));
    }
  }
  try {
    // The sidebar may start with its tag groups collapsed (it does once the spec is large): then the
    // operation's link exists only after its group is opened, so open the groups one by one.
    const groups = () => [...document.querySelectorAll("a[href]")].filter((a) => /^#?\/[a-z0-9-]+$/.test(a.getAttribute("href")));
    let opened = 0;
    let lastOpen = Date.now();
    const link = await waitFor(`the menu link to ${operation}`, () => {
      const found = document.querySelector(`a[href$="/${operation}"]`);
      if (found) return found;
      const g = groups();
      if (g.length && Date.now() - lastOpen > 1000) {
        g[opened++ % g.length].click();
        lastOpen = Date.now();
      }
      return null;
    });
    report.route = link.getAttribute("href");
    link.click();
    await waitFor(`the ${operation} page`, () => location.hash.toLowerCase().endsWith(`/${operation}`));
    // Scroll through the page until the operation's discriminator dropdown is drawn, no lazily drawn
    // placeholder is left and the height is stable. The route changes before the operation is drawn
    // (seconds later on a loaded machine), so a stable height alone proves nothing.
    const switcher = '[data-section-id="switcher"] button[aria-haspopup]';
    let lastHeight = -1;
    for (let stable = 0; stable < 2; ) {
      for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
        window.scrollTo(0, y);
        await sleep(30);
      }
      const h = document.documentElement.scrollHeight;
      const lazy = document.querySelector('div[aria-hidden="true"][style*="min-height"]');
      stable = h === lastHeight && !lazy && document.querySelector(switcher) ? stable + 1 : 0;
      lastHeight = h;
      if (Date.now() > deadline) throw new Error(`timed out drawing the ${operation} page`);
      await sleep(100);
    }
    // Open each discriminator dropdown (one per union drawn on the page) and read its menu.
    const buttons = [...document.querySelectorAll(switcher)];
    for (const [i, b] of buttons.entries()) {
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
      await sleep(50);
      const before = new Set(document.querySelectorAll('[role="menu"]'));
      b.scrollIntoView();
      press(b);
      // A loaded machine can take seconds to open the menu; press again every few seconds in case the
      // first press came before the button was wired, until the page's deadline.
      let menu = null;
      for (let pressed = Date.now(); !menu && Date.now() < deadline; await sleep(50)) {
        menu = [...document.querySelectorAll('[role="menu"]')].find((m) => !before.has(m)) ?? null;
        if (!menu && Date.now() - pressed > 5000) {
          press(b);
          pressed = Date.now();
        }
      }
      const label = b.textContent.trim();
      report.menus.push(
        menu
          ? [...menu.querySelectorAll('[role="menuitem"]')].map((x) => x.textContent.trim()).filter(Boolean)
          : [],
      );
      report.log.push(`menu ${i} (button shows ${label}): ${menu ? "opened" : "did not open"}`);
    }
    if (!report.menus.some((m) => m.length)) throw new Error("no discriminator dropdown opened");
  } catch (err) {
    report.status = String(err.message ?? err);
  }
  report.text = document.body.innerText;
  return report;
}

const timer = setTimeout(() => {
  console.error(`docs-render: no answer from chromium after ${TIMEOUT_MS} ms`);
  browser.kill("SIGKILL");
  process.exit(1);
}, TIMEOUT_MS + 10_000);

let code = 0;
try {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  const loaded = once("Page.loadEventFired", sessionId);
  await send("Page.navigate", { url: pathToFileURL(resolve(page)).href }, sessionId);
  await loaded;
  const { result, exceptionDetails } = await send(
    "Runtime.evaluate",
    {
      expression: `(${probe})(${JSON.stringify(operation.toLowerCase())}, ${TIMEOUT_MS})`,
      awaitPromise: true,
      returnByValue: true,
    },
    sessionId,
  );
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  const r = result.value;
  const out = [`status: ${r.status}`, `route: ${r.route}`, ...r.log];
  r.menus.forEach((items, i) => items.forEach((item) => out.push(`dropdown ${i}: ${item}`)));
  out.push("--- page text ---", r.text);
  process.stdout.write(out.join("\n") + "\n");
  await send("Browser.close").catch(() => {});
} catch (err) {
  console.error(`docs-render: ${err.message}`);
  if (stderr) console.error(stderr.split("\n").slice(-20).join("\n"));
  code = 1;
} finally {
  clearTimeout(timer);
  if (browser.exitCode === null) {
    const exited = new Promise((ok) => browser.once("exit", ok));
    browser.kill();
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
  }
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // a leftover temporary profile is harmless
  }
}
process.exit(code);
