/**
 * The console's security headers, the same locally (npm start) and in AWS (CloudFront's response headers
 * policy), so a page that breaks the policy breaks on this machine first. Mantine writes style tags, hence
 * 'unsafe-inline' for styles only; scripts come from the console's own origin and nowhere else.
 */
export function consoleContentSecurityPolicy(origins: { api: string; signIn?: string }): string {
  const connect = ["'self'", origins.api, ...(origins.signIn ? [origins.signIn] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    `form-action 'self'${origins.signIn ? ` ${origins.signIn}` : ''}`,
    "object-src 'none'",
  ].join('; ');
}

export function consoleSecurityHeaders(origins: { api: string; signIn?: string }): Record<string, string> {
  return {
    'content-security-policy': consoleContentSecurityPolicy(origins),
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}
