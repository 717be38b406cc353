/**
 * What app/'s tests use from sim-core beyond the public entry: the engine (to make runs), the
 * recorded stale-reuse fixture, the fuzz convention and the trace mutations. Tests only; biome.json
 * rejects it in app/'s own modules.
 */

export { tcpCapture } from './capture/pcapWriter';
export { TcpRecorder } from './capture/tcpRecorder';
export { runScenario } from './run';
export * from './tests/fuzz';
export * from './tests/traceMutations';
export * from './trace/fixtures/staleReuse';
