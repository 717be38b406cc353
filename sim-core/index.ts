/**
 * sim-core's public entry for the page (app/): the scenario, the trace and every analysis of it,
 * the lessons and the summary. app/ imports sim-core only through this module,
 * `sim-core/statecharts` (the machine definitions, loaded lazily by the inspector), `sim-core/run`
 * (the engine: the worker only) and `sim-core/testing` (tests only); biome.json rejects any other
 * import from app/ into sim-core. Everything here is pure: no DOM, no wall clock, no randomness.
 */
export { CaptureError } from './capture/pcapReader';
export { type CaptureResult, captureToTrace } from './capture/toTrace';
export * from './export/perfetto';
export * from './metrics/summary';
export * from './policies';
export * from './policies/server/profileFile';
export * from './policies/types';
export * from './risk';
export * from './scenario/bounds';
export * from './scenario/defaults';
export * from './scenario/didYouMean';
export * from './scenario/presets';
export * from './scenario/types';
export * from './scenario/url';
export * from './scenario/validate';
export * from './teach/breakpoints';
export * from './teach/lessons';
export * from './teach/lessons/resolve';
export * from './teach/narrate';
export * from './trace/compare';
export * from './trace/connFacts';
export * from './trace/duration';
export * from './trace/events';
export * from './trace/eventText';
export * from './trace/explain';
export * from './trace/failures';
export * from './trace/fold';
export * from './trace/io';
export * from './trace/lanes';
export * from './trace/metricsSeries';
export * from './trace/raceWindows';
export * from './trace/raceWindowsWords';
export * from './trace/runEnd';
export * from './trace/runStartScenario';
export * from './trace/spans';
export * from './trace/statechart';
export { type ClientWords, clientWords, traceClient } from './trace/storyParts';
export * from './trace/timeSearch';
export * from './trace/traceIndex';
