import type { ClientPolicy } from '../types';
import { urllib3_2, urllib3Cause } from './urllib3-2';

/**
 * requests 2.32 on urllib3 2: `HTTPAdapter(max_retries=0)` gives
 * `Retry(0, read=False)`, so nothing is retried and the `ProtocolError` is
 * re-raised as `requests.exceptions.ConnectionError`. The adapter's pools keep
 * up to 10 connections (`pool_maxsize`); a Session sends `Connection: keep-alive`.
 */
export const requests: ClientPolicy = {
  ...urllib3_2,
  name: 'requests',
  title: 'requests 2.32 (urllib3 without retries)',
  summary: 'urllib3’s pool and readability poll, no retries; ConnectionError(("Connection aborted.", …)).',
  source: {
    library: 'requests',
    version: '2.32.3',
    files: [
      'psf/requests@v2.32.3:src/requests/adapters.py (DEFAULT_RETRIES = 0 -> Retry(0, read=False); pool_maxsize=10; except (ProtocolError, OSError): raise ConnectionError(err))',
      'psf/requests@v2.32.3:src/requests/utils.py (default_headers: Connection: keep-alive)',
    ],
  },
  sendsKeepAliveHeader: true,
  maxIdle: 10,
  retry: null,
  errorFor: (cause) =>
    cause === 'timeout'
      ? {
          class: 'requests.exceptions.ReadTimeout',
          message: "HTTPConnectionPool(host='service-b', port=80): Read timed out.",
        }
      : { class: 'requests.exceptions.ConnectionError', message: urllib3Cause(cause) },
};
