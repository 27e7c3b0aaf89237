import { Alert, Button, Card, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { LanguagePicker } from '../components/LanguagePicker';
import { useAuth } from './AuthProvider';
import { listDevUsers } from './sign-in';

/**
 * Locally: the dev users (the local stand-in for Cognito issues the same kind of token). In AWS: a button
 * to Cognito's managed login (authorization code flow with PKCE).
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { config, signIn, setSession } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const query = new URLSearchParams(location.search);
  const returnTo = (location.state as { returnTo?: string } | null)?.returnTo ?? query.get('returnTo') ?? '/';
  // Locally, /sign-in?user=salesAda&returnTo=/contacts signs a dev user straight in (scripts, Lighthouse).
  const directUser = config.auth.mode === 'local' ? query.get('user') : null;
  const [failure, setFailure] = useState<string>();
  const users = useQuery({ queryKey: ['dev-users'], queryFn: () => listDevUsers(config) });

  const start = async (user?: string) => {
    setFailure(undefined);
    try {
      const session = await signIn.start({ returnTo, ...(user ? { user } : {}) });
      if (session) {
        setSession(session);
        void navigate(returnTo, { replace: true });
      }
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  useEffect(() => {
    if (directUser) void start(directUser);
    // Once, on arrival.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" padding="xl" w={420} maw="100%" component="main">
        <Stack>
          <Title order={1} size="h2">
            {t('signIn.title')}
          </Title>
          {config.auth.mode === 'local' ? (
            <>
              <Text c="dimmed" size="sm">
                {t('signIn.localHint')}
              </Text>
              {users.isPending && <Loader role="status" aria-label={t('loading')} />}
              {users.error && <Alert color="red">{users.error.message}</Alert>}
              {users.data?.map((user) => (
                <Button key={user.name} variant="light" justify="space-between" onClick={() => void start(user.name)}>
                  {/* dir=auto: a Latin user name keeps its own order inside a right-to-left page. */}
                  <span dir="auto">
                    {t('signIn.asUser', { username: user.username, roles: user.groups.join(', ') })}
                  </span>
                </Button>
              ))}
            </>
          ) : (
            <Button onClick={() => void start()}>{t('signIn.withCognito')}</Button>
          )}
          {failure && <Alert color="red">{failure}</Alert>}
          <LanguagePicker />
        </Stack>
      </Card>
    </Center>
  );
}
