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
import { DEFAULT_PRESET } from './store/scenarioSlice';
import { createAppStore } from './store/store';
import { openFromUrl, readShareUrl, startUrlSync } from './store/urlSync';
import { PanelBoundary, shortMessage } from './views/boundary/PanelBoundary';
import { installKeyboard } from './views/shortcuts/keyboard';
import { createSimBridge } from './worker/simBridge';
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
try {
  openFromUrl(store, readShareUrl(window.location.search));
} catch (e) {
  // Decoding never throws by contract; if it ever does, the page still opens (the seed preset)
  // and says which link could not be read, rather than staying blank.
  console.error('Race Window: the link could not be read', e);
  store.getState().addNotice({
    id: 'url',
    tone: 'warning',
    title: 'The link could not be read',
    items: [`${shortMessage(e)}. Opened ${DEFAULT_PRESET} instead.`],
  });
  store.getState().choosePreset(DEFAULT_PRESET);
}

// PanelBoundary logs what it catches, naming the panel; React's own report would repeat it.
createRoot(container, { onCaughtError: () => {} }).render(
  <StrictMode>
    <StoreProvider store={store}>
      <PanelBoundary name="page" label="the page" variant="page">
        <App flushUrl={urlSync.flush} />
      </PanelBoundary>
    </StoreProvider>
  </StrictMode>,
);
