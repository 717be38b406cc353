/**
 * A capture's trace read by the app's analyses (connection facts → trace index race intervals,
 * failures → the story card's kind) agrees with the CLI's `pcap` classification (toTrace's
 * failures, from failureKinds): a capture has no `state` or `pool` events, so the server's close
 * is its FIN (or RST) on the wire and the pool's idle time runs from a response to the next request.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../metrics/summary';
import { explainFailures } from '../trace/failures';
import { kindOfFailure } from '../trace/raceWindowsWords';
import { buildTraceIndex } from '../trace/traceIndex';
import { tcpCapture } from './pcapWriter';
import { TcpRecorder } from './tcpRecorder';
import { captureToTrace } from './toTrace';

const text = (s: string) => new TextEncoder().encode(s);
const GET = text('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
const OK = text('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');

/** Captured on the client's host, 40 ms round trip: the second GET leaves `lead` µs before the FIN passes. */
function crossing(lead: number): TcpRecorder {
  const r = new TcpRecorder({ addr: '10.0.0.1', port: 40200 }, { addr: '10.0.0.2', port: 80 });
  r.handshake(0, 40_000, 2);
  r.data('client', 50_000, GET);
  r.data('server', 90_000, OK);
  r.data('client', 5_020_000 - lead, GET);
  r.fin('server', 5_020_000);
  r.rst('server', 5_060_000);
  return r;
}

describe('a captured trace in the app agrees with sim pcap', () => {
  for (const [name, lead, kind] of [
    ['race window', 10, 'race-window'],
    ['stale', -10, 'stale-reuse'],
  ] as const) {
    it(`${name}: the failure's kind and the interval the request entered`, () => {
      const got = captureToTrace(tcpCapture(crossing(lead).packets));
      expect(got.failures.map((f) => [f.req, f.kind])).toEqual([[2, kind]]);
      const failures = explainFailures(got.trace);
      expect(failures.map((f) => [f.req, kindOfFailure(f)])).toEqual([[2, kind]]);
      const index = buildTraceIndex(got.trace, { clientExpiryMs: null });
      const entered = index.raceIntervals.filter((w) => w.entered.some((x) => x.req === 2));
      expect(entered.map((w) => [w.conn, w.kind])).toEqual([
        [1, kind === 'race-window' ? 'race-window' : 'stale'],
      ]);
    });
  }

  it('connections opened: the client SYNs of a capture (it has no pool dials)', () => {
    const a = crossing(10);
    const b = new TcpRecorder({ addr: '10.0.0.1', port: 40201 }, { addr: '10.0.0.2', port: 80 });
    b.handshake(6_000_000, 40_000, 2);
    b.data('client', 6_050_000, GET);
    b.data('server', 6_090_000, OK);
    const { trace } = captureToTrace(tcpCapture([...a.packets, ...b.packets]));
    expect(summarize(trace).totals.connectionsOpened).toBe(2);
  });
});
