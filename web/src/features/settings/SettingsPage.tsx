import { Alert, Anchor, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../lib/me';
import { OwnersPanel } from './OwnersPanel';
import { TeamsPanel } from './TeamsPanel';

/**
 * Owners and teams: what only admins may change (the API refuses anyone else). The routing policy that shares
 * leads among them sits under Scoring (features/scoring), beside the model that qualifies those leads.
 */
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
        </Tabs.List>
        <Tabs.Panel value="owners" pt="md">
          <OwnersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="teams" pt="md">
          <TeamsPanel />
        </Tabs.Panel>
      </Tabs>
      <Alert color="gray" title={t('routingMoved.title')}>
        <Text size="sm">{t('routingMoved.detail')}</Text>
        <Anchor c="indigo.8" component={Link} to="/scoring/routing">
          {t('routingMoved.open')}
        </Anchor>
      </Alert>
    </Stack>
  );
}
