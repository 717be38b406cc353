/**
 * What was last drawn into an element, so a frame only writes what changed (every write can cost
 * style, layout and paint work; most of a row is the same from one frame to the next). Each layer
 * describes an element by a signature string; `changed` says whether it differs from last time.
 */
const drawn = new WeakMap<Element, string>();

/** True (and remembered) when `signature` differs from what `node` last showed. */
export function changed(node: Element, signature: string): boolean {
  if (drawn.get(node) === signature) return false;
  drawn.set(node, signature);
  return true;
}
