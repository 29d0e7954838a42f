import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

// Size of the web app's first load: index.html and every script, stylesheet and module preload
// it names, gzipped at level 9 as a server would send them. Beside it, the floor: React and
// ReactDOM alone, from the same build, which no React app can go below.

const dist = path.resolve(import.meta.dirname, '../apps/web/dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
const gz = (file: string) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

let total = gz('index.html');
const rows = [`  index.html ${kb(total)}`];
for (const ref of refs) {
  const size = gz(ref);
  total += size;
  rows.push(`  ${ref} ${kb(size)}`);
}
const reactChunk = refs.find((r) => /\/react-[\w-]+\.js$/.test(r));
console.log(rows.join('\n'));
console.log(`first load (gzip): ${kb(total)} in ${refs.length + 1} files`);
if (reactChunk) console.log(`baseline, the React vendor chunk alone (gzip): ${kb(gz(reactChunk))}`);
