import type { ServerProfile } from '../types';
import { uvicorn } from './uvicorn';

/**
 * uvicorn under gunicorn (`-k uvicorn.workers.UvicornWorker`): the worker
 * passes gunicorn's `keepalive` setting, 2 s by default, as
 * `timeout_keep_alive`. Otherwise uvicorn's behaviour.
 */
export const gunicornUvicorn: ServerProfile = {
  ...uvicorn,
  name: 'gunicorn-uvicorn',
  title: 'uvicorn under gunicorn (keepalive 2 s)',
  summary: 'uvicorn with gunicorn’s keepalive default: idle timer 2 s; no Keep-Alive hint.',
  source: {
    library: 'gunicorn + uvicorn',
    version: 'gunicorn 22.0 / uvicorn 0.27.1',
    files: [
      'encode/uvicorn@0.27.1:uvicorn/workers.py (UvicornWorker: timeout_keep_alive = self.cfg.keepalive)',
      'benoitc/gunicorn@22.0.0:gunicorn/config.py (Keepalive default 2)',
    ],
  },
  idleTimeoutMs: 2000,
};
