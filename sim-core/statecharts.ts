/**
 * The machine definitions and how to read them as statecharts, for the inspector's drawings. An
 * entry of its own so the machines stay in the lazily loaded chunk, not in the page's first script.
 */
export { http11ConnectionMachine } from './machines/http11Connection';
export { pooledConnectionMachine, timedPooledConnectionMachine } from './machines/pooledConnection';
export { leakyServerMachine, serverMachine } from './machines/server';
export { tcpEndpointMachine } from './machines/tcpEndpoint';
export * from './trace/statechart';
