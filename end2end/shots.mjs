// Screenshots of pages as a user sees them, for a person to look at (not a test):
//   cd end2end && node shots.mjs '[{"name":"home","user":"thanhvien","path":"/","vp":"phone","full":true}]'
// against a server on http://127.0.0.1:3000 (./scripts/run); vp is "phone" (390×844) or
// "projector" (1920×1080); "lang":"en" shows the English switch; the PNGs go to /tmp/shots/.
import { mkdirSync } from "node:fs";
import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3000";
const shots = JSON.parse(process.argv[2]);
mkdirSync("/tmp/shots", { recursive: true });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const s of shots) {
  const ctx = await browser.newContext({ viewport: s.vp === "phone" ? { width: 390, height: 844 } : { width: 1920, height: 1080 } });
  if (s.lang) await ctx.addCookies([{ name: "lang", value: s.lang, url: base }]);
  const page = await ctx.newPage();
  await page.goto(base + "/login");
  await page.fill("input[name=username]", s.user);
  await page.fill("input[name=password]", "demo2026");
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  await page.goto(base + s.path);
  await page.waitForTimeout(s.wait || 1500);
  await page.screenshot({ path: `/tmp/shots/${s.name}.png`, fullPage: !!s.full });
  await ctx.close();
}
await browser.close();
