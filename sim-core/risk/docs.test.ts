// docs/risk.md shows a `sim risk` run; this keeps it in step with the model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/cli';
import { fakeWorld } from '../cli/testing';

const DOC = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'risk.md'), 'utf8');

describe('docs/risk.md', () => {
  it('shows what `sim risk` prints for its example', async () => {
    const block = /<!-- risk-example -->\n```\n([\s\S]*?)\n```\n<!-- \/risk-example -->/.exec(DOC)?.[1];
    expect(block, 'docs/risk.md has a risk-example block').toBeDefined();
    const w = fakeWorld();
    const code = await runCli(
      ['risk', '--client', 'httpx-0.23', '--server', 'uvicorn', '--delay-ms', '15', '--fixes'],
      w.io,
    );
    expect(code).toBe(0);
    expect(w.out.join('\n')).toBe(block);
  });
});
