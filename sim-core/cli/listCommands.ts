/** `sim presets` and `sim policies`: what can be named on the command line. */
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { PRESETS } from '../scenario/presets';
import type { CliIO } from './io';

export function presetsCommand(io: CliIO): number {
  const width = Math.max(...Object.keys(PRESETS).map((n) => n.length));
  for (const p of Object.values(PRESETS)) io.out(`${p.name.padEnd(width)}  ${p.description}`);
  return 0;
}

export function policiesCommand(io: CliIO): number {
  io.out('Client policies:');
  for (const p of CLIENT_POLICIES) {
    io.out(`  ${p.name}  ${p.summary}`);
    io.out(`      models ${p.source.library} ${p.source.version}: ${p.source.files.join('; ')}`);
  }
  io.out('Server profiles:');
  for (const p of SERVER_PROFILES) {
    io.out(`  ${p.name}  ${p.summary}`);
    io.out(`      models ${p.source.library} ${p.source.version}: ${p.source.files.join('; ')}`);
  }
  return 0;
}
