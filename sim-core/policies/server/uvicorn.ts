import type { ServerProfile } from '../types';

/**
 * uvicorn's h11 protocol: `timeout_keep_alive` (5 s by default) is armed when
 * a response completes and cancelled when new bytes arrive (and, since
 * 0.27.1, when a pipelined request starts); when it fires the transport is
 * closed. No `Keep-Alive: timeout=` header is sent, so a client cannot learn
 * the value.
 */
export const uvicorn: ServerProfile = {
  name: 'uvicorn',
  title: 'uvicorn (timeout_keep_alive 5 s)',
  summary: 'Idle timer armed after each response, 5 s; closes with FIN; no Keep-Alive hint.',
  source: {
    library: 'uvicorn',
    version: '0.27.1',
    files: [
      'encode/uvicorn@0.27.1:uvicorn/protocols/http/h11_impl.py (on_response_complete arms timeout_keep_alive_task; data_received cancels it; timeout_keep_alive_handler closes the transport)',
      'encode/uvicorn@0.27.1:uvicorn/config.py (timeout_keep_alive=5)',
    ],
  },
  idleTimeoutMs: 5000,
  extraCloseDelayMs: 0,
  hint: 'never',
  hintValue: (ms) => `timeout=${Math.floor(ms / 1000)}`,
  requestsPerConnection: null,
};
