import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './AuthProvider';

/** Screens behind sign-in; anyone else goes to the sign-in page and comes back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session || session.expiresAt <= Date.now())
    return <Navigate to="/sign-in" replace state={{ returnTo: location.pathname + location.search }} />;
  return children;
}
