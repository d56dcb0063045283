// Part of scripts/bench: the first load of every page a member or ward staff opens on a
// phone, and of the desk and projector pages, as Chromium gets them: signed in as the
// page's user, an empty cache, the service worker bypassed. For each page: the bytes
// downloaded (as sent, compressed), the time until it takes input (hydrated, or, on a
// page served as a plain document, the page's script ready), and the main thread's
// blocking time (Lighthouse's definition: the part of every task over 50 ms, from the
// first paint until the page takes input and the network is quiet).
// Phone pages run on Lighthouse's mobile profile (a 4x slower CPU, 150 ms round trip,
// 1.6 Mbit/s down); desk pages on its desktop profile (40 ms, 10 Mbit/s, full CPU).
// Usage: node pages.mjs BASE_URL
import { chromium } from "@playwright/test";

const [baseURL] = process.argv.slice(2);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const PASSWORD = "demo2026";
const PHONE = { budgetBytes: 250 * 1024, budgetBlocking: 300 };
const DESK = { budgetBlocking: 300 };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"],
});

// Records, inside the page, when it first takes input and every long task.
const PROBE = `(() => {
  window.__bench = { ready: 0, tasks: [], fcp: 0 };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.tasks.push([e.startTime, e.duration]); })
      .observe({ type: "longtask", buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === "first-contentful-paint") window.__bench.fcp = e.startTime; })
      .observe({ type: "paint", buffered: true });
  } catch (e) {}
  const check = () => {
    const b = document.body;
    if (!window.__bench.ready && b && (b.getAttribute("data-hydrated") === "1" || (b.getAttribute("data-page") === "document" && b.getAttribute("data-ready") === "1"))) {
      window.__bench.ready = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated", "data-ready"], childList: true });
})();`;

async function signedIn(user, viewport, mobile) {
  const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile, baseURL });
  if (user) {
    const page = await context.newPage();
    await page.goto("/login");
    await page.fill("input[name=username]", user);
    await page.fill("input[name=password]", PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("form[data-test=login-form] button[type=submit]")]);
    await page.close();
  }
  await context.addInitScript(PROBE);
  return context;
}

/** The first href on `path` that `selector` finds (the page opened unthrottled). */
async function firstHref(context, path, selector) {
  const page = await context.newPage();
  await page.goto(path);
  const href = await page.locator(selector).first().getAttribute("href", { timeout: 10000 }).catch(() => null);
  await page.close();
  return href ? href.split("#")[0] : null;
}

async function measure(context, path, phone) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.setBypassServiceWorker", { bypass: true });
  if (phone) {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6 * 1024 * 1024 / 8, uploadThroughput: 750 * 1024 / 8 });
  } else {
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 40, downloadThroughput: 10 * 1024 * 1024 / 8, uploadThroughput: 10 * 1024 * 1024 / 8 });
  }
  let bytes = 0, requests = 0, wasm = 0;
  const urls = new Map();
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength; requests++;
    if ((urls.get(e.requestId) ?? "").endsWith(".wasm")) wasm++;
  });
  const res = await page.goto(path, { timeout: 90000 });
  await page.waitForFunction(() => window.__bench && window.__bench.ready > 0, null, { timeout: 90000, polling: 100 });
  await page.waitForLoadState("networkidle", { timeout: 90000 });
  await page.waitForTimeout(500);
  const b = await page.evaluate(() => window.__bench);
  const document = await page.evaluate(() => document.body.getAttribute("data-page") === "document");
  const blocking = b.tasks.filter(([s]) => s >= b.fcp).reduce((n, [, d]) => n + Math.max(0, d - 50), 0);
  await page.close();
  return { status: res?.status() ?? 0, bytes, requests, wasm, ready: Math.round(b.ready), blocking: Math.round(blocking), document };
}

function line(label, m, phone) {
  const kind = m.document ? "document" : `hydrated, ${m.wasm} wasm`;
  const budgets = phone
    ? [m.bytes <= PHONE.budgetBytes ? "bytes met" : "bytes NOT met", m.blocking <= PHONE.budgetBlocking ? "blocking met" : "blocking NOT met"]
    : [m.blocking <= DESK.budgetBlocking ? "blocking met" : "blocking NOT met"];
  const status = m.status === 200 ? "" : ` HTTP ${m.status}!`;
  console.log(`  ${label.padEnd(34)} ${kb(m.bytes).padStart(9)} ${String(m.requests).padStart(3)} req  interactive ${String(m.ready).padStart(5)} ms  blocking ${String(m.blocking).padStart(5)} ms  (${kind}; ${budgets.join(", ")})${status}`);
}

const phone = { width: 390, height: 844 };
const desk = { width: 1920, height: 1080 };
try {
  console.log("first load of each phone page (Chromium, mobile profile: 4x CPU, 150 ms, 1.6 Mbit/s; budgets 250 KB, blocking 300 ms):");
  {
    const anon = await signedIn(null, phone, true);
    line("/login", await measure(anon, "/login", true), true);
    await anon.close();
  }
  {
    const member = await signedIn("thanhvien", phone, true);
    const meeting = await firstHref(member, "/", "[data-test=my-report] a");
    const rec = await firstHref(member, "/recommendations", "[data-test=rec-line] a.rec-text, a[data-test=rec-card]");
    for (const path of ["/", "/calendar?mine=1", "/calendar/inbox", "/recommendations", rec, meeting]) {
      if (!path) { console.log("  (a page of thanhvien's to open was not found)"); continue; }
      line(`${path} (thanhvien)`, await measure(member, path, true), true);
    }
    await member.close();
  }
  {
    const ward = await signedIn("phuong1", phone, true);
    const form = await firstHref(ward, "/periodic", "[data-test=periodic-write]");
    const grid = (await firstHref(ward, "/calendar", "[data-test=enter-month]"))?.split("?")[0];
    for (const path of ["/periodic", form, grid]) {
      if (!path) { console.log("  (a page of phuong1's to open was not found)"); continue; }
      line(`${path} (phuong1)`, await measure(ward, path, true), true);
    }
    await ward.close();
  }
  console.log("first load of the desk and projector pages (Chromium, desktop profile: 40 ms, 10 Mbit/s):");
  {
    const desk1 = await signedIn("bantochuc", desk, false);
    for (const path of ["/dashboard", "/dashboard?present=1", "/review", "/evaluation"]) {
      line(`${path} (bantochuc)`, await measure(desk1, path, false), false);
    }
    await desk1.close();
    const leader = await signedIn("totruong", desk, false);
    const group = await firstHref(leader, "/groups", "a[href^='/groups/']");
    if (group) line(`${group}/board (totruong)`, await measure(leader, `${group}/board`, false), false);
    await leader.close();
  }
} finally {
  await browser.close();
}
