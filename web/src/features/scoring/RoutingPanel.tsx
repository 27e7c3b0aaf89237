import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorColor, filled } from '../../lib/colors';
import { RoutingPolicyInput, routingStrategies, type RoutingStrategy } from '#shared/routing/routing.schema.ts';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemError } from '../../lib/api/problem';
import { useOwners } from '../../lib/owners';
import { useTeams } from '../../lib/teams';
import { useRoutingPolicy, useSaveRoutingPolicy, type Owner, type RoutingPolicy, type Team } from './api';
import { errorOf, listOf, validate, type FieldErrors } from '../../lib/validate';
import { useNotifySaved } from '../../lib/notify';

interface Draft {
  accountBased: boolean;
  defaultTeamId: string;
  rules: { territories: string; teamId: string }[];
  strategies: Map<string, { strategy: RoutingStrategy; weights: Map<string, number> }>;
}

const draftOf = (policy: RoutingPolicy | null): Draft => ({
  accountBased: policy?.accountBased ?? true,
  defaultTeamId: policy?.defaultTeamId ?? '',
  rules: (policy?.territoryRules ?? []).map((rule) => ({
    territories: rule.territories.join(', '),
    teamId: rule.teamId,
  })),
  strategies: new Map(
    Object.entries(policy?.teamStrategies ?? {}).map(([teamId, routing]) => [
      teamId,
      { strategy: routing.strategy, weights: new Map(Object.entries(routing.weights)) },
    ]),
  ),
});

/** The request the form stands for, before the API's schema checks it. */
const inputOf = (draft: Draft) => ({
  accountBased: draft.accountBased,
  ...(draft.defaultTeamId ? { defaultTeamId: draft.defaultTeamId } : {}),
  territoryRules: draft.rules.map((rule) => ({ territories: listOf(rule.territories), teamId: rule.teamId })),
  teamStrategies: Object.fromEntries(
    [...draft.strategies].map(([teamId, routing]) => [
      teamId,
      {
        strategy: routing.strategy,
        weights: routing.strategy === 'weighted' ? Object.fromEntries(routing.weights) : {},
      },
    ]),
  ),
});

function PolicyForm({ policy, teams, owners }: { policy: RoutingPolicy | null; teams: Team[]; owners: Owner[] }) {
  const { t } = useTranslation('scoring');
  const [draft, setDraft] = useState(() => draftOf(policy));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSaveRoutingPolicy();
  const notifySaved = useNotifySaved();
  const teamOptions = teams.map((team) => ({ value: team.id, label: team.name }));
  const update = (change: Partial<Draft>) => setDraft((before) => ({ ...before, ...change }));
  const setRule = (index: number, change: Partial<Draft['rules'][number]>) =>
    update({ rules: draft.rules.map((rule, at) => (at === index ? { ...rule, ...change } : rule)) });
  const strategyOf = (teamId: string) =>
    draft.strategies.get(teamId) ?? { strategy: 'round-robin' as const, weights: new Map() };
  const setStrategy = (teamId: string, routing: { strategy: RoutingStrategy; weights: Map<string, number> }) =>
    update({ strategies: new Map(draft.strategies).set(teamId, routing) });
  const submit = () => {
    const checked = validate(RoutingPolicyInput, inputOf(draft));
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    // mutateAsync: saving re-keys this form (a new version), and mutate's callbacks die with it.
    save.mutateAsync({ policy: checked.data, version: policy?.version }).then(
      () => notifySaved(t('routing.saved')),
      (error: unknown) => error instanceof ProblemError && setErrors(error.fieldErrors()),
    );
  };
  return (
    <form
      style={errorColor}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack>
        <ProblemAlert error={save.error} />
        <Switch
          label={t('routing.accountBased')}
          description={t('routing.accountBasedHint')}
          checked={draft.accountBased}
          onChange={(event) => update({ accountBased: event.currentTarget.checked })}
        />
        <NativeSelect
          label={t('routing.defaultTeam')}
          description={t('routing.defaultTeamHint')}
          value={draft.defaultTeamId}
          onChange={(event) => update({ defaultTeamId: event.currentTarget.value })}
          data={[{ value: '', label: t('routing.queue') }, ...teamOptions]}
          error={errorOf(errors, 'defaultTeamId')}
        />
        <Fieldset legend={t('routing.territoryRules')}>
          <Stack>
            {draft.rules.length === 0 ? <Text c="dimmed">{t('routing.noRules')}</Text> : null}
            {draft.rules.map((rule, index) => (
              <Group key={index} align="start" wrap="nowrap">
                <TextInput
                  flex={1}
                  dir="ltr"
                  label={t('routing.ruleTerritories', { number: index + 1 })}
                  value={rule.territories}
                  onChange={(event) => setRule(index, { territories: event.currentTarget.value })}
                  error={errorOf(errors, `territoryRules.${index}.territories`)}
                />
                <NativeSelect
                  label={t('routing.ruleTeam', { number: index + 1 })}
                  value={rule.teamId}
                  onChange={(event) => setRule(index, { teamId: event.currentTarget.value })}
                  data={[{ value: '', label: t('routing.chooseTeam') }, ...teamOptions]}
                  error={errorOf(errors, `territoryRules.${index}.teamId`)}
                />
                <ActionIcon
                  mt={28}
                  variant="default"
                  aria-label={t('routing.removeRule', { number: index + 1 })}
                  onClick={() => update({ rules: draft.rules.filter((_, at) => at !== index) })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                onClick={() => update({ rules: [...draft.rules, { territories: '', teamId: '' }] })}
              >
                {t('routing.addRule')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('routing.strategies')}>
          <Stack>
            {teams.map((team) => {
              const routing = strategyOf(team.id);
              const members = owners.filter((owner) => owner.teamId === team.id);
              return (
                <Stack key={team.id} gap="xs">
                  <NativeSelect
                    label={t('routing.strategyOf', { team: team.name })}
                    value={routing.strategy}
                    onChange={(event) =>
                      setStrategy(team.id, { ...routing, strategy: event.currentTarget.value as RoutingStrategy })
                    }
                    data={routingStrategies.map((strategy) => ({
                      value: strategy,
                      label: t(`strategies.${strategy}`),
                    }))}
                    error={errorOf(errors, `teamStrategies.${team.id}`)}
                  />
                  {routing.strategy === 'weighted'
                    ? members.map((member) => (
                        <NumberInput
                          key={member.id}
                          ms="md"
                          label={t('routing.weightOf', { name: member.name })}
                          min={1}
                          max={100}
                          allowDecimal={false}
                          value={routing.weights.get(member.id) ?? 1}
                          onChange={(value) =>
                            setStrategy(team.id, {
                              ...routing,
                              weights: new Map(routing.weights).set(member.id, Number(value) || 1),
                            })
                          }
                          error={errorOf(errors, `teamStrategies.${team.id}.weights.${member.id}`)}
                        />
                      ))
                    : null}
                </Stack>
              );
            })}
          </Stack>
        </Fieldset>
        <Group justify="flex-end">
          <Button color={filled} type="submit" loading={save.isPending}>
            {t('routing.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RoutingPanel() {
  const policy = useRoutingPolicy();
  const teams = useTeams();
  const owners = useOwners();
  if (policy.isPending || teams.isPending || owners.isPending) return <PageLoader />;
  if (policy.error || teams.error || owners.error)
    return <ProblemAlert error={policy.error ?? teams.error ?? owners.error} />;
  return <PolicyForm key={policy.data?.version ?? 0} policy={policy.data} teams={teams.data} owners={owners.data} />;
}
