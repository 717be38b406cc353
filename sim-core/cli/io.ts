/** What a command may do to the outside world; the tests pass fakes. */
export interface CliIO {
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  out(line: string): void;
  err(line: string): void;
}
