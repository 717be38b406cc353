/**
 * Lays out the machines' statecharts ahead of need, one per idle moment. A chart's dagre layout
 * took ≈ 30 ms the first time it was shown — in the same task as the seek that selected its
 * connection (PageDown to the first failure measured 50–61 ms, npm run bench:ui). Done in idle
 * time after the page is up, each layout is its own short task and the seek finds it cached.
 */
import { useEffect, useState } from 'react';
import { whenIdle } from '../whenIdle';

/** True once every chart is laid out (the panel says so in `data-charts`, for the e2e tests). */
export function useWarmCharts(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let stopped = false;
    let cancel = whenIdle(() => {
      import('./machineCharts')
        .then((m) => {
          const todo = m.chartKeys().filter(([kind, region]) => !m.isLaidOut(kind, region));
          // Soon after load (each within a second), not later: a layout put off until the reader
          // plays the run would cost its frames (waiting for a 40 ms idle period did just that).
          const next = () => {
            const item = todo.shift();
            if (!item) {
              if (!stopped) setReady(true);
              return;
            }
            try {
              m.laidChart(item[0], item[1]);
            } catch {
              // Left for the chart itself: drawn, it fails again inside the panel's boundary,
              // which says what failed (a warm-up has no place to say it).
            }
            cancel = whenIdle(next);
          };
          if (!stopped) cancel = whenIdle(next);
        })
        // The chunk failed to load: the inspector's own import shows the error when it is opened.
        .catch(() => {});
    });
    return () => {
      stopped = true;
      cancel();
    };
  }, []);
  return ready;
}
