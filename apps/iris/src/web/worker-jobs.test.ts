import { describe, expect, test } from 'vitest';
import { jobGate } from './worker-jobs.js';

/** A promise and the function that settles it, to hold a job in flight for as long as a test needs. */
function pending(): { readonly promise: Promise<string>; readonly settle: (error?: Error) => void } {
  let settle: (error?: Error) => void = () => {};
  const promise = new Promise<string>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve('done') : reject(error));
  });
  return { promise, settle };
}

describe('jobGate', () => {
  test('a run asked for while a reload is in flight is refused, and never started', async () => {
    const gate = jobGate();
    const reload = pending();
    const reloading = gate.exclusive('reload', () => reload.promise);
    let started = false;
    await expect(gate.exclusive('run', async () => void (started = true))).rejects.toThrow('cannot start a run while a reload is in progress');
    expect(started).toBe(false);
    expect(gate.current).toBe('reload');
    reload.settle();
    await expect(reloading).resolves.toBe('done');
    expect(gate.current).toBeNull();
  });

  test('a reload asked for while a run is in flight is refused, and so is a second run', async () => {
    const gate = jobGate();
    const run = pending();
    const running = gate.exclusive('run', () => run.promise);
    await expect(gate.exclusive('reload', async () => 'reloaded')).rejects.toThrow('cannot start a reload while a run is in progress');
    await expect(gate.exclusive('run', async () => 'trained')).rejects.toThrow('cannot start a run while a run is in progress');
    run.settle();
    await running;
  });

  test('the gate is taken before the job awaits anything, so two requests in one tick cannot both start', async () => {
    const gate = jobGate();
    const first = gate.exclusive('reload', async () => 'reloaded');
    expect(gate.current).toBe('reload');
    const second = gate.exclusive('run', async () => 'trained');
    await expect(first).resolves.toBe('reloaded');
    await expect(second).rejects.toThrow('in progress');
  });

  test('a job that throws releases the gate: the next one runs', async () => {
    const gate = jobGate();
    const reload = pending();
    const reloading = gate.exclusive('reload', () => reload.promise);
    reload.settle(new Error('there is no checkpoint in IndexedDB yet'));
    await expect(reloading).rejects.toThrow('no checkpoint');
    expect(gate.current).toBeNull();
    await expect(gate.exclusive('run', async () => 'trained')).resolves.toBe('trained');
  });
});
