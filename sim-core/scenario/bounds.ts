/**
 * Size limits for untrusted parsed JSON (a scenario file, a link's `scenario=`, a trace line),
 * checked iteratively, so they can run BEFORE anything recursive touches the value:
 * canonical JSON, `withDefaults`, `structuredClone`/`postMessage`, `JSON.stringify`. A value
 * nested 100,000 deep would overflow the stack of any of those; this walks it with a heap stack
 * and stops at the first limit.
 */
import { clip, clipPath, joinPath } from './text';

export interface JsonBounds {
  /** Containers nested at most this deep (the top-level value is depth 0). */
  maxDepth: number;
  /** Values in all (every array element, object field and the top-level value). */
  maxNodes: number;
  /** Characters in any one string, object keys included. */
  maxStringLength: number;
}

/** For any JSON the app or the CLI reads: generous, but far below what overflows a stack. */
export const JSON_BOUNDS: JsonBounds = { maxDepth: 64, maxNodes: 5_000_000, maxStringLength: 1_000_000 };

/**
 * For a scenario: a valid one is at most 4 deep, holds at most ~200,100 values (100,000 gaps and
 * 100,001 methods) and its longest string is the 2,000-character description.
 */
export const SCENARIO_BOUNDS: JsonBounds = { maxDepth: 16, maxNodes: 250_000, maxStringLength: 10_000 };

export interface BoundsProblem {
  /** Where (a JSON path such as `workload.gapsMs[0][0]`, clipped), or `top` for the value itself. */
  path: string;
  message: string;
}

interface Frame {
  value: object;
  depth: number;
  parent: Frame | null;
  /** This container's segment in its parent (`.key` or `[i]`). */
  key: string | number;
}

function pathOf(frame: Frame | null, child: string | number | null, top: string, root: string): string {
  const keys: (string | number)[] = child === null ? [] : [child];
  for (let f = frame; f?.parent; f = f.parent) keys.push(f.key);
  if (keys.length === 0) return top;
  let path = root;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i]!;
    path = typeof k === 'number' ? `${path}[${k}]` : joinPath(path, k);
    if (path.length > 200) break; // clipped below anyway
  }
  return clipPath(path);
}

/**
 * The first limit `value` exceeds, or null. Iterative (no recursion), linear in the values
 * visited, and it stops at the first problem. Values that are not JSON (functions, Maps, typed
 * arrays) count as one value each, and named fields of arrays are not visited (JSON has none);
 * validation names what is wrong with them.
 *
 * `root` prefixes the paths (e.g. `scenario` gives `scenario.workload.gapsMs[0]`); `top` names
 * the whole value when the problem is the value itself.
 */
export function jsonBoundsProblem(
  value: unknown,
  bounds: JsonBounds = JSON_BOUNDS,
  { root = '', top = root || 'the value' }: { root?: string; top?: string } = {},
): BoundsProblem | null {
  const { maxDepth, maxNodes, maxStringLength } = bounds;
  let nodes = 1;
  const tooLong = (s: string) => s.length > maxStringLength;
  const strProblem = (where: string, s: string): BoundsProblem => ({
    path: where,
    message: `is a text of ${s.length} characters; at most ${maxStringLength}`,
  });
  if (typeof value === 'string') return tooLong(value) ? strProblem(top, value) : null;
  if (typeof value !== 'object' || value === null) return null;
  const stack: Frame[] = [{ value, depth: 0, parent: null, key: '' }];
  try {
    while (stack.length > 0) {
      const frame = stack.pop()!;
      const v = frame.value;
      if (ArrayBuffer.isView(v)) continue;
      const isArray = Array.isArray(v);
      const keys: (string | number)[] | null = isArray ? null : Object.keys(v);
      const length = isArray ? (v as unknown[]).length : keys!.length;
      if (length === 0) continue;
      nodes += length;
      if (nodes > maxNodes)
        return {
          path: pathOf(frame, null, top, root),
          message: `holds more than ${maxNodes} values in all; at most ${maxNodes}`,
        };
      if (frame.depth + 1 > maxDepth)
        return {
          path: pathOf(frame, null, top, root),
          message: `is nested more than ${maxDepth} levels deep; at most ${maxDepth}`,
        };
      const children: Frame[] = [];
      for (let i = 0; i < length; i++) {
        const key = isArray ? i : (keys![i] as string);
        if (typeof key === 'string' && tooLong(key))
          return {
            path: pathOf(frame, key, top, root),
            message: `has a field name of ${key.length} characters; at most ${maxStringLength}`,
          };
        const child = (v as Record<string | number, unknown>)[key];
        if (typeof child === 'string') {
          if (tooLong(child)) return strProblem(pathOf(frame, key, top, root), child);
        } else if (typeof child === 'object' && child !== null) {
          children.push({ value: child, depth: frame.depth + 1, parent: frame, key });
        }
      }
      // Reversed, so containers are visited in document order.
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  } catch (e) {
    // A getter or a proxy that throws: not JSON.
    let text: string;
    try {
      text = e instanceof Error ? e.message : String(e);
    } catch {
      text = 'an unprintable error';
    }
    return { path: top, message: `cannot be read (${clip(text)})` };
  }
  return null;
}
