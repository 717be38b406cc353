// The built site's Content-Security-Policy (vite.config.ts puts it in index.html; e2e checks it).
// Scripts, workers, styles and fetches from the site's own origin only: no inline script, no
// eval. Styles set through the CSSOM (React's `style` prop, d3's `.style()`) are not style
// attributes and need no 'unsafe-inline'. Images may be data:/blob: URLs (exports are blob:
// links). A <meta> cannot set frame-ancestors; a host that wants it sends the header.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
