// Types for browser.mjs.

export const DEBIAN_CHROMIUM: string;
export const CHROMIUM_ARGS: readonly string[];
export function isExecutable(path: string): boolean;
export function playwrightChromiumPath(): string | null;

export type ChromiumLookup =
  | { path: string; source: 'CHROMIUM_PATH' | 'debian' | 'playwright' }
  | { path: null; problem: string };

export function findChromium(deps?: {
  env?: Record<string, string | undefined>;
  executable?: (path: string) => boolean;
  playwrightPath?: () => string | null;
}): ChromiumLookup;
