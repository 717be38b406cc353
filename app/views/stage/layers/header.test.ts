/**
 * A recorded trace's stage header says what was recorded: a capture's two sides by address and
 * its settings as not recorded (never the defaults the views fall back on: http3-0.6, uvicorn
 * 5 s, 2 ms); a real run's header scenario is its twin, so its captions stand, marked real.
 */
import { describe, expect, it } from 'vitest';
import {
  captureToTrace,
  presetDerivedFrom,
  presetScenario,
  scenarioFromRunStart,
} from '../../../../sim-core';
import { observedTrace, runScenario, TcpRecorder, tcpCapture } from '../../../../sim-core/testing';
import { recordedCaptions, type StageCaptions } from './header';

const text = (s: string) => new TextEncoder().encode(s);
const SIMULATED: StageCaptions = {
  client: 'Service A · shared client http3-0.6',
  server: 'Service B · uvicorn · idle timeout 5 s',
  wire: 'network · one-way 2 ms',
};

function capture() {
  const r = new TcpRecorder({ addr: '10.0.0.1', port: 5353 }, { addr: '10.0.0.2', port: 8000 });
  r.handshake(0, 40_000, 2);
  r.data('client', 50_000, text('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  r.data('server', 90_000, text('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
  r.fin('server', 5_000_000);
  return captureToTrace(tcpCapture(r.packets), { name: 'loopback.pcap' }).trace;
}

describe('recordedCaptions', () => {
  it('a capture: its sides by address, the rest not recorded, no default named', () => {
    const trace = capture();
    const c = recordedCaptions(trace, SIMULATED, false);
    expect(c.client).toBe('Captured: client 10.0.0.1:5353');
    expect(c.server).toBe('server 10.0.0.2:8000 · settings not recorded');
    const all = `${c.client} ${c.server} ${c.wire}`;
    for (const invented of ['http3', 'uvicorn', '5 s', '2 ms']) expect(all).not.toContain(invented);
    // The scenario the views fall back on keeps the capture's name: no preset claims it.
    const scenario = scenarioFromRunStart(trace);
    expect(scenario.name).toBe('loopback.pcap');
    expect(presetDerivedFrom(scenario)).toBeNull();
  });

  it('a real run with its twin in the header: the twin captions, the client named real; a simulated run unchanged', () => {
    const sim = runScenario(presetScenario('issue-96')).trace;
    expect(recordedCaptions(sim, SIMULATED, true)).toEqual(SIMULATED);
    const real = recordedCaptions(observedTrace(sim, 'real'), SIMULATED, true);
    expect(real).toEqual({ ...SIMULATED, client: 'Service A · real client http3-0.6' });
  });
});
