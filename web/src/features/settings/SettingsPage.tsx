import { Alert, Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me';
import { OwnersPanel } from './OwnersPanel';
import { RoutingPanel } from './RoutingPanel';
import { TeamsPanel } from './TeamsPanel';

/** Owners, teams and the routing policy: what only admins may change (the API refuses anyone else). */
export function SettingsPage() {
  const { t } = useTranslation('settings');
  const me = useMe();
  if (!me.hasAnyRole(['admin']))
    return (
      <Stack>
        <Title order={1}>{t('title')}</Title>
        <Alert color="yellow" title={t('adminsOnly')}>
          {t('adminsOnlyDetail')}
        </Alert>
      </Stack>
    );
  return (
    <Stack>
      <Title order={1}>{t('title')}</Title>
      <Tabs defaultValue="owners" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="owners">{t('owners.title')}</Tabs.Tab>
          <Tabs.Tab value="teams">{t('teams.title')}</Tabs.Tab>
          <Tabs.Tab value="routing">{t('routing.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="owners" pt="md">
          <OwnersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="teams" pt="md">
          <TeamsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="routing" pt="md">
          <RoutingPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
