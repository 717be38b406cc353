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

export function policiesCommand(io: CliIO): number {
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
