import { Anchor, Badge, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useMe } from '../../lib/me';
import { useContact } from './api';
import { AdminActions } from './AdminActions';
import { ConsentCard } from './ConsentCard';
import { ContactDetails } from './ContactDetails';
import { DealsCard } from './DealsCard';
import { EnrollmentsCard } from './EnrollmentsCard';
import { displayNameOf } from './names';
import { ScoreCard } from './ScoreCard';
import { SurveyAnswersCard } from './SurveyAnswersCard';
import { TicketsCard } from './TicketsCard';
import { Timeline } from './Timeline';

/** Screen 3: one contact, everything in one place. */
export function ContactRecordPage() {
  const { contactId = '' } = useParams();
  const { t } = useTranslation('contact-record');
  const contact = useContact(contactId);
  const me = useMe();
  if (contact.isPending) return <PageLoader />;
  if (contact.isError)
    return (
      <Stack>
        <ProblemAlert error={contact.error} />
        <Anchor component={Link} to="/contacts">
          {t('backToContacts')}
        </Anchor>
      </Stack>
    );
  const record = contact.data;
  const mayEdit = me.ready && me.mayChange(['admin', 'marketing', 'sales'], [record.ownerId]);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2" dir="auto" data-testid="contact-name">
            {displayNameOf(record)}
          </Title>
          <Group gap="xs" mt={4}>
            <Badge variant="light" c="indigo.9">
              {t(`stages.${record.lifecycleStage}`)}
            </Badge>
            {record.jobTitle ? (
              <Text size="sm" c="dimmed" dir="auto">
                {record.jobTitle}
              </Text>
            ) : null}
          </Group>
        </div>
        {me.ready && me.hasAnyRole(['admin']) ? <AdminActions contact={record} /> : null}
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <ContactDetails contact={record} mayEdit={mayEdit} />
            <ScoreCard contactId={record.id} />
            <ConsentCard contactId={record.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Timeline contactId={record.id} />
            <DealsCard contactId={record.id} />
            <TicketsCard contactId={record.id} />
            <EnrollmentsCard contactId={record.id} />
            <SurveyAnswersCard contactId={record.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
