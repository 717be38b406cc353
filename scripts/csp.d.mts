// Types for csp.mjs.

export const CONTENT_SECURITY_POLICY: string;
