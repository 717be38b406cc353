/**
 * Statecharts of the model's machines, laid out for drawing. Loaded on demand (its own chunk):
 * it imports the XState machine definitions themselves, reads them with statechartOf (states,
 * transitions, guards, descriptions) and lays each region out with dagre. Nothing here runs a
 * machine; the simulation stays in the worker.
 */
import dagre from '@dagrejs/dagre';
import { curveBasis, line } from 'd3';
import { type ChartTransition, type Statechart, statechartOf, transitionLabel } from '../../../sim-core';
import {
  http11ConnectionMachine,
  leakyServerMachine,
  pooledConnectionMachine,
  serverMachine,
  tcpEndpointMachine,
  timedPooledConnectionMachine,
} from '../../../sim-core/statecharts';

export type MachineKind = 'tcp' | 'h11' | 'belief' | 'belief-timed' | 'server' | 'server-leaky';

const MACHINES = {
  tcp: tcpEndpointMachine,
  h11: http11ConnectionMachine,
  belief: pooledConnectionMachine,
  'belief-timed': timedPooledConnectionMachine,
  server: serverMachine,
  'server-leaky': leakyServerMachine,
} as const;

export interface LaidNode {
  id: string;
  label: string;
  /** Lines said once under the state for edges that share them. */
  note: string[];
  x: number;
  y: number;
  w: number;
  h: number;
  initial: boolean;
  final: boolean;
  description: string | null;
}

export interface LaidEdge {
  key: string;
  source: string;
  target: string;
  /** SVG path through dagre's points. */
  d: string;
  labels: string[];
  labelX: number;
  labelY: number;
  /** Each merged transition's full text (event, guard, description) for the tooltip and the list. */
  details: string[];
  transitions: ChartTransition[];
}

