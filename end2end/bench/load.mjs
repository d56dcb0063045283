// Part of scripts/bench: the server under readers. For each page a phone opens and each desk
// page, CLIENTS concurrent readers (each with its own keep-alive connection, signed in as the
// page's user) ask for it again and again for SECONDS; prints pages/s and p50/p99 latency of
// the whole HTML page, then the same for all pages mixed, then the server's memory (resident
// set) after the load. Budgets (issue 23): ≥ 300 pages/s, p99 ≤ 300 ms, memory ≤ 150 MB.
// Usage: node load.mjs BASE_URL SERVER_PID [CLIENTS] [SECONDS]
import fs from "node:fs";
import http from "node:http";

const [baseURL, pid, clientsArg, secondsArg] = process.argv.slice(2);
const CLIENTS = Number(clientsArg ?? 50);
const SECONDS = Number(secondsArg ?? 5);
const PASSWORD = "demo2026";

function request(agent, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, baseURL), { agent, method, headers }, (res) => {
      let s = "";
      res.setEncoding("utf8");
      res.on("data", (d) => { s += d; });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: s }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function signIn(user) {
  const body = `username=${encodeURIComponent(user)}&password=${PASSWORD}`;
  const r = await request(undefined, "POST", "/api/login", {
    "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body),
    accept: "text/html", origin: baseURL, referer: `${baseURL}/login`,
  }, body);
  const cookie = (r.headers["set-cookie"] ?? []).map((s) => s.split(";")[0]).join("; ");
  if (!cookie) throw new Error(`${user} could not sign in: HTTP ${r.status}`);
  return cookie;
}

const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;

/** CLIENTS loops asking for one of `targets` ([path, cookie]) in turn, for SECONDS. */
async function load(targets) {
  const times = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let n = c; Date.now() < end; n++) {
      const [path, cookie] = targets[n % targets.length];
      const t0 = process.hrtime.bigint();
      try {
        const r = await request(agent, "GET", path, { cookie, accept: "text/html", "accept-encoding": "identity" });
        if (r.status !== 200) errors++;
      } catch { errors++; }
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    agent.destroy();
  }));
  times.sort((a, b) => a - b);
  return { rate: times.length / SECONDS, p50: pct(times, 0.5), p99: pct(times, 0.99), errors };
}

const users = {};
for (const u of ["thanhvien", "phuong1", "bantochuc", "totruong"]) users[u] = await signIn(u);
const home = await request(undefined, "GET", "/", { cookie: users.thanhvien });
const meeting = (home.body.match(/href="(\/meetings\/\d+)/) ?? [])[1];
const list = await request(undefined, "GET", "/recommendations", { cookie: users.thanhvien });
const rec = (list.body.match(/href="(\/recommendations\/\d+)"/) ?? [])[1];
const periodic = await request(undefined, "GET", "/periodic", { cookie: users.phuong1 });
const form = (periodic.body.match(/href="(\/periodic\/[^"?]+)"[^>]*data-test="periodic-write"/) ?? [])[1];
const cal = await request(undefined, "GET", "/calendar", { cookie: users.phuong1 });
const grid = (cal.body.match(/href="(\/calendar\/ward\/\d+)/) ?? [])[1];
const pages = [
  ["/login", ""], ["/", users.thanhvien], ["/calendar?mine=1", users.thanhvien], ["/calendar/inbox", users.thanhvien],
  ["/recommendations", users.thanhvien], [rec, users.thanhvien], [meeting, users.thanhvien],
  ["/periodic", users.phuong1], [form, users.phuong1], [grid, users.phuong1],
  ["/dashboard", users.bantochuc], ["/review", users.bantochuc], ["/evaluation", users.bantochuc], ["/groups/1/board", users.totruong],
].filter(([p]) => p);

console.log(`the server under ${CLIENTS} concurrent readers, ${SECONDS} s a page (whole HTML pages, signed in; budgets: ≥ 300 pages/s, p99 ≤ 300 ms):`);
for (const [path, cookie] of pages) {
  const r = await load([[path, cookie]]);
  console.log(`  ${path.padEnd(30)} ${r.rate.toFixed(0).padStart(5)} pages/s  p50 ${r.p50.toFixed(0).padStart(4)} ms  p99 ${r.p99.toFixed(0).padStart(5)} ms${r.errors ? `  ${r.errors} errors!` : ""}`);
}
const all = await load(pages);
console.log(`  all pages mixed                ${all.rate.toFixed(0).padStart(5)} pages/s  p50 ${all.p50.toFixed(0).padStart(4)} ms  p99 ${all.p99.toFixed(0).padStart(5)} ms${all.errors ? `  ${all.errors} errors!` : ""} (budgets: ${all.rate >= 300 ? "met" : "NOT met"}, ${all.p99 <= 300 ? "met" : "NOT met"})`);
if (pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const rss = Number((status.match(/VmRSS:\s+(\d+)/) ?? [])[1]) / 1024;
  const peak = Number((status.match(/VmHWM:\s+(\d+)/) ?? [])[1]) / 1024;
  console.log(`  server memory after the load: ${rss.toFixed(0)} MB resident, peak ${peak.toFixed(0)} MB (budget 150 MB: ${rss <= 150 ? "met" : "NOT met"})`);
}
