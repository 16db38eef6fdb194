// Runs @mozilla/readability + jsdom over the article-extraction benchmark pages and writes
// {page: {articleBody}} plus timing. Called by scripts/sources/peers.sh with NODE_PATH pointing at a /tmp install.
// Usage: node readability_peer.js BENCH_DIR OUT.json
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const [benchDir, outFile] = process.argv.slice(2);
const truth = JSON.parse(fs.readFileSync(path.join(benchDir, 'ground-truth.json'), 'utf8'));
const keys = Object.keys(truth).sort();
const pages = keys.map((k) => zlib.gunzipSync(fs.readFileSync(path.join(benchDir, 'html', `${k}.html.gz`))).toString('utf8'));
// jsdom reports CSS it cannot parse on the console; that noise is not part of the measurement.
const quiet = new VirtualConsole();
const out = {};
const started = process.hrtime.bigint();
keys.forEach((k, i) => {
  let text = '';
  try {
    const dom = new JSDOM(pages[i], { url: truth[k].url, virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    text = (article && article.textContent) || '';
    dom.window.close();
  } catch (e) {
    text = '';
  }
  out[k] = { articleBody: text };
});
const secs = Number(process.hrtime.bigint() - started) / 1e9;
fs.writeFileSync(outFile, JSON.stringify(out));
console.log(JSON.stringify({ tool: 'readability.js', pages: keys.length, seconds: secs }));
