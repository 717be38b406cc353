/** `sim real`: being built (issue 15). */
export async function realMain(_argv: readonly string[]): Promise<number> {
  process.stderr.write('error: real is not built yet\n');
  return 2;
}
