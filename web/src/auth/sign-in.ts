import type { ConsoleConfig } from '#shared/console/console-config.ts';
import { sessionFromToken, type Session } from './session';

/** How the console signs people in: Cognito's managed login in AWS, the dev users locally. */
export interface SignIn {
  /** The session after a reload or a redirect back, if any. Tokens live in memory only. */
  restore(): Promise<Session | undefined>;
  /** Sends the browser to the managed login (Cognito), or signs in a dev user (local). */
  start(options: { returnTo: string; user?: string }): Promise<Session | undefined>;
  /** Completes the authorization code flow on /auth/callback; answers where to go next. */
  complete(): Promise<{ session: Session; returnTo: string }>;
  signOut(): Promise<void>;
  onRenewed(listener: (session: Session) => void): void;
}

export interface DevUser {
  name: string;
  username: string;
  groups: string[];
}

export async function listDevUsers(config: ConsoleConfig): Promise<DevUser[]> {
  if (config.auth.mode !== 'local') return [];
  const response = await fetch(config.auth.devUsersUrl);
  if (!response.ok) throw new Error(`Could not list the dev users (HTTP ${response.status})`);
  return ((await response.json()) as { users: DevUser[] }).users;
}

export async function signInFor(config: ConsoleConfig): Promise<SignIn> {
  const auth = config.auth;
  if (auth.mode === 'local')
    return {
      restore: async () => undefined,
      async start({ user }) {
        const response = await fetch(auth.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user }),
        });
        if (!response.ok) throw new Error(`Sign-in failed (HTTP ${response.status})`);
        return sessionFromToken(((await response.json()) as { token: string }).token);
      },
      complete: () => Promise.reject(new Error('There is no redirect to complete locally')),
      signOut: async () => undefined,
      onRenewed: () => undefined,
    };

  // Authorization code flow with PKCE; tokens in memory (no localStorage), renewed silently with the
  // refresh token before they expire. Loaded only where Cognito signs people in.
  const { InMemoryWebStorage, UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const manager = new UserManager({
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    post_logout_redirect_uri: auth.postLogoutRedirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    // Cognito's logout endpoint is not in its discovery document.
    metadataSeed: { end_session_endpoint: `${auth.domain}/logout` },
    extraQueryParams: {},
  });
  return {
    async restore() {
      const user = await manager.getUser();
      return user && !user.expired ? sessionFromToken(user.access_token) : undefined;
    },
    async start({ returnTo }) {
      await manager.signinRedirect({ state: { returnTo } });
      return undefined;
    },
    async complete() {
      const user = await manager.signinRedirectCallback();
      const state = user.state as { returnTo?: string } | undefined;
      return { session: sessionFromToken(user.access_token), returnTo: state?.returnTo ?? '/' };
    },
    async signOut() {
      await manager.removeUser();
      // Cognito's /logout takes client_id and logout_uri rather than id_token_hint.
      window.location.assign(
        `${auth.domain}/logout?client_id=${encodeURIComponent(auth.clientId)}&logout_uri=${encodeURIComponent(auth.postLogoutRedirectUri)}`,
      );
    },
    onRenewed(listener) {
      manager.events.addUserLoaded((user) => listener(sessionFromToken(user.access_token)));
    },
  };
}
