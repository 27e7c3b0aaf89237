import type { StepPassage } from '#shared/campaigns/simulation.ts';
import type { SimulatedContact } from '#shared/campaigns/simulation.ts';
import type { DraftDefinition } from './journey-draft.ts';

const dayMs = 86_400_000;

/**
 * Sample contacts for a journey that has none yet: one who opens and clicks every email, one who ignores them,
 * one who unsubscribes after a day, one who converts after three (a Persian name among them, as real lists
 * have). The marketer edits them before simulating; they are only data for `simulateJourneyByStep`.
 */
export function sampleContactsFor(draft: DraftDefinition): SimulatedContact[] {
  const emails = draft.steps.filter((step) => step.type === 'email').map((step) => step.id);
  return [
    {
      id: 'sample-1',
      email: 'olga@northwind.example',
      firstName: 'Olga',
      behaviour: { opens: emails, clicks: emails },
    },
    { id: 'sample-2', email: 'ravi@contoso.example', firstName: 'Ravi', timeZone: 'Asia/Kolkata' },
    {
      id: 'sample-3',
      email: 'sara@parsian.example',
      firstName: 'سارا',
      timeZone: 'Asia/Tehran',
      behaviour: { unsubscribeAfterDays: 1 },
    },
    { id: 'sample-4', email: 'jo@tailspin.example', firstName: 'Jo', behaviour: { convertAfterDays: 3 } },
  ];
}

/** What a node shows after a simulation: how many contacts passed through it, from which day to which, who left there. */
export interface StepSummary {
  contacts: number;
  /** Days after the start, of the first and the last contact to pass. */
  firstDay: number;
  lastDay: number;
  /** Contacts who left the journey at this step (converted at a goal, unsubscribed while waiting here...). */
  left: number;
  passages: StepPassage[];
}

/** The passages of a simulation, grouped by step id, with each step's counts. */
export function summariesByStep(passages: readonly StepPassage[], start: Date): Map<string, StepSummary> {
  const byStep = new Map<string, StepPassage[]>();
  for (const passage of passages) byStep.set(passage.stepId, [...(byStep.get(passage.stepId) ?? []), passage]);
  const summaries = new Map<string, StepSummary>();
  for (const [stepId, list] of byStep) {
    const passed = list.filter((passage) => passage.what !== 'ended');
    const days = passed.map((passage) => Math.floor((Date.parse(passage.at) - start.getTime()) / dayMs));
    summaries.set(stepId, {
      contacts: new Set(passed.map((passage) => passage.contact)).size,
      firstDay: days.length ? Math.min(...days) : 0,
      lastDay: days.length ? Math.max(...days) : 0,
      left: new Set(
        list
          .filter((passage) => passage.what === 'ended' && passage.reason !== 'completed')
          .map((each) => each.contact),
      ).size,
      passages: list,
    });
  }
  return summaries;
}
