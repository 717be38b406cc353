// Types for ffmpeg.mjs.
export function playwrightBrowsersPath(env?: Record<string, string | undefined>, platform?: string): string;
export function ffmpegRevision(): string;
export function systemFfmpeg(): string | null;
export function ensurePlaywrightFfmpeg():
  | { ok: true; path: string; how: string }
  | { ok: false; reason: string };
