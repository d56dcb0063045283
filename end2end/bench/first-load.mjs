// Part of scripts/bench: the bytes the server sends for each built wasm (as a browser
// asks for it: Accept-Encoding br, gzip), next to its raw size; the main wasm against its
// budget, and the lazy route chunks against the number of routes. (Each page's first load,
// as Chromium gets it, is pages.mjs.)
// Usage: node first-load.mjs SITE_PKG_DIR BASE_URL ROUTES
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const [pkgDir, baseURL, routes] = process.argv.slice(2);
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

/** GET or POST a path, as text (no compression asked), with these headers. */
function fetchText(method, urlPath, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(urlPath, baseURL), { method, headers }, (res) => {
      let s = "";
      res.setEncoding("utf8");
      res.on("data", (d) => { s += d; });
      res.on("end", () => resolve({ headers: res.headers, body: s }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The texts file a hydrated page (the dashboard, signed in) names, in each language. */
async function textsOfAPage() {
  const body = "username=bantochuc&password=demo2026";
  const r = await fetchText("POST", "/api/login", {
    "content-type": "application/x-www-form-urlencoded", "content-length": body.length,
    accept: "text/html", origin: baseURL, referer: `${baseURL}/login`,
  }, body);
  const cookie = (r.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const out = [];
  for (const lang of ["vi", "en"]) {
    const page = await fetchText("GET", "/dashboard", { cookie: `${cookie}; lang=${lang}`, accept: "text/html" });
    const url = (page.body.match(/<meta name="tct-text" content="([^"]+)"/) ?? [])[1];
    if (url) out.push([lang, url]);
  }
  return out;
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
// A hydrated page's texts (one language), loaded beside the main wasm: named in the page.
const texts = await textsOfAPage();
for (const [lang, url] of texts) {
  const s = await served(url);
  console.log(`  ${lang} texts ${url}: ${kb(s.bytes)} sent (${s.encoding}; Cache-Control: ${s.cache}), loaded beside the main wasm`);
}
console.log(`  lazy route chunks: ${chunkCount} wasm files, ${kb(chunksRaw)} raw, ${kb(chunksSent)} sent in all`);
// "a small multiple of the number of routes" (issue 23): at most 6 files a route (there were 19)
const perRoute = chunkCount / Math.max(1, Number(routes));
console.log(`  ${chunkCount} chunk files for ${routes} routes: ${perRoute.toFixed(1)} a route (budget 6: ${perRoute <= 6 ? "met" : "NOT met"})`);

