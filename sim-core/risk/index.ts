/** The risk explorer's pure API (the page's entry re-exports it; the engine is runShard, in run.ts). */
export * from './diagnose';
export * from './fixes';
export * from './histogram';
export * from './map';
export * from './merge';
export * from './plan';
export * from './types';
export * from './validate';
