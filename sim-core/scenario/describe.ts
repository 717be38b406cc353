/**
 * What a scenario is called, in the preset box, the summary and an exported file: a preset's name
 * while it is the preset (any seed), `issue-96 (modified: client httpx-0.23)` once a field differs
 * from the preset it was derived from (`presetDerivedFrom`), its own name otherwise. The changes
 * are the share link's overrides (diff.ts), so the label and the link never disagree.
 *
 * An exported file carries the described name and a description that says what changed and what
 * the preset was; `withPresetIdentity` turns such a file back into the scenario it was exported
 * from (the preset's own name and description), so export → import gives the same run, the same
 * trace hash and the same compact link.
 */
import { isPlainObject, overrides } from './diff';
import { MODIFIED_MARK, PRESETS, presetDerivedFrom } from './presets';
import { clip } from './text';
import type { Scenario } from './types';
import { STRING_LIMITS } from './validate';

export interface ScenarioChange {
  /** The field, as the link names it (`client.policy`, `workload` for a whole object). */
  path: string;
  /** The preset's value, if it has the field. */
  was: unknown;
  value: unknown;
}

export interface ScenarioDescription {
  /** The preset it was derived from (null: a custom scenario). */
  preset: string | null;
  /** What differs from that preset (name, description and seed are not changes). */
  changes: ScenarioChange[];
  /** What the app shows: `issue-96`, `issue-96 (modified: client httpx-0.23)`, or the scenario's name. */
  label: string;
  /** The label's part after the preset's name: `modified: client httpx-0.23` (null: unmodified or custom). */
  note: string | null;
  /** The name an exported file carries (the label, at most STRING_LIMITS.name characters). */
  name: string;
  /** The description an exported file carries: what changed and what the preset was. */
  description: string | undefined;
}

/** Short names for the fields people change most (listed first). */
const SHORT: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  'client.policy': 'client',
  'server.profile': 'server',
});

function valueText(v: unknown): string {
  if (Array.isArray(v)) return `(${v.length} values)`;
  if (isPlainObject(v)) return typeof v.kind === 'string' ? v.kind : '(changed)';
  return clip(typeof v === 'string' ? v : String(JSON.stringify(v)), 40);
}

/** `client httpx-0.23`, `network.delayMs 30`, `workload sequential`. */
export const changeText = (c: ScenarioChange): string => `${SHORT[c.path] ?? c.path} ${valueText(c.value)}`;

function leaf(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const k of path.split('.')) v = isPlainObject(v) && Object.hasOwn(v, k) ? v[k] : undefined;
  return v;
}

/** `preset (modified: a, b, +3 more)` within `max` characters (the preset name always fits). */
function modifiedName(preset: string, texts: readonly string[], max: number): string {
  for (let shown = texts.length; shown >= 1; shown--) {
    const more = texts.length - shown;
    const list = texts.slice(0, shown).join(', ') + (more > 0 ? `, +${more} more` : '');
    const name = `${preset}${MODIFIED_MARK}: ${list})`;
    if (name.length <= max) return name;
  }
  const name = `${preset}${MODIFIED_MARK}: ${texts.length} fields)`;
  return name.length <= max ? name : `${preset}${MODIFIED_MARK})`;
}

/** The fields of `s` that differ from preset `preset` (name, description and seed aside). */
function changesFrom(s: Scenario, preset: string): ScenarioChange[] {
  const base = PRESETS[preset]!.scenario;
  const like: Record<string, unknown> = { ...s, name: base.name, seed: base.seed };
  if (base.description === undefined) delete like.description;
  else like.description = base.description;
  const diff = overrides(base, like);
  // Only a missing top-level field gives null, and a valid scenario has all of them.
  if (diff === null) return [{ path: 'scenario', was: undefined, value: '(changed)' }];
  // The client and the server first (what people change most), then in the scenario's order.
  const rank = (path: string) => (path === 'client.policy' ? 0 : path === 'server.profile' ? 1 : 2);
  return diff
    .map(([path, value]) => ({ path, was: leaf(base, path), value }))
    .sort((a, b) => rank(a.path) - rank(b.path));
}

/** The label, the exported name and description of `s` (a valid scenario). Never throws. */
export function describeScenario(s: Scenario): ScenarioDescription {
  const preset = presetDerivedFrom(s);
  if (preset === null)
    return { preset, changes: [], label: s.name, note: null, name: s.name, description: s.description };
  const changes = changesFrom(s, preset);
  const p = PRESETS[preset]!;
  if (changes.length === 0)
    return { preset, changes, label: preset, note: null, name: preset, description: p.scenario.description };
  const name = modifiedName(preset, changes.map(changeText), STRING_LIMITS.name);
  const listed = changes
    .map((c) =>
      c.was === undefined ? changeText(c) : `${changeText(c)} (the preset has ${valueText(c.was)})`,
    )
    .join('; ');
  const about = p.scenario.description === undefined ? '' : ` The preset: ${p.scenario.description}`;
  const description = clip(`Preset ${preset}, modified: ${listed}.${about}`, STRING_LIMITS.description - 40);
  // `issue-96 (modified: …)`: the note is what is inside the parentheses.
  const note = name.slice(preset.length + MODIFIED_MARK.length - 'modified'.length, -1);
  return { preset, changes, label: name, note, name, description };
}

/** `s` as an exported scenario file carries it: with the described name and description. */
export function exportedScenario(s: Scenario): Scenario {
  const d = describeScenario(s);
  const out: Scenario = { ...s, name: d.name };
  if (d.description === undefined) delete out.description;
  else out.description = d.description;
  return out;
}

/**
 * A file `exportedScenario` wrote, back as the scenario it was exported from: when its name and
 * description are exactly what describeScenario says of its fields, they become the preset's own
 * again. Anything else (a name or description written by hand, a field changed after export
 * without renaming) is kept as it is.
 */
export function withPresetIdentity(s: Scenario): Scenario {
  const d = describeScenario(s);
  if (d.preset === null || d.changes.length === 0 || s.name !== d.name || s.description !== d.description)
    return s;
  const p = PRESETS[d.preset]!.scenario;
  const out: Scenario = { ...s, name: p.name };
  if (p.description === undefined) delete out.description;
  else out.description = p.description;
  return out;
}
