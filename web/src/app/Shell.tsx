import { AppShell, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { LanguagePicker } from '../components/LanguagePicker';
import { PageLoader } from '../components/PageLoader';
import { navigation } from './navigation';

/** The frame around every signed-in screen: navigation by role, language, who is signed in. */
export function Shell() {
  const { t } = useTranslation();
  const { session, signOut } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const roles = session?.roles ?? [];
  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.menu')} />
            <Title order={2} size="h3">
              Relay
            </Title>
          </Group>
          <Group wrap="nowrap">
            <LanguagePicker compact />
            <Text size="sm" data-testid="signed-in-as">
              {session?.username}
            </Text>
            <Button variant="subtle" onClick={signOut}>
              {t('shell.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('shell.navigation')}>
        {navigation
          .filter((item) => !item.roles || item.roles.some((role) => roles.includes(role)))
          .map((item) => (
            <NavLink
              key={item.path}
              component={RouterLink}
              to={item.path}
              label={t(item.label)}
              // Filled: white on indigo.8 keeps WCAG AA contrast when the active link is hovered too.
              variant="filled"
              active={item.path === '/' ? location.pathname === '/' : location.pathname.startsWith(item.path)}
              onClick={close}
            />
          ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
