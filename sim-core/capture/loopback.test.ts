/**
 * A real loopback exchange (Node http.Server, a raw client, an in-test relay writing pcap:
 * tests/loopbackCapture.ts) imported: the client's reuse of the connection the server closed is
 * marked stale reuse, by the capture's own analysis and by the trace's.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../metrics/summary';
import { recordStaleReuse } from '../tests/loopbackCapture';
import { explainFailures } from '../trace/failures';
import { parseTrace, serializeTrace } from '../trace/io';
import { captureToTrace } from './toTrace';

describe('a recorded loopback capture', () => {
  it('the seed failure shape: stale reuse after the server idle close', async () => {
    const { pcap, clientError, serverPort } = await recordStaleReuse();
    const r = captureToTrace(pcap, { port: serverPort, name: 'loopback.pcap' });
    expect(r.connections).toHaveLength(1);
    expect(r.connections[0]!.problems).toEqual([]);
    const summary = summarize(r.trace);
    expect(summary.requests.map((q) => [q.method, q.outcome, q.reused])).toEqual([
      ['GET', 'ok', false],
      ['POST', 'failed', true],
    ]);
    expect(r.failures).toEqual([expect.objectContaining({ req: 2, method: 'POST', kind: 'stale-reuse' })]);
    // The server's FIN came first, then its RST for the POST: the client reads EOF.
    expect(r.failures[0]!.cause).toBe('eof');
    expect(['ECONNRESET', 'EPIPE', 'closed without a response']).toContain(clientError);
    const parsed = parseTrace(serializeTrace(r.trace, null));
    expect(parsed.ok).toBe(true);
    const [f] = explainFailures(r.trace);
    expect(f!.times.finArrivedAt!).toBeLessThanOrEqual(f!.times.writtenAt!);
  }, 20_000);
});
