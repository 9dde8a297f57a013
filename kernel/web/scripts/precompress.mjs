// After the build: a .gz beside every text file of the output (index.html, assets/),
// which the server sends to browsers that accept gzip (kernel/http/WebAppHandlers).
// Usage: node scripts/precompress.mjs <web output folder>
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync, constants } from "node:zlib";

const TEXT = /\.(html|js|mjs|css|svg|json|txt)$/;
const root = process.argv[2];
if (!root) throw new Error("usage: precompress.mjs <folder>");

function compress(file) {
  const raw = readFileSync(file);
  writeFileSync(file + ".gz", gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }));
}

compress(path.join(root, "index.html"));
const assets = path.join(root, "assets");
for (const name of readdirSync(assets)) {
  const file = path.join(assets, name);
  if (statSync(file).isFile() && TEXT.test(name)) compress(file);
}
