import { Alert, Center, Loader } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from './AuthProvider';

/** Where Cognito's managed login sends the browser back with the authorization code. */
export function CallbackPage() {
  const { t } = useTranslation();
  const { signIn, setSession } = useAuth();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    signIn
      .complete()
      .then(({ session, returnTo }) => {
        setSession(session);
        void navigate(returnTo, { replace: true });
      })
      .catch((error: Error) => setFailure(error.message));
  }, [signIn, setSession, navigate]);
  return (
    <Center mih="100vh">
      {failure ? <Alert color="red">{failure}</Alert> : <Loader role="status" aria-label={t('loading')} />}
    </Center>
  );
}
