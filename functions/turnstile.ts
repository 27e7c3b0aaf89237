const siteverifyUrl = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/**
 * Verifies a Cloudflare Turnstile token. Fails closed: no secret, a network error, a timeout or an
 * unexpected answer all mean "not verified".
 */
export function turnstileVerifier(secret: string | undefined, fetchImpl: typeof fetch = fetch) {
  return async (token: string, ip: string): Promise<boolean> => {
    if (!secret) return false;
    const response = await fetchImpl(siteverifyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ secret, response: token, remoteip: ip }),
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok) return false;
    const result = (await response.json()) as { success?: unknown };
    return result.success === true;
  };
}
