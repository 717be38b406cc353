/** `sim probe`: being built (issue 15). */
export async function probeMain(_argv: readonly string[]): Promise<number> {
  process.stderr.write('error: probe is not built yet\n');
  return 2;
}
