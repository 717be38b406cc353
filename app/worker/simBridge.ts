/**
 * Wires a SimClient (one simulation worker) to the store: the store's SimPort sends commands, the
 * client's states go to `receiveRunState`. The worker starts lazily, on the first run.
 */
import type { SimPort } from '../store/scenarioSlice';
import type { AppStore } from '../store/store';
import { SimClient, type WorkerLike } from './client';

export function createSimWorker(): Worker {
  // Vite emits the worker (and the sim-core code it imports) as its own chunk.
  return new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'sim' });
}

export interface SimBridge {
  port: SimPort;
  /** Routes run states to `store`; returns a function that disposes the client and its worker. */
  connect: (store: AppStore) => () => void;
}

export function createSimBridge(createWorker: () => WorkerLike = createSimWorker): SimBridge {
  let store: AppStore | null = null;
  const client = new SimClient({
    createWorker,
    onState: (state) => store?.getState().receiveRunState(state),
  });
  let ranOnce = false;
  const port: SimPort = {
    run: (scenario) => {
      ranOnce = true;
      return client.run(scenario);
    },
    fork: (changes, whole) => (ranOnce ? client.fork(changes) : port.run(whole)),
    cancel: () => client.cancel(),
  };
  return {
    port,
    connect: (s) => {
      store = s;
      return () => {
        store = null;
        client.dispose();
      };
    },
  };
}
