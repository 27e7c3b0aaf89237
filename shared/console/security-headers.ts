/**
 * The console's Content-Security-Policy, one definition for CloudFront's response headers policy
 * (infra/constructs/console.ts) and the local console server, so a page that breaks the policy breaks on
 * this machine first: its own scripts only; inline styles because Mantine injects style tags; XHR only to
 * `connect` (the API, and in AWS the managed login and the user pool's OIDC discovery and keys); forms
 * post only to `formActions` (the managed login); no framing, no <base>, no plugins.
 */
export function consoleContentSecurityPolicy(origins: {
  connect: readonly string[];
  formActions?: readonly string[];
}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ['connect-src', "'self'", ...origins.connect].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    ['form-action', "'self'", ...(origins.formActions ?? [])].join(' '),
    "object-src 'none'",
  ].join('; ');
}

/** The headers CloudFront's response headers policy adds, as the local console server sends them. */
export function consoleSecurityHeaders(origins: { connect: readonly string[] }): Record<string, string> {
  return {
    'content-security-policy': consoleContentSecurityPolicy(origins),
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}
