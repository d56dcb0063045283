// Lighthouse scores (performance, accessibility) of the pages a phone opens (mobile
// profile) and of the desk pages (desktop profile), signed in as each page's user.
// Usage: node lighthouse.mjs BASE_URL
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import http from "node:http";

const [baseURL] = process.argv.slice(2);
const PASSWORD = "demo2026";

/** Signs in through the form post and returns the session cookie. */
function signIn(user) {
  return new Promise((resolve, reject) => {
    const body = `username=${encodeURIComponent(user)}&password=${PASSWORD}`;
    const req = http.request(new URL("/api/login", baseURL), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), accept: "text/html", origin: baseURL, referer: `${baseURL}/login` },
    }, (res) => {
      res.resume();
      const c = (res.headers["set-cookie"] ?? []).map((s) => s.split(";")[0]).join("; ");
      c ? resolve(c) : reject(new Error(`no cookie for ${user}: HTTP ${res.statusCode}`));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function get(path, cookie) {
  return new Promise((resolve, reject) => {
    http.get(new URL(path, baseURL), { headers: { cookie, accept: "text/html" } }, (res) => {
      let s = ""; res.setEncoding("utf8"); res.on("data", (d) => { s += d; }); res.on("end", () => resolve(s));
    }).on("error", reject);
  });
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
});
async function score(path, cookie, desktop) {
  const flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"], extraHeaders: cookie ? { Cookie: cookie } : {} };
  const r = await lighthouse(new URL(path, baseURL).href, flags, desktop ? desktopConfig : undefined);
  const c = r.lhr.categories, a = r.lhr.audits;
  const failed = Object.values(a).filter((x) => x.scoreDisplayMode === "binary" && x.score === 0 && c.accessibility.auditRefs.some((ref) => ref.id === x.id)).map((x) => x.id);
  console.log(`  ${path.padEnd(34)} performance ${Math.round(c.performance.score * 100)}  accessibility ${Math.round(c.accessibility.score * 100)}  TBT ${Math.round(a["total-blocking-time"].numericValue)} ms  LCP ${Math.round(a["largest-contentful-paint"].numericValue)} ms  CLS ${a["cumulative-layout-shift"].numericValue.toFixed(3)}${failed.length ? "  failed: " + failed.join(", ") : ""}`);
}
try {
  console.log("Lighthouse, mobile:");
  await score("/login", "", false);
  const member = await signIn("thanhvien");
  const home = await get("/", member);
  const meeting = (home.match(/href="(\/meetings\/\d+)/) ?? [])[1];
  const list = await get("/recommendations", member);
  const rec = (list.match(/href="(\/recommendations\/\d+)"/) ?? [])[1];
  for (const p of ["/", "/calendar?mine=1", "/calendar/inbox", "/recommendations", rec, meeting].filter(Boolean)) await score(p, member, false);
  const ward = await signIn("phuong1");
  const periodic = await get("/periodic", ward);
  const form = (periodic.match(/href="(\/periodic\/[^"?]+)"[^>]*data-test="periodic-write"/) ?? [])[1];
  const cal = await get("/calendar", ward);
  const grid = (cal.match(/href="(\/calendar\/ward\/\d+)/) ?? [])[1];
  for (const p of ["/periodic", form, grid].filter(Boolean)) await score(p, ward, false);
  console.log("Lighthouse, desktop:");
  const desk = await signIn("bantochuc");
  for (const p of ["/dashboard", "/dashboard?present=1", "/review", "/evaluation"]) await score(p, desk, true);
  const leader = await signIn("totruong");
  await score("/groups/1/board", leader, true);
} finally {
  await chrome.kill();
}
