// Runs approx-string-match (the library Hypothesis uses) on the inputs written by
// `cargo run --release -p claimdesk-evidence --example evidence_bench -- --out DIR` and compares the matches.
// Usage: node myers_peer.mjs DIR   (with approx-string-match resolvable, see bench_myers.sh)
import { readFileSync } from "node:fs";
import search from "approx-string-match";

const dir = process.argv[2];
const text = readFileSync(`${dir}/text.txt`, "utf8");
const pattern = readFileSync(`${dir}/pattern.txt`, "utf8");
const maxErrors = 30;
let matches = search(text, pattern, maxErrors);
const times = [];
for (let i = 0; i < 20; i++) {
  const t = process.hrtime.bigint();
  matches = search(text, pattern, maxErrors);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
const jsMs = times[Math.floor(times.length / 2)];
const rust = JSON.parse(readFileSync(`${dir}/rust_matches.json`, "utf8"));
const rustMs = Number(readFileSync(`${dir}/rust_ms.txt`, "utf8"));
const same = JSON.stringify(rust) === JSON.stringify(matches);
console.log(`approx-string-match 2.0.0          median ${jsMs.toFixed(3)} ms   matches ${JSON.stringify(matches)}`);
console.log(`claimdesk myers::search            median ${rustMs.toFixed(3)} ms   matches ${JSON.stringify(rust)}`);
console.log(`same matches: ${same}; speed-up ${(jsMs / rustMs).toFixed(1)}x`);
process.exit(same ? 0 : 1);
