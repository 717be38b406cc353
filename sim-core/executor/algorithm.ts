/**
 * XState 5.33's SCXML set computations (xstate/src/stateUtils.ts: getTransitionDomain,
 * computeExitSet, removeConflictingTransitions, computeEntrySet, addDescendantStatesToEnter,
 * addAncestorStatesToEnter, getStateValue, transitionNode's selection order), ported over the
 * machine's own `StateNode` objects. They only run when the executor fills a cache entry: what
 * they compute depends on the active state configuration and the chosen transitions alone.
 * No history states and no `reenter` subtleties beyond XState's own (history is refused by
 * `support.ts`).
 */

/** The parts of XState's `StateNode` the executor reads (xstate/src/StateNode.ts). */
export interface SNode {
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  order: number;
  parent: SNode | undefined;
  states: Record<string, SNode>;
  entry: unknown[];
  exit: unknown[];
  always: STransition[] | undefined;
  transitions: Map<string, STransition[]>;
  initial: STransition;
  invoke: unknown[];
  output: unknown;
  config: Record<string, unknown>;
}

/** XState's formatted transition (formatTransition). */
export interface STransition {
  source: SNode;
  target: SNode[] | undefined;
  actions: unknown[];
  guard: unknown;
  reenter: boolean;
  eventType: string | null;
}

export const isAtomic = (s: SNode) => s.type === 'atomic' || s.type === 'final';
export const childrenOf = (s: SNode) => Object.values(s.states).filter((c) => c.type !== 'history');

export function properAncestors(s: SNode, to: SNode | undefined): SNode[] {
  const out: SNode[] = [];
  if (to === s) return out;
  let m = s.parent;
  while (m && m !== to) {
    out.push(m);
    m = m.parent;
  }
  return out;
}

export function isDescendant(child: SNode, parent: SNode | undefined): boolean {
  let marker = child;
  while (marker.parent && marker.parent !== parent) marker = marker.parent;
  return marker.parent === parent;
}

function leastCommonAncestor(nodes: SNode[]): SNode | undefined {
  const [head, ...tail] = nodes;
  for (const anc of properAncestors(head!, undefined)) {
    if (tail.every((sn) => isDescendant(sn, anc))) return anc;
  }
  return undefined;
}

function rootOf(s: SNode): SNode {
  let m = s;
  while (m.parent) m = m.parent;
  return m;
}

export function transitionDomain(t: STransition): SNode | undefined {
  const targets = t.target ?? [];
  if (!t.reenter && targets.every((x) => x === t.source || isDescendant(x, t.source))) return t.source;
  const lca = leastCommonAncestor(targets.concat(t.source));
  if (lca) return lca;
  if (t.reenter) return undefined;
  return rootOf(t.source);
}

export function exitSet(transitions: STransition[], nodeSet: Set<SNode>): SNode[] {
  const out = new Set<SNode>();
  for (const t of transitions) {
    if (t.target?.length) {
      const domain = transitionDomain(t);
      if (t.reenter && t.source === domain) out.add(domain!);
      for (const s of nodeSet) if (isDescendant(s, domain)) out.add(s);
    }
  }
  return [...out];
}

function intersects(a: SNode[], b: SNode[]): boolean {
  const sb = new Set(b);
  return a.some((x) => sb.has(x));
}

export function removeConflicting(enabled: STransition[], nodeSet: Set<SNode>): STransition[] {
  const filtered = new Set<STransition>();
  for (const t1 of enabled) {
    let preempted = false;
    const remove = new Set<STransition>();
    for (const t2 of filtered) {
      if (intersects(exitSet([t1], nodeSet), exitSet([t2], nodeSet))) {
        if (isDescendant(t1.source, t2.source)) remove.add(t2);
        else {
          preempted = true;
          break;
        }
      }
    }
    if (!preempted) {
      for (const t3 of remove) filtered.delete(t3);
      filtered.add(t1);
    }
  }
  return [...filtered];
}

export function entrySet(transitions: STransition[], toEnter: Set<SNode>, defaultEntry: Set<SNode>): void {
  for (const t of transitions) {
    const domain = transitionDomain(t);
    for (const s of t.target ?? []) {
      if (t.source !== s || t.source !== domain || t.reenter) {
        toEnter.add(s);
        defaultEntry.add(s);
      }
      addDescendants(s, defaultEntry, toEnter);
    }
    for (const s of t.target ?? []) {
      const ancestors = properAncestors(s, domain);
      if (domain?.type === 'parallel') ancestors.push(domain);
      addAncestors(toEnter, defaultEntry, ancestors, !t.source.parent && t.reenter ? undefined : domain);
    }
  }
}

function addDescendants(s: SNode, defaultEntry: Set<SNode>, toEnter: Set<SNode>): void {
  if (s.type === 'compound') {
    const initial = s.initial.target![0]!;
    toEnter.add(initial);
    defaultEntry.add(initial);
    addDescendants(initial, defaultEntry, toEnter);
    addAncestors(toEnter, defaultEntry, properAncestors(initial, s), undefined);
  } else if (s.type === 'parallel') {
    for (const child of childrenOf(s)) {
      if (![...toEnter].some((x) => isDescendant(x, child))) {
        toEnter.add(child);
        defaultEntry.add(child);
        addDescendants(child, defaultEntry, toEnter);
      }
    }
  }
}

function addAncestors(
  toEnter: Set<SNode>,
  defaultEntry: Set<SNode>,
  ancestors: SNode[],
  reentrancyDomain: SNode | undefined,
): void {
  for (const anc of ancestors) {
    if (!reentrancyDomain || isDescendant(anc, reentrancyDomain)) toEnter.add(anc);
    if (anc.type === 'parallel') {
      for (const child of childrenOf(anc)) {
        if (![...toEnter].some((x) => isDescendant(x, child))) {
          toEnter.add(child);
          addDescendants(child, defaultEntry, toEnter);
        }
      }
    }
  }
}

/** getInitialStateNodes(root): the root and its initial descendants. */
export function initialNodes(root: SNode): SNode[] {
  const set = new Set<SNode>();
  const iter = (s: SNode) => {
    if (set.has(s)) return;
    set.add(s);
    if (s.type === 'compound') iter(s.initial.target![0]!);
    else if (s.type === 'parallel') for (const c of childrenOf(s)) iter(c);
  };
  iter(root);
  return [...set];
}

export type StateValue = string | { [key: string]: StateValue };

/** getStateValue(root, nodes), with XState's key order (the adjacency order of the node set). */
export function stateValue(root: SNode, nodes: SNode[]): StateValue {
  const all = new Set(nodes);
  for (const s of all) {
    let m = s.parent;
    while (m) {
      all.add(m);
      m = m.parent;
    }
  }
  const adj = new Map<SNode, SNode[]>();
  for (const s of all) {
    if (!adj.has(s)) adj.set(s, []);
    if (s.parent) {
      if (!adj.has(s.parent)) adj.set(s.parent, []);
      adj.get(s.parent)!.push(s);
    }
  }
  const fromAdj = (base: SNode): StateValue => {
    const kids = adj.get(base);
    if (!kids) return {};
    if (base.type === 'compound') {
      const k = kids[0];
      if (!k) return {};
      if (isAtomic(k)) return k.key;
    }
    const out: { [key: string]: StateValue } = {};
    for (const k of kids) out[k.key] = fromAdj(k);
    return out;
  };
  return fromAdj(root);
}

/** XState's getCandidates without wildcards (support.ts refuses descriptors with `*`). */
export function candidates(s: SNode, eventType: string): STransition[] {
  return s.transitions.get(eventType) ?? [];
}
