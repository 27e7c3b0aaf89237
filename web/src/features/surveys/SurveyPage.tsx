import { Anchor, Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSurvey } from './api';
import { SurveyForm } from './SurveyForm';
import { Answers, ScoreOverTime } from './SurveyPanels';

/** A new survey (`/surveys/new`), or a saved one (`/surveys/:surveyId`): its answers, its score over time, its settings. */
export function SurveyPage() {
  const { t } = useTranslation('surveys');
  const { surveyId } = useParams();
  const survey = useSurvey(surveyId);
  return (
    <Stack>
      <Anchor c="indigo.8" component={Link} to="/surveys">
        {t('back')}
      </Anchor>
      <Title order={1} dir="auto">
        {surveyId ? (survey.data?.name ?? t('title')) : t('form.new')}
      </Title>
      {surveyId && survey.isPending ? <PageLoader /> : null}
      <ProblemAlert error={survey.error} />
      {!surveyId ? <SurveyForm survey={undefined} /> : null}
      {survey.data ? (
        <Tabs defaultValue="answers" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="answers">{t('tabs.answers')}</Tabs.Tab>
            <Tabs.Tab value="score">{t('tabs.score')}</Tabs.Tab>
            <Tabs.Tab value="settings">{t('tabs.settings')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="answers" pt="md">
            <Answers survey={survey.data} />
          </Tabs.Panel>
          <Tabs.Panel value="score" pt="md">
            <ScoreOverTime survey={survey.data} today={new Date()} />
          </Tabs.Panel>
          <Tabs.Panel value="settings" pt="md">
            <SurveyForm key={survey.data.version} survey={survey.data} />
          </Tabs.Panel>
        </Tabs>
      ) : null}
    </Stack>
  );
}
