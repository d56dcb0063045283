// Part of scripts/bench: what the app's wasm is made of, by crate. It reads the function
// bodies of the whole app's wasm as cargo built it (before it is split into the main bundle
// and the route chunks, and before wasm-opt, so its figures are larger than what is sent:
// they say where the code comes from, not what a phone downloads) and the function names
// of its "name" section, and adds each body's size to the crate its mangled name starts
// with; a generic impl (`<T as Trait>`) counts for the crate of its type, marked `<…>`.
// Usage: node wasm-breakdown.mjs APP.wasm [ROWS]
import fs from "node:fs";

const [file, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg ?? 20);
const b = fs.readFileSync(file);
let i = 8;
const leb = () => {
  let r = 0, s = 0, x;
  do { x = b[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
  return r;
};
const str = () => { const n = leb(); const s = b.toString("utf8", i, i + n); i += n; return s; };
let importedFunctions = 0;
const bodies = [];
const names = new Map();
while (i < b.length) {
  const id = b[i++];
  const size = leb();
  const end = i + size;
  if (id === 2) { // imports: functions imported come first in the function index space
    for (let n = leb(); n > 0; n--) {
      str(); str();
      const kind = b[i++];
      if (kind === 0) { leb(); importedFunctions++; }
      else if (kind === 1) { i++; const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 3) { i += 2; }
      else if (kind === 4) { i++; leb(); }
    }
  } else if (id === 10) { // code: each function's body
    for (let n = leb(); n > 0; n--) { const len = leb(); bodies.push(len); i += len; }
  } else if (id === 0 && str() === "name") {
    while (i < end) {
      const sub = b[i++];
      const subSize = leb();
      const subEnd = i + subSize;
      if (sub === 1) for (let n = leb(); n > 0; n--) { const idx = leb(); names.set(idx, str()); }
      i = subEnd;
    }
  }
  i = end;
}
// `_ZN<len><first path segment>…`: the crate, or the type of a generic impl.
function crateOf(name) {
  const m = /^_ZN(\d+)/.exec(name ?? "");
  if (!m) return name ? "(other)" : "(unnamed)";
  const seg = name.substr(m[0].length, Number(m[1]));
  if (seg.startsWith("_$LT$")) {
    const t = /^_\$LT\$(?:\$RF\$)?(?:mut\$u20\$)?([A-Za-z0-9_]+)/.exec(seg);
    return `<${t ? t[1] : "…"}>`;
  }
  return seg;
}
const by = new Map();
let total = 0;
bodies.forEach((len, k) => {
  const c = crateOf(names.get(importedFunctions + k));
  by.set(c, (by.get(c) ?? 0) + len);
  total += len;
});
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`the app's wasm before splitting: ${bodies.length} functions, ${kb(total)} of code; by crate (${names.size ? "named" : "no name section"}):`);
for (const [c, n] of [...by].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
  console.log(`  ${kb(n).padStart(8)} ${(100 * n / total).toFixed(1).padStart(5)}%  ${c}`);
}
