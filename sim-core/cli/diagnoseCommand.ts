/** `sim diagnose [FILE|-]`: a pasted error or traceback to its library, mechanism and what to open. */
import { DIAGNOSE_MAX_CHARS, diagnose } from '../risk/diagnose';
import { parseArgs, shown, UsageError } from './args';
import { type CliIO, ioProblem } from './io';

export async function diagnoseCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv, { json: { value: false } });
  const [file = '-', extra] = parsed.positional;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${shown(extra)} (give one FILE or -)`);
  let text: string;
  try {
    text = await io.readFile(file, DIAGNOSE_MAX_CHARS * 4);
  } catch (e) {
    throw new UsageError(`cannot read ${shown(file)}: ${ioProblem(e)}`);
  }
  const d = diagnose(text);
  if (parsed.flags.get('json') === true) {
    io.out(JSON.stringify(d));
    return 0;
  }
  if (!d.recognised) {
    io.out(`not recognised. Known signatures: ${d.known.join(', ')}`);
    return 0;
  }
  io.out(`library: ${d.library}`);
  io.out(`mechanism: ${d.mechanism}`);
  for (const a of d.alternatives) io.out(`could also be: ${a}`);
  if (d.preset)
    io.out(`stage: npm run -s sim -- run --preset ${d.preset}   (or ?preset=${d.preset} in the app)`);
  if (d.riskInput) {
    const r = d.riskInput;
    const traffic = r.traffic.kind === 'seed-bursts' ? 'seed-bursts' : 'sequential:exp:5000';
    io.out(
      `explore: npm run -s sim -- risk --client ${r.client.policy} --server ${r.server.profile} --traffic ${traffic} --method ${r.postShare === 1 ? 'POST' : 'GET'} --fixes`,
    );
  }
  return 0;
}