export interface LaidRegion {
  id: string;
  title: string | null;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LaidChart {
  chart: Statechart;
  machine: string;
  width: number;
  height: number;
  regions: LaidRegion[];
  nodes: LaidNode[];
  edges: LaidEdge[];
  /** Action-only transitions by state (what a state does without leaving it). */
  internal: Map<string, ChartTransition[]>;
}

const FONT = '12px system-ui, sans-serif';
const EDGE_FONT = '10.5px system-ui, sans-serif';
let measureCtx: CanvasRenderingContext2D | null = null;
function textWidth(text: string, font: string): number {
  if (typeof document === 'undefined') return text.length * (font.startsWith('12') ? 6.6 : 5.8);
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * 6.5;
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

const cache = new Map<string, LaidChart>();

/** The regions of a parallel machine (h11's CLIENT and SERVER roles); empty for the others. */
export function regionsOf(kind: MachineKind): string[] {
  const chart = statechartOf(MACHINES[kind]);
  return chart.rootType === 'parallel' ? chart.states.filter((s) => s.parent === '').map((s) => s.id) : [];
}

/**
 * Every (kind, region) the inspector draws — each region of a parallel machine, else the whole —
 * smallest first (a warm-up lays the small ones out while dagre's code is still cold).
 */
export function chartKeys(): [MachineKind, string | null][] {
  const keys = (Object.keys(MACHINES) as MachineKind[]).flatMap((kind): [MachineKind, string | null][] => {
    const regions = regionsOf(kind);
    return regions.length ? regions.map((r): [MachineKind, string | null] => [kind, r]) : [[kind, null]];
  });
  const size = ([kind, region]: [MachineKind, string | null]) =>
    statechartOf(MACHINES[kind]).transitions.filter(
      (t) => region === null || t.source.startsWith(`${region}.`),
    ).length;
  return keys
    .map((k) => ({ k, n: size(k) }))
    .sort((a, b) => a.n - b.n)
    .map(({ k }) => k);
}

/** Whether `laidChart(kind, region)` is computed already. */
export function isLaidOut(kind: MachineKind, region: string | null): boolean {
  return cache.has(`${kind}:${region ?? ''}`);
}

/**
 * The laid-out chart of a machine kind (computed once). For a parallel machine, `region` picks
 * one region (each is a whole statechart of its own); null lays them out side by side.
 */
export function laidChart(kind: MachineKind, region: string | null = null): LaidChart {
  const key = `${kind}:${region ?? ''}`;
  let laid = cache.get(key);
  if (!laid) {
    laid = layout(statechartOf(MACHINES[kind]), region);
    cache.set(key, laid);
  }
  return laid;
}

const REGION_GAP = 28;
/** Edges into one state sharing a label: from this many on, the label is said once under the state. */
const SHARED_LABEL_MIN = 3;
const REGION_TITLE_H = 22;

function layout(chart: Statechart, only: string | null): LaidChart {
  // Regions: the root's children for a parallel machine, else the root itself.
  const all =
    chart.rootType === 'parallel' ? chart.states.filter((s) => s.parent === '').map((s) => s.id) : [''];
  const regionIds = only !== null && all.includes(only) ? [only] : all;
  const nodes: LaidNode[] = [];
  const edges: LaidEdge[] = [];
  const regions: LaidRegion[] = [];
  const internal = new Map<string, ChartTransition[]>();
  for (const t of chart.transitions) {
    if (t.target !== null) continue;
    const list = internal.get(t.source) ?? [];
    list.push(t);
    internal.set(t.source, list);
  }
  let offsetX = 0;
  let height = 0;
  for (const regionId of regionIds) {
    const states = chart.states.filter((s) => s.parent === regionId);
    const ids = new Set(states.map((s) => s.id));
    const g = new dagre.graphlib.Graph({ multigraph: false });
    g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 34, edgesep: 8, marginx: 6, marginy: 6 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const s of states) {
      const w = Math.max(64, textWidth(s.key, FONT) + 22);
      g.setNode(s.id, { width: w, height: 28 });
    }
    const merged = new Map<string, ChartTransition[]>();
    for (const t of chart.transitions) {
      if (t.target === null || !ids.has(t.source) || !ids.has(t.target) || t.source === t.target) continue;
      const key = `${t.source}→${t.target}`;
      const list = merged.get(key) ?? [];
      list.push(t);
      merged.set(key, list);
    }
    // A label shared by many edges into one state (h11's "protocol error" from every state into
    // ERROR) is said once, under that state, instead of on every edge.
    const shared = new Map<string, number>();
    for (const list of merged.values()) {
      for (const l of new Set(list.map((t) => transitionLabel(t)))) {
        const k = `${list[0]!.target}\u0000${l}`;
        shared.set(k, (shared.get(k) ?? 0) + 1);
      }
    }
    const notes = new Map<string, string[]>();
    const edgeLabels = new Map<string, string[]>();
    for (const [key, list] of merged) {
      const target = list[0]!.target!;
      const labels: string[] = [];
      for (const l of new Set(list.map((t) => transitionLabel(t)))) {
        if ((shared.get(`${target}\u0000${l}`) ?? 0) >= SHARED_LABEL_MIN) {
          const n = notes.get(target) ?? [];
          if (!n.includes(l)) n.push(l);
          notes.set(target, n);
        } else labels.push(l);
      }
      edgeLabels.set(key, labels);
      const w = labels.length ? Math.max(...labels.map((l) => textWidth(l, EDGE_FONT))) + 6 : 0;
      g.setEdge(list[0]!.source, target, {
        width: w,
        height: labels.length ? labels.length * 12 + 2 : 0,
        labelpos: 'c',
        key,
      });
    }
    for (const [id, n] of notes) {
      const node = g.node(id);
      const lines = n.map((l) => `from any state: ${l}`);
      node.width = Math.max(node.width, ...lines.map((l) => textWidth(l, EDGE_FONT) + 8));
      node.height += lines.length * 12 + 2;
    }
    dagre.layout(g);
    const graph = g.graph();
    const gw = graph.width ?? 100;
    const gh = graph.height ?? 100;
    const title = regionId === '' ? null : regionId;
    const top = title ? REGION_TITLE_H : 0;
    regions.push({ id: regionId, title, x: offsetX, y: 0, w: gw, h: gh + top });
    for (const s of states) {
      const n = g.node(s.id);
      const note = notes.get(s.id)?.map((l) => `from any state: ${l}`) ?? [];
      const extra = note.length ? note.length * 12 + 2 : 0;
      nodes.push({
        id: s.id,
        label: s.key,
        note,
        x: offsetX + (n.x ?? 0),
        y: top + (n.y ?? 0) - extra / 2,
        w: Math.max(64, textWidth(s.key, FONT) + 22),
        h: n.height - extra,
        initial: s.initial,
        final: s.type === 'final',
        description: s.description,
      });
    }
    for (const [key, list] of merged) {
      const e = g.edge(list[0]!.source, list[0]!.target!);
      const pts = (e.points ?? []).map((p: { x: number; y: number }) => ({ x: offsetX + p.x, y: top + p.y }));
      edges.push({
        key,
        source: list[0]!.source,
        target: list[0]!.target!,
        d: curve(pts),
        labels: edgeLabels.get(key) ?? [],
        labelX: offsetX + (e.x ?? 0),
        labelY: top + (e.y ?? 0),
        details: list.map(detailOf),
        transitions: list,
      });
    }
    offsetX += gw + REGION_GAP;
    height = Math.max(height, gh + top);
  }
  return {
    chart,
    machine: chart.machine,
    width: Math.max(1, offsetX - REGION_GAP),
    height,
    regions,
    nodes,
    edges,
    internal,
  };
}

/** `SEGMENT [isFin] — The peer closed its sending side…`. */
export function detailOf(t: ChartTransition): string {
  const head = t.kind === 'always' ? 'eventless' : t.guard ? `${t.event} [${t.guard}]` : t.event;
  const actions = t.actions.length ? ` / ${t.actions.join(', ')}` : '';
  return `${head}${actions}${t.description ? ` — ${t.description}` : ''}`;
}

/** A smooth path through dagre's points. */
const curve = (pts: { x: number; y: number }[]): string =>
  line<{ x: number; y: number }>()
    .x((p) => p.x)
    .y((p) => p.y)
    .curve(curveBasis)(pts) ?? '';
