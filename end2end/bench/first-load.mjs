// Part of scripts/bench: the bytes the server sends for each built wasm (as a browser
// asks for it: Accept-Encoding br, gzip), next to its raw size, and the bytes Chromium
// downloads for the first load of the home page, signed in, with an empty cache.
// Usage: node first-load.mjs SITE_PKG_DIR BASE_URL
import { chromium } from "@playwright/test";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const [pkgDir, baseURL] = process.argv.slice(2);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The bytes the server actually sends for a path, asked as a browser asks (no decoding). */
function served(urlPath) {
  return new Promise((resolve, reject) => {
    http.get(new URL(urlPath, baseURL), { headers: { "accept-encoding": "br, gzip" } }, (res) => {
      let n = 0;
      res.on("data", (c) => { n += c.length; });
      res.on("end", () => resolve({ bytes: n, encoding: res.headers["content-encoding"] ?? "identity", cache: res.headers["cache-control"] ?? "" }));
    }).on("error", reject);
  });
}

const files = fs.readdirSync(pkgDir).filter((f) => f.endsWith(".wasm"));
// The main bundle's name carries the hash cargo-leptos wrote beside the server (hash.txt).
const hashFile = path.join(pkgDir, "..", "..", "release", "hash.txt");
const mainHash = fs.existsSync(hashFile) ? (fs.readFileSync(hashFile, "utf8").match(/^wasm: *(\S+)/m) ?? [])[1] : undefined;
// The main bundle is to-cong-tac[.<hash>].wasm (or _bg); the rest are lazy route chunks.
const main = files.find((f) => mainHash ? f === `to-cong-tac.${mainHash}.wasm` : /^to-cong-tac(_bg)?\.wasm$/.test(f));
console.log("release build, as served (Accept-Encoding: br, gzip):");
let chunksRaw = 0, chunksSent = 0, chunkCount = 0;
for (const f of files.sort()) {
  const raw = fs.statSync(path.join(pkgDir, f)).size;
  const s = await served(`/pkg/${f}`);
  if (f === main) {
    console.log(`  main wasm ${f}: ${kb(raw)} raw, ${kb(s.bytes)} sent (${s.encoding}; Cache-Control: ${s.cache}) (budget 200 KB: ${s.bytes <= 200 * 1024 ? "met" : "NOT met"})`);
  } else {
    chunksRaw += raw; chunksSent += s.bytes; chunkCount++;
  }
}
console.log(`  lazy route chunks: ${chunkCount} wasm files, ${kb(chunksRaw)} raw, ${kb(chunksSent)} sent in all`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"],
});
try {
  for (const [label, viewport] of [["phone 390x844", { width: 390, height: 844 }], ["projector 1920x1080", { width: 1920, height: 1080 }]]) {
    const context = await browser.newContext({ viewport, baseURL });
    const page = await context.newPage();
    await page.goto("/login");
    await page.fill("input[name=username]", "bantochuc");
    await page.fill("input[name=password]", "demo2026");
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("form[data-test=login-form] button[type=submit]")]);
    await page.close();
    // A fresh page with an empty cache; the session cookie stays in the context.
    const fresh = await context.newPage();
    const cdp = await context.newCDPSession(fresh);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    // the app's service worker (registered on the sign-in page) would answer from its cache
    await cdp.send("Network.setBypassServiceWorker", { bypass: true });
    let bytes = 0, requests = 0;
    cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; requests++; });
    const t0 = Date.now();
    await fresh.goto("/");
    await fresh.waitForSelector("body[data-hydrated='1']", { timeout: 30000 });
    const ms = Date.now() - t0;
    await fresh.waitForLoadState("networkidle");
    console.log(`  first load of / (${label}): ${kb(bytes)} over ${requests} requests, interactive after ${ms} ms (loopback)`);
    await context.close();
  }

  // The meeting page on a phone, as a member opens it at the meeting: signed in as
  // thanhvien, an empty cache, throttled like a mid-range phone on a weak network
  // (Lighthouse's mobile profile: 4x slower CPU, 150 ms round trip, 1.6 Mbit/s down).
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL });
    const page = await context.newPage();
    await page.goto("/login");
    await page.fill("input[name=username]", "thanhvien");
    await page.fill("input[name=password]", "demo2026");
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("form[data-test=login-form] button[type=submit]")]);
    await page.goto("/");
    const href = await page.locator("[data-test=my-report] a").first().getAttribute("href", { timeout: 10000 }).catch(() => null);
    await page.close();
    if (!href) {
      console.log("  meeting page: no meeting of thanhvien's to open (demo data without a report due)");
    } else {
      const path = href.split("#")[0];
      for (const [label, throttled] of [["loopback", false], ["throttled mid-range phone", true]]) {
        const fresh = await context.newPage();
        const cdp = await context.newCDPSession(fresh);
        await cdp.send("Network.enable");
        await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
        await cdp.send("Network.setBypassServiceWorker", { bypass: true });
        if (throttled) {
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
          await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6 * 1024 * 1024 / 8, uploadThroughput: 750 * 1024 / 8 });
        }
        let bytes = 0, requests = 0;
        cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; requests++; });
        const t0 = Date.now();
        await fresh.goto(path);
        // ready for input: hydrated, or (the meeting page is served as a plain document,
        // without the wasm) offline.js has taken over its forms
        await fresh.waitForSelector("body[data-hydrated='1'], body[data-page='document'][data-ready='1']", { timeout: 60000 });
        const ms = Date.now() - t0;
        await fresh.waitForLoadState("networkidle");
        const mode = await fresh.evaluate(() => document.body.getAttribute("data-page") === "document" ? "document page, no wasm" : "hydrated");
        const budget = throttled ? ` (budgets: 200 KB ${bytes <= 200 * 1024 ? "met" : "NOT met"}; interactive 3 s ${ms <= 3000 ? "met" : "NOT met"})` : "";
        console.log(`  first load of the meeting page ${path} (phone, ${label}; ${mode}): ${kb(bytes)} over ${requests} requests, interactive after ${ms} ms${budget}`);
        await fresh.close();
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
