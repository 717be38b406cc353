#!/usr/bin/env node
// `npm run record [-- --out DIR]`: films every lesson and every preset in Chromium with Playwright
// (e2e/lessons.spec.ts and e2e/presets.spec.ts, the same specs `npm test` runs) and writes, per
// scenario, into DIR (default recordings/, git-ignored):
//   <scenario>/video.webm       when an ffmpeg is available (see ffmpeg.mjs), else video is off
//   <scenario>/step-N.png       a screenshot at each lesson step (stop-N.png at each preset stop)
//   <scenario>/transcript.md    the narration and the key events with their times
//   index.html                  links to all of it
// Options: --out DIR, --no-video, --grep TEXT (only scenarios whose test title matches; the others
// already in DIR are kept and indexed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './browser.mjs';
import { ensurePlaywrightFfmpeg } from './ffmpeg.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const say = (line) => console.log(`[record] ${line}`);

function option(name) {
  const i = args.indexOf(name);
  if (i === -1) return null;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) {
    say(`${name} needs a value`);
    process.exit(2);
  }
  return v;
}
const known = new Set(['--out', '--no-video', '--grep']);
for (const a of args)
  if (a.startsWith('--') && !known.has(a)) {
    say(`unknown option ${a}; usage: npm run record [-- --out DIR] [--no-video] [--grep TEXT]`);
    process.exit(2);
  }

const out = resolve(root, option('--out') ?? 'recordings');
const grep = option('--grep');

if (findChromium().path === null) {
  say('no Chromium: run `node scripts/ensure-browser.mjs --ffmpeg` (or set CHROMIUM_PATH)');
  process.exit(1);
}

let video = !args.includes('--no-video');
if (video) {
  const ff = ensurePlaywrightFfmpeg();
  if (ff.ok) say(`video: on (ffmpeg ${ff.path}, ${ff.how})`);
  else {
    video = false;
    say(`video: OFF — ${ff.reason}. Screenshots and transcripts are still written.`);
  }
} else say('video: off (--no-video)');

// A fresh output folder: remove what an earlier recording wrote there, nothing else. With --grep
// only some scenarios are recorded again: the others stay, and the index lists them all.
mkdirSync(out, { recursive: true });
for (const name of grep ? [] : readdirSync(out)) {
  if (/^(lesson|preset)-/.test(name) || name === 'index.html')
    rmSync(join(out, name), { recursive: true, force: true });
}

const port = process.env.E2E_PORT ?? '4173';
say(`recording into ${out} (app built and served on 127.0.0.1:${port})`);
const started = Date.now();
const pw = spawnSync(
  join(root, 'node_modules', '.bin', 'playwright'),
  [
    'test',
    'e2e/lessons.spec.ts',
    'e2e/presets.spec.ts',
    '--workers=1',
    '--retries=0',
    '--reporter=list',
    ...(grep ? ['--grep', grep] : []),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, RW_RECORD_DIR: out, RW_RECORD_VIDEO: video ? '1' : '0' },
  },
);

// ── index.html ────────────────────────────────────────────────────────────────────────────────
const esc = (s) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const natural = (a, b) => a.localeCompare(b, 'en', { numeric: true });
const scenarios = readdirSync(out)
  .filter((n) => /^(lesson|preset)-/.test(n) && statSync(join(out, n)).isDirectory())
  .sort(natural);
const titles = new Map();
const sections = scenarios.map((name) => {
  const dir = join(out, name);
  rmSync(join(dir, '.video'), { recursive: true, force: true });
  const files = readdirSync(dir).sort(natural);
  const transcript = existsSync(join(dir, 'transcript.md'))
    ? readFileSync(join(dir, 'transcript.md'), 'utf8')
    : '';
  const title = transcript.split('\n')[0]?.replace(/^#\s*/, '') || name;
  const shots = files.filter((f) => f.endsWith('.png'));
  const parts = [`<section id="${esc(name)}"><h2>${esc(title)}</h2>`];
  if (files.includes('video.webm'))
    parts.push(
      `<video controls preload="none" src="${esc(name)}/video.webm"${shots[0] ? ` poster="${esc(name)}/${esc(shots[0])}"` : ''}></video>`,
    );
  else parts.push('<p class="muted">No video (recorded without ffmpeg).</p>');
  parts.push(
    `<p>${transcript ? `<a href="${esc(name)}/transcript.md">Transcript (Markdown)</a>` : 'No transcript (the test failed before writing it).'}${
      files.includes('video.webm') ? ` · <a href="${esc(name)}/video.webm">Video (WebM)</a>` : ''
    }</p>`,
  );
  if (shots.length)
    parts.push(
      `<ol class="shots">${shots
        .map(
          (f) =>
            `<li><a href="${esc(name)}/${esc(f)}"><img loading="lazy" src="${esc(name)}/${esc(f)}" alt="${esc(`${title}: ${f}`)}"></a><span>${esc(f)}</span></li>`,
        )
        .join('')}</ol>`,
    );
  if (transcript)
    parts.push(`<details><summary>Read the transcript</summary><pre>${esc(transcript)}</pre></details>`);
  parts.push('</section>');
  titles.set(name, title);
  return parts.join('\n');
});
const when = new Date().toISOString().replace('T', ' ').slice(0, 16);
writeFileSync(
  join(out, 'index.html'),
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Race Window — recorded lessons and presets</title>
<style>
body{font:16px/1.45 system-ui,sans-serif;max-width:1200px;margin:0 auto;padding:1rem 1.5rem 3rem;color:#17202e}
h1{margin-bottom:.2rem} .muted{color:#556074} nav ul{columns:2} section{border-top:1px solid #d9dee6;padding-top:.5rem;margin-top:1.5rem}
video{width:100%;max-width:960px;border:1px solid #d9dee6;border-radius:8px}
.shots{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:.8rem}
.shots img{width:100%;border:1px solid #d9dee6;border-radius:6px} .shots span{font-size:.8rem;color:#556074}
pre{white-space:pre-wrap;background:#f4f6f9;padding:.8rem;border-radius:8px;font-size:.85rem}
</style></head><body>
<h1>Race Window — recorded lessons and presets</h1>
<p class="muted">Recorded ${esc(when)} UTC by <code>npm run record</code> at 1280×800; video ${video ? 'on' : 'off'}. Each scenario: ${video ? 'a video, ' : ''}a screenshot per step or stop, and a transcript of the narration and key events.</p>
<nav><ul>${scenarios.map((n) => `<li><a href="#${esc(n)}">${esc(titles.get(n) ?? n)}</a></li>`).join('')}</ul></nav>
${sections.join('\n')}
</body></html>
`,
);

// ── What was written ─────────────────────────────────────────────────────────────────────────
const list = [];
const walk = (d) => {
  for (const f of readdirSync(d).sort(natural)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else list.push(`${relative(out, p).padEnd(44)} ${(statSync(p).size / 1024).toFixed(0).padStart(7)} kB`);
  }
};
walk(out);
console.log(`\n${list.join('\n')}`);
say(
  `${scenarios.length} scenarios in ${((Date.now() - started) / 1000).toFixed(0)} s → ${join(out, 'index.html')}${
    pw.status === 0
      ? ''
      : ` — Playwright exited with ${pw.status ?? pw.signal}: some scenarios are incomplete`
  }`,
);
process.exit(pw.status ?? 1);
