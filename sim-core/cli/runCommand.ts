/** `sim run`: one scenario, summary JSON (or per-request CSV) on stdout, optional trace file. */
import { runScenario } from '../run';
import { serializeTrace } from '../trace/io';
import { parseArgs } from './args';
import { requestsCsv } from './csv';
import type { CliIO } from './io';
import { SCENARIO_FLAGS, scenarioFromArgs } from './scenarioFromArgs';

export async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv, { ...SCENARIO_FLAGS, trace: { value: true }, csv: { value: false } });
  const scenario = await scenarioFromArgs(parsed, io);
  const { trace, summary } = runScenario(scenario);
  const traceFile = parsed.flags.get('trace');
  if (typeof traceFile === 'string') {
    // JSON Lines: a header with the scenario, then one event per line (what the hash is computed over).
    await io.writeFile(traceFile, serializeTrace(trace, scenario));
  }
  if (parsed.flags.get('csv')) io.out(requestsCsv(summary.requests));
  else io.out(JSON.stringify(summary, null, 2));
  return 0;
}
