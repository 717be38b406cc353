import { describe, expect, it } from 'vitest';
import { JSON_BOUNDS, type JsonBounds, jsonBoundsProblem, SCENARIO_BOUNDS } from './bounds';
import { presetScenario } from './presets';

const small: JsonBounds = { maxDepth: 3, maxNodes: 20, maxStringLength: 10 };

describe('jsonBoundsProblem', () => {
  it('accepts what is within every limit, including every preset under the scenario limits', () => {
    expect(jsonBoundsProblem({ a: [1, 2, { b: 'x' }] }, small)).toBeNull();
    expect(jsonBoundsProblem('short', small)).toBeNull();
    expect(jsonBoundsProblem(null, small)).toBeNull();
    expect(jsonBoundsProblem(presetScenario('issue-96'), SCENARIO_BOUNDS)).toBeNull();
  });

  it('names the first container nested too deep, iteratively (200,000 levels do not overflow)', () => {
    expect(jsonBoundsProblem({ a: { b: { c: { d: 1 } } } }, small)).toEqual({
      path: 'a.b.c',
      message: 'is nested more than 3 levels deep; at most 3',
    });
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const p = jsonBoundsProblem(deep, JSON_BOUNDS, { root: 'scenario' });
    expect(p?.message).toBe('is nested more than 64 levels deep; at most 64');
    expect(p?.path.startsWith('scenario[0][0]')).toBe(true);
    expect(p!.path.length).toBeLessThanOrEqual(161);
  });

  it('counts every value, and stops before walking a huge (sparse) list', () => {
    expect(jsonBoundsProblem({ list: Array(30).fill(0) }, small)).toEqual({
      path: 'list',
      message: 'holds more than 20 values in all; at most 20',
    });
    expect(jsonBoundsProblem(new Array(1e9), JSON_BOUNDS, { top: 'file' })).toEqual({
      path: 'file',
      message: 'holds more than 5000000 values in all; at most 5000000',
    });
  });

  it('bounds every string and every key, quoting neither whole', () => {
    expect(jsonBoundsProblem({ a: ['x'.repeat(11)] }, small)).toEqual({
      path: 'a[0]',
      message: 'is a text of 11 characters; at most 10',
    });
    expect(jsonBoundsProblem('x'.repeat(11), small, { top: 'name' })).toEqual({
      path: 'name',
      message: 'is a text of 11 characters; at most 10',
    });
    expect(jsonBoundsProblem({ ['k'.repeat(1e6 + 1)]: 1 }, JSON_BOUNDS)).toEqual({
      path: `${'k'.repeat(40)}…`,
      message: 'has a field name of 1000001 characters; at most 1000000',
    });
  });

  it('an empty key or a prototype name is just a key', () => {
    const bounds = { ...small, maxStringLength: 12 };
    expect(jsonBoundsProblem({ '': { __proto__: null, constructor: ['x'.repeat(13)] } }, bounds)).toEqual({
      path: '[""].constructor[0]',
      message: 'is a text of 13 characters; at most 12',
    });
  });

  it('never throws: a getter that throws is reported', () => {
    const trap = {
      get x(): never {
        throw new Error('nope');
      },
    };
    expect(jsonBoundsProblem(trap, small, { top: 'scenario' })).toEqual({
      path: 'scenario',
      message: 'cannot be read (nope)',
    });
  });
});
