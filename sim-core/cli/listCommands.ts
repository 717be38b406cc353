/** `sim presets` and `sim policies`: what can be named on the command line. */
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { describeClientRules, describeServerRules } from '../policies/describe';
import type { Source } from '../policies/types';
import { PRESETS } from '../scenario/presets';
import type { CliIO } from './io';

export function presetsCommand(io: CliIO): number {
  const width = Math.max(...Object.keys(PRESETS).map((n) => n.length));
  for (const p of Object.values(PRESETS)) io.out(`${p.name.padEnd(width)}  ${p.description}`);
  return 0;
}

/** Client policies and server profiles as two Markdown tables (the README embeds this output). */
export function policiesMarkdown(): string {
  const esc = (t: string) => t.replace(/\|/g, '\\|');
  const file = (f: string) => esc(f.replace(/ \(.*$/, ''));
  const rows = (list: readonly { name: string; source: Source }[], rules: (p: never) => string) =>
    list.map(
      (p) =>
        `| \`${p.name}\` | ${esc(`${p.source.library} ${p.source.version}`)} | ${esc(rules(p as never))} | ${p.source.files.map(file).join('<br>')} |`,
    );
  return [
    '| client policy | models | rules | source |',
    '|---|---|---|---|',
    ...rows(CLIENT_POLICIES, describeClientRules),
    '',
    '| server profile | models | rules | source |',
    '|---|---|---|---|',
    ...rows(SERVER_PROFILES, describeServerRules),
  ].join('\n');
}

export function policiesCommand(io: CliIO, markdown = false): number {
  if (markdown) {
    io.out(policiesMarkdown());
    return 0;
  }
  const entry = (p: { name: string; title: string; source: Source }, rules: string) => {
    io.out(`  ${p.name} — ${p.title}`);
    io.out(`      ${rules}`);
    io.out(`      models ${p.source.library} ${p.source.version}:`);
    for (const f of p.source.files) io.out(`        ${f}`);
  };
  io.out('Client policies (the httpx fix history first):');
  for (const p of CLIENT_POLICIES) entry(p, describeClientRules(p));
  io.out('');
  io.out('Server profiles:');
  for (const p of SERVER_PROFILES) entry(p, describeServerRules(p));
  return 0;
}
