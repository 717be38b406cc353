/**
 * A machine's statechart as plain data, read from the XState definition itself (`machine.root`
 * and its state nodes): states with their nesting, type, description and initial child; every
 * transition with its event, guard, target and description. The inspector lays this out and
 * highlights the state a connection's machine was in at the cursor, so what a learner sees is
 * the model's own graph, not a drawing of it.
 *
 * Transitions without a target (actions only, the state does not change) are kept apart from the
 * edges: they say what a state does with an event (a write in ESTABLISHED sends data) without
 * cluttering the graph.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

export interface ChartState {
  /** Dotted path from the root (`CLIENT.SEND_BODY`); '' is the root. */
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  parent: string | null;
  /** The parent's initial child. */
  initial: boolean;
  description: string | null;
}

export type TransitionKind = 'event' | 'after' | 'always';

export interface ChartTransition {
  source: string;
  /** Null for a transition that only runs actions. */
  target: string | null;
  kind: TransitionKind;
  /** `SEGMENT`, `after idleTimeout`, or '' for an eventless transition. */
  event: string;
  /** The guard's name (`isFin`), null when unguarded. */
  guard: string | null;
  description: string | null;
  actions: string[];
}

export interface Statechart {
  /** The machine's id (`tcpEndpoint`). */
  machine: string;
  rootType: ChartState['type'];
  states: ChartState[];
  transitions: ChartTransition[];
}

/** Relative id of a state node: its path below the root, dotted. */
function relId(node: AnyStateNode): string {
  return node.path.join('.');
}

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name && guard.name !== 'guard' ? guard.name : 'condition';
  if (typeof guard === 'object' && 'type' in guard && typeof (guard as { type: unknown }).type === 'string') {
    return (guard as { type: string }).type;
  }
  return 'condition';
}

function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') return action.name || 'action';
  if (typeof action === 'object' && action !== null && 'type' in action)
    return String((action as { type: unknown }).type);
  return 'action';
}

/** Every state node and transition of `machine`, in document order. */
export function statechartOf(machine: AnyStateMachine): Statechart {
  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];
  const visit = (node: AnyStateNode) => {
    const parent = node.parent ?? null;
    const initialOfParent =
      parent?.type === 'compound' && parent.initial?.target.some((t: AnyStateNode) => t === node);
    states.push({
      id: relId(node),
      key: node.key,
      type: node.type,
      parent: parent ? relId(parent) : null,
      initial: Boolean(initialOfParent),
      description: node.description ?? null,
    });
    const delays = new Map<string, string>();
    for (const a of node.after)
      delays.set(a.eventType, typeof a.delay === 'number' ? `${a.delay} ms` : String(a.delay));
    for (const [eventType, list] of node.transitions) {
      for (const t of list) {
        const after = delays.get(eventType);
        transitions.push({
          source: relId(node),
          target: t.target && t.target.length > 0 ? relId(t.target[0]!) : null,
          kind: after !== undefined ? 'after' : 'event',
          event: after !== undefined ? `after ${after}` : eventType,
          guard: guardName(t.guard),
          description: t.description ?? null,
          actions: t.actions.map(actionName),
        });
      }
    }
    for (const t of node.always ?? []) {
      transitions.push({
        source: relId(node),
        target: t.target && t.target.length > 0 ? relId(t.target[0]!) : null,
        kind: 'always',
        event: '',
        guard: guardName(t.guard),
        description: t.description ?? null,
        actions: t.actions.map(actionName),
      });
    }
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(machine.root);
  return { machine: machine.root.id, rootType: machine.root.type, states, transitions };
}

/** The state ids active for a state value as the trace records it (`DONE/SEND_RESPONSE`, `idle.timed`). */
export function activeStateIds(chart: Statechart, value: string): string[] {
  const ids = new Set(chart.states.map((s) => s.id));
  if (chart.rootType === 'parallel') {
    // One value per region, in region order (h11's `CLIENT/SERVER`).
    const regions = chart.states.filter((s) => s.parent === '');
    const parts = value.split('/');
    return regions.map((r, i) => `${r.id}.${parts[i] ?? ''}`).filter((id) => ids.has(id));
  }
  // A nested value names its ancestors too: `idle.timed` → idle, idle.timed.
  const out: string[] = [];
  const parts = value.split('.');
  for (let i = 1; i <= parts.length; i++) {
    const id = parts.slice(0, i).join('.');
    if (ids.has(id)) out.push(id);
  }
  return out;
}

/** A short label for an edge: the event (with its guard), or the gist of an eventless one's description. */
export function transitionLabel(t: ChartTransition, max = 30): string {
  if (t.kind !== 'always') return t.guard ? `${t.event} [${t.guard}]` : t.event;
  if (!t.description) return t.guard ?? 'always';
  let gist = t.description.replace(/^state-triggered:\s*/, '');
  const paren = gist.indexOf(' (');
  if (paren > 0) gist = gist.slice(0, paren);
  return gist.length <= max ? gist : `${gist.slice(0, max - 1).trimEnd()}…`;
}
