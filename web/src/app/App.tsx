import {
  DirectionProvider,
  MantineProvider,
  createTheme,
  useDirection,
  type CSSVariablesResolver,
} from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { RouterProvider, createBrowserRouter, type RouteObject } from 'react-router';
import type { ConsoleConfig } from '#shared/console/console-config.ts';
import { AuthProvider, useAuth } from '../auth/AuthProvider';
import { CallbackPage } from '../auth/CallbackPage';
import { RequireSession } from '../auth/RequireSession';
import type { SignIn } from '../auth/sign-in';
import { createApiClient } from '../lib/api/client';
import { ApiProvider } from '../lib/api/context';
import { i18n } from '../lib/i18n/i18n';
import { languageOf } from '../lib/i18n/languages';
import { createQueryClient } from './query-client';
import { featureRoutes } from './routes';
import { PageLoader } from '../components/PageLoader';

// Split from the entry: someone signing in does not load the shell, and the reverse.
const SignInPage = lazy(() => import('../auth/SignInPage').then((module) => ({ default: module.SignInPage })));
const Shell = lazy(() => import('./Shell').then((module) => ({ default: module.Shell })));

const theme = createTheme({
  primaryColor: 'indigo',
  // indigo.6 (Mantine's default shade) under white text or as link text is 4.2:1, below WCAG AA's 4.5:1 (axe:
  // color-contrast on every filled button and link); indigo.7 is 5.2:1.
  primaryShade: { light: 7, dark: 8 },
  // Vazirmatn-like system stacks that carry Persian and Arabic glyphs well, then the usual UI fonts.
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", Tahoma, "Helvetica Neue", Arial, sans-serif',
});

// Mantine's default "dimmed" grey fails WCAG AA contrast on white (axe: color-contrast); gray.7 passes.
const accessibleColors: CSSVariablesResolver = () => ({
  variables: {},
  // Field errors in red.6 are 3.3:1 on white; red.8 passes.
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});

/** Gives signed-in screens a typed API client that carries the session's token. */
function SignedInApi({ children }: { children: ReactNode }) {
  const { config, session, setSession } = useAuth();
  const client = useMemo(
    () =>
      createApiClient(
        config.apiUrl,
        () => session?.accessToken,
        () => setSession(undefined),
      ),
    [config.apiUrl, session, setSession],
  );
  return <ApiProvider client={client}>{children}</ApiProvider>;
}

export function routesFor(screens: RouteObject[] = featureRoutes): RouteObject[] {
  return [
    {
      path: '/sign-in',
      element: (
        <Suspense fallback={<PageLoader />}>
          <SignInPage />
        </Suspense>
      ),
    },
    { path: '/auth/callback', element: <CallbackPage /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <SignedInApi>
            <Suspense fallback={<PageLoader />}>
              <Shell />
            </Suspense>
          </SignedInApi>
        </RequireSession>
      ),
      children: screens,
    },
  ];
}

/** Follows the language's direction without remounting anything (a remount would drop the in-memory session). */
function FollowDirection() {
  const { i18n: active } = useTranslation();
  const { setDirection } = useDirection();
  const { dir } = languageOf(active.language);
  useEffect(() => setDirection(dir), [dir, setDirection]);
  return <Notifications position={dir === 'rtl' ? 'top-left' : 'top-right'} />;
}

function Directed({ children }: { children: ReactNode }) {
  return (
    <DirectionProvider initialDirection={languageOf(i18n.language).dir} detectDirection={false}>
      <MantineProvider theme={theme} cssVariablesResolver={accessibleColors}>
        <FollowDirection />
        {children}
      </MantineProvider>
    </DirectionProvider>
  );
}

export function App({ config, signIn }: { config: ConsoleConfig; signIn: SignIn }) {
  const queryClient = useMemo(createQueryClient, []);
  const router = useMemo(() => createBrowserRouter(routesFor()), []);
  return (
    <I18nextProvider i18n={i18n}>
      <Directed>
        <QueryClientProvider client={queryClient}>
          <AuthProvider config={config} signIn={signIn}>
            <RouterProvider router={router} />
          </AuthProvider>
        </QueryClientProvider>
      </Directed>
    </I18nextProvider>
  );
}
