// What a browser downloads before the first page can run: the scripts and styles
// index.html names (entry, modulepreload, stylesheet), gzipped, in bytes.
// Usage: node scripts/initial-size.mjs <web output folder>   (prints JSON)
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = process.argv[2];
const html = readFileSync(path.join(root, "index.html"), "utf8");
const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let gzip = 0, raw = 0;
for (const file of files) {
  raw += statSync(path.join(root, file)).size;
  gzip += statSync(path.join(root, file + ".gz")).size;
}
console.log(JSON.stringify({ files, raw, gzip }));
