import { useCallback, useEffect, useRef, useState } from 'react';
import type { Scenario } from '../sim-core/scenario/types';
import { type RunState, SimClient } from './worker/client';

function createSimWorker(): Worker {
  // Vite emits the worker (and the sim-core code it imports) as its own chunk.
  return new Worker(new URL('./worker/sim.worker.ts', import.meta.url), { type: 'module', name: 'sim' });
}

/**
 * One SimClient (so one simulation worker) per mounted component. StrictMode mounts effects
 * twice in development: the first client is disposed (its worker terminated) in the cleanup.
 */
export function useSimClient(): {
  state: RunState;
  run: (scenario: Scenario) => void;
  cancel: () => void;
} {
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const clientRef = useRef<SimClient | null>(null);

  useEffect(() => {
    const client = new SimClient({ createWorker: createSimWorker, onState: setState });
    clientRef.current = client;
    return () => {
      client.dispose();
      if (clientRef.current === client) clientRef.current = null;
    };
  }, []);

  const run = useCallback((scenario: Scenario) => {
    const client = clientRef.current;
    if (!client) {
      setState({
        status: 'error',
        runId: null,
        message: 'The simulation worker is not ready yet; try again.',
      });
      return;
    }
    client.run(scenario);
  }, []);

  const cancel = useCallback(() => clientRef.current?.cancel(), []);

  return { state, run, cancel };
}
