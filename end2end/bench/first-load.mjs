// Part of scripts/bench: sizes of the built wasm (raw and brotli) and the bytes Chromium
// downloads for the first load of the home page, signed in, with an empty cache.
// Usage: node first-load.mjs SITE_PKG_DIR BASE_URL
import { chromium } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const [pkgDir, baseURL] = process.argv.slice(2);
const br = (buf) =>
  zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const files = fs.readdirSync(pkgDir).filter((f) => f.endsWith(".wasm") || f.endsWith(".js"));
const main = files.find((f) => f === "to-cong-tac.wasm" || f === "to-cong-tac_bg.wasm");
console.log("release build:");
let chunksRaw = 0, chunksBr = 0, chunkCount = 0;
for (const f of files.sort()) {
  const buf = fs.readFileSync(path.join(pkgDir, f));
  if (f === main) {
    console.log(`  main wasm ${f}: ${kb(buf.length)} raw, ${kb(br(buf))} brotli (budget 250 KB brotli: ${br(buf) <= 250 * 1024 ? "met" : "NOT met"})`);
  } else if (f.endsWith(".wasm")) {
    chunksRaw += buf.length; chunksBr += br(buf); chunkCount++;
  }
}
console.log(`  lazy route chunks: ${chunkCount} wasm files, ${kb(chunksRaw)} raw, ${kb(chunksBr)} brotli in all`);

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
} finally {
  await browser.close();
}
