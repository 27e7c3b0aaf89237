import { Badge, Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { exitedTotal, type LiveNode, type LiveStepCounts, type LiveTotals } from './journey-live.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;
type NumberFormat = { number(value: number): string };

/**
 * The counters a node shows, in the order a marketer reads a step: how many came and are here now, what its
 * email did, and how many ended there (only what happened: a step where nobody converted does not say so).
 */
function nodeCounters(counts: LiveStepCounts): { key: string; value: number }[] {
  const email = counts.type === 'email';
  const left = exitedTotal(counts);
  return [
    { key: 'entered', value: counts.entered },
    { key: 'waiting', value: counts.waiting },
    ...(email
      ? [
          { key: 'sent', value: counts.sent },
          { key: 'opened', value: counts.opened },
          { key: 'clicked', value: counts.clicked },
        ]
      : []),
    ...(counts.converted ? [{ key: 'converted', value: counts.converted }] : []),
    ...(counts.completed ? [{ key: 'completed', value: counts.completed }] : []),
    ...(left ? [{ key: 'left', value: left }] : []),
  ];
}

/** A node's live numbers in one sentence (its accessible name says it; the node shows the same words). */
export function liveNodeText(t: Translate, format: NumberFormat, node: LiveNode, version: number): string {
  if (node.kind === 'draft-only') return t('live.nodeDraftOnly', { number: format.number(version) });
  const counts = nodeCounters(node.counts)
    .map(({ key, value }) => t(`live.${key}`, { formatted: format.number(value) }))
    .join(t('live.separator'));
  return [
    t('live.nodeText', { number: format.number(version), counts }),
    node.changed ? t('live.nodeEdited', { number: format.number(version) }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The trigger node's line in live mode: enrollments counted, and how many are in the journey now. */
export function liveTotalsText(t: Translate, format: NumberFormat, totals: LiveTotals, version: number): string {
  return t('live.nodeText', {
    number: format.number(version),
    counts: [
      t('live.enrolled', { formatted: format.number(totals.enrolled) }),
      t('live.inJourney', { formatted: format.number(totals.waiting) }),
    ].join(t('live.separator')),
  });
}

/** Marks whose numbers these are, unlike a simulation's (indigo): the live version's, in teal. */
function LiveMark({ version }: { version: number }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  return (
    <Badge component="span" size="xs" variant="light" color="teal" c="dark" tt="none" me={4}>
      {t('live.badge', { number: format.number(version) })}
    </Badge>
  );
}

/**
 * A step's live numbers on its node: the counters as words (read as text, not only seen), "edited since" when
 * the draft changed the step, or that a step only the draft has has none.
 */
export function LiveCounters({ node, version }: { node: LiveNode | undefined; version: number }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  if (!node) return null;
  return (
    // Room at the node's inline end for its "+". React Flow lays its nodes out left to right whatever the page's
    // direction, so the sentence takes the reader's own: Persian and Arabic counters read right to left.
    <Box pe={28} mt={2}>
      <Text size="xs" lineClamp={2} lh={1.4} dir={format.language.dir} data-testid="node-live">
        <LiveMark version={version} />
        {node.kind === 'draft-only' ? (
          <Text span size="xs" c="dimmed">
            {t('live.draftOnly')}
          </Text>
        ) : (
          <>
            {node.changed ? (
              // An orange border, dark words: orange.9 words on white are 4.3:1, under WCAG AA's 4.5:1.
              <Badge component="span" size="xs" variant="outline" color="orange.9" c="dark" tt="none" me={4}>
                {t('live.edited', { number: format.number(version) })}
              </Badge>
            ) : null}
            {nodeCounters(node.counts)
              .map(({ key, value }) => t(`live.${key}`, { formatted: format.number(value) }))
              .join(t('live.separator'))}
          </>
        )}
      </Text>
    </Box>
  );
}

/** The trigger node's live line: enrolled and in the journey now. */
export function LiveTotalsLine({ totals, version }: { totals: LiveTotals; version: number }) {
  const { t } = useTranslation('campaigns');
  const format = useFormat();
  return (
    <Text size="xs" truncate dir={format.language.dir} data-testid="node-live">
      <LiveMark version={version} />
      {t('live.enrolled', { formatted: format.number(totals.enrolled) })}
      {t('live.separator')}
      {t('live.inJourney', { formatted: format.number(totals.waiting) })}
    </Text>
  );
}
