/**
 * Helpers for the teaching specs (lessons, presets, presenter, narration, share) and for
 * `npm run record`, which runs the lesson and preset specs with RW_RECORD_DIR set: each scenario
 * then gets a folder with a video (RW_RECORD_VIDEO=1, when ffmpeg is there), a screenshot per
 * step or stop, and a Markdown transcript. Without RW_RECORD_DIR the same specs run as tests only.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { runScenario } from '../sim-core/run';
import type { Scenario } from '../sim-core/scenario/types';
import type { Lesson } from '../sim-core/teach/lessons';
import { type ResolvedStep, resolveStep } from '../sim-core/teach/lessons/resolve';
import { type Narration, narrate } from '../sim-core/teach/narrate';
import { formatDuration } from '../sim-core/trace/duration';
import type { TraceEvent } from '../sim-core/trace/events';
import { type PageWatch, watchPage } from './fixtures';

export const RECORD_DIR = process.env.RW_RECORD_DIR || null;
export const RECORD_VIDEO = RECORD_DIR !== null && process.env.RW_RECORD_VIDEO === '1';
export const RECORD_VIEWPORT = { width: 1280, height: 800 };

const traces = new Map<string, TraceEvent[]>();
/** The Node run of a scenario (the same code the worker runs; deterministic). */
export function traceOf(s: Scenario): TraceEvent[] {
  const key = JSON.stringify(s);
  let t = traces.get(key);
  if (!t) {
    t = runScenario(s).trace;
    traces.set(key, t);
  }
  return t;
}

export interface ExpectedStep {
  resolved: ResolvedStep;
  trace: TraceEvent[];
  /** The connections the stage marks: a request highlight names the connection its attempt was on. */
  conns: number[];
}

/** resolveStep in Node for every step of a lesson — what the page must show. */
export function expectedSteps(lesson: Lesson): ExpectedStep[] {
  return lesson.steps.map((step) => {
    const trace = traceOf(step.scenario);
    const r = resolveStep(step, trace);
    if (!r.ok) throw new Error(r.problem);
    const conns = new Set<number>();
    for (const h of r.step.highlights) {
      if (h.kind === 'conn') conns.add(h.id);
      else {
        let conn: number | null = null;
        for (const e of trace) {
          if (e.t > r.step.t) break;
          if (e.kind === 'attempt.start' && e.req === h.id) conn = e.conn;
        }
        if (conn !== null) conns.add(conn);
      }
    }
    return { resolved: r.step, trace, conns: [...conns].sort((a, b) => a - b) };
  });
}

const narrations = new WeakMap<TraceEvent[], Narration[]>();
export function narrationOf(trace: TraceEvent[]): Narration[] {
  let n = narrations.get(trace);
  if (!n) {
    n = narrate(trace);
    narrations.set(trace, n);
  }
  return n;
}

/** `9.977 738 s`. */
export const seconds = (us: number) => {
  const [w, f = ''] = (us / 1e6).toFixed(6).split('.');
  return `${w}.${f.slice(0, 3)} ${f.slice(3)} s`;
};

/** A page for one recorded scenario: its own context (with a video when recording one). */
export interface ScenarioPage {
  page: Page;
  dir: string | null;
  /** Saves a screenshot into the scenario's folder (recording only); returns its file name. */
  shot: (name: string) => Promise<string | null>;
  /** Errors, rejections and CSP violations on the page (checked by `finish`). */
  problems: PageWatch;
  /** Fails if anything went wrong on the page; closes the context and moves the video into the folder. */
  finish: () => Promise<void>;
}

export async function scenarioPage(
  browser: Browser,
  name: string,
  options: { viewport?: { width: number; height: number }; reducedMotion?: boolean } = {},
): Promise<ScenarioPage> {
  const dir = RECORD_DIR ? join(RECORD_DIR, name) : null;
  if (dir) mkdirSync(dir, { recursive: true });
  const viewport = options.viewport ?? RECORD_VIEWPORT;
  const context: BrowserContext = await browser.newContext({
    viewport,
    ...(RECORD_VIDEO && dir ? { recordVideo: { dir: join(dir, '.video'), size: viewport } } : {}),
  });
  const page = await context.newPage();
  const problems = await watchPage(page);
  return {
    page,
    dir,
    problems,
    shot: async (file) => {
      if (!dir) return null;
      await page.screenshot({ path: join(dir, file) });
      return file;
    },
    finish: async () => {
      problems.expectNone();
      const video = page.video();
      await context.close();
      if (video && dir) {
        const path = await video.path();
        renameSync(path, join(dir, 'video.webm'));
      }
    },
  };
}

/** Lines of a Markdown transcript, written to the scenario's folder when recording. */
export class Transcript {
  private lines: string[] = [];
  constructor(private readonly dir: string | null) {}
  add(...lines: string[]): void {
    this.lines.push(...lines);
  }
  /** Key events between two times, from the same narration the live region reads. */
  events(trace: TraceEvent[], fromUs: number, toUs: number, max = 40): void {
    const list = narrationOf(trace).filter((n) => n.t > fromUs && n.t <= toUs);
    if (list.length === 0) return;
    this.add('', '| time | event |', '| ---: | --- |');
    const shown = list.length > max ? [...list.slice(0, max / 2), null, ...list.slice(-max / 2)] : list;
    for (const n of shown) {
      if (n === null) this.add(`| … | ${list.length - max} more events |`);
      else
        this.add(
          `| ${seconds(n.t)} | ${n.importance === 'high' ? '**' : ''}${n.text.replace(/\|/g, '\\|')}${n.importance === 'high' ? '**' : ''} |`,
        );
    }
  }
  write(): void {
    if (this.dir) writeFileSync(join(this.dir, 'transcript.md'), `${this.lines.join('\n')}\n`);
  }
}

export { formatDuration };
