/**
 * Security policy shared by the Electron window and the browser host: one Content-Security-Policy and one
 * allow-list for links that may leave the app. No Node or Electron imports here, so both hosts and tests use it.
 */

/**
 * Strict CSP: only our own bundle runs; no inline scripts, no eval, no remote content. `connectSrc` lets the browser
 * host add its own WebSocket origin (ws://127.0.0.1:PORT); Electron passes nothing extra.
 * Inline styles are allowed because React's `style` props and the virtualised list set element styles.
 */
export function contentSecurityPolicy(opts: { connectSrc?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(opts.connectSrc ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Hosts the app may open in the person's browser. Anything else (other hosts, http:, file:, javascript:,
 * custom schemes, credentials in the URL) is refused. wa.me is how the Assisted channel opens a chat.
 */
export const EXTERNAL_HOSTS: readonly string[] = [
  'wa.me',
  'api.whatsapp.com',
  'web.whatsapp.com',
  'business.facebook.com',
  'developers.facebook.com',
  'www.facebook.com',
  'faq.whatsapp.com',
  'www.whatsapp.com',
];

/** Parses a URL from untrusted input; anything that is not a parseable string of sane length is undefined. */
export function parseUrl(raw: unknown): URL | undefined {
  if (typeof raw !== 'string' || raw.length > 8_192) return undefined;
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

export function isAllowedExternalUrl(raw: unknown): raw is string {
  const url = parseUrl(raw);
  if (!url) return false;
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    (url.port === '' || url.port === '443') &&
    EXTERNAL_HOSTS.includes(url.hostname)
  );
}
