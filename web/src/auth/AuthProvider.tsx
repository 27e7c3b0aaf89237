import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ConsoleConfig } from '#shared/console/console-config.ts';
import type { Session } from './session';
import type { SignIn } from './sign-in';

interface AuthState {
  config: ConsoleConfig;
  signIn: SignIn;
  session: Session | undefined;
  /** Tokens live here (memory), never in localStorage. */
  setSession(session: Session | undefined): void;
  signOut(): void;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

export function AuthProvider({
  config,
  signIn,
  children,
}: {
  config: ConsoleConfig;
  signIn: SignIn;
  children: ReactNode;
}) {
  const [session, setSession] = useState<Session | undefined>();
  const [restoring, setRestoring] = useState(true);
  useEffect(() => {
    signIn.onRenewed(setSession);
    void signIn
      .restore()
      .then(setSession)
      .finally(() => setRestoring(false));
  }, [signIn]);
  const signOut = useCallback(() => {
    setSession(undefined);
    void signIn.signOut();
  }, [signIn]);
  const value = useMemo(() => ({ config, signIn, session, setSession, signOut }), [config, signIn, session, signOut]);
  if (restoring) return null;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
