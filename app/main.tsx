/**
 * Start-up: one store, one simulation worker (started lazily), one playback clock, URL sync.
 * They live outside React so StrictMode's double effects cannot start two of anything.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startPlaybackClock } from './playback/clock';
import { StoreProvider } from './store/context';
import { browserStorage } from './store/lessonProgress';
import { createSimBridge } from './store/simBridge';
import { createAppStore } from './store/store';
import { openFromUrl, readShareUrl, startUrlSync } from './store/urlSync';
import { installKeyboard } from './views/shortcuts/keyboard';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const bridge = createSimBridge();
const store = createAppStore({ sim: bridge.port, storage: browserStorage() });
bridge.connect(store);
store.getState().loadLessonProgress();

const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
store.getState().setReducedMotion(motion.matches);
motion.addEventListener('change', (e) => store.getState().setReducedMotion(e.matches));

const urlSync = startUrlSync(store);
startPlaybackClock(store);
installKeyboard(store);
openFromUrl(store, readShareUrl(window.location.search));

createRoot(container).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App flushUrl={urlSync.flush} />
    </StoreProvider>
  </StrictMode>,
);
