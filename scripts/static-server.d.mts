export const TYPES: Record<string, string>;
export function normalizeBase(base: string): string;
export function resolveFile(root: string, base: string, urlPath: string): string | null;
export function startStaticServer(options: {
  dir: string;
  base?: string;
  port?: number;
  host?: string;
  log?: boolean;
}): Promise<{ url: string; port: number; close: () => Promise<void> }>;
