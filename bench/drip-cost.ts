import type { CampaignFigure } from './campaign-timing.ts';
import { addWork, costPerThousand, dripEmailFloor, type OperationWork } from './cost-model.ts';
import { round } from './stats.ts';
import type { WorkFigures } from './work-per-operation.ts';

const lambdaMemoryMb = 512;
const billedMs = (ms: number) => Math.max(1, Math.ceil(ms));

/**
 * Cost per 1,000 drip emails from measured work. Each email is one campaign-step execution, started
 * by a timer: the email step, then the step that sets the next wait's timer. Shown as built
 * (Express + Scheduler) and as a per-contact Standard execution that sleeps in Wait states.
 */
export function dripCosts(work: WorkFigures, campaign: CampaignFigure) {
  const relayedEvent = {
    readUnits: work.relayPerLead.readUnits / work.relayPerLead.events,
    writeUnits: work.relayPerLead.writeUnits / work.relayPerLead.events,
  };
  const steps = [work.dripEmailStep, work.dripWaitStep];
  const sending: Partial<OperationWork> = {
    lambdaMemoryMb,
    readUnits: steps.reduce((sum, step) => sum + step.readUnits, 0) + relayedEvent.readUnits,
    writeUnits: steps.reduce((sum, step) => sum + step.writeUnits, 0) + relayedEvent.writeUnits,
    events: 1,
    emails: work.dripEmailStep.emails,
  };
  const orchestration: Partial<OperationWork> = {
    lambdaInvocations: steps.length,
    lambdaMs: steps.reduce((sum, step) => sum + billedMs(step.ms), 0),
    lambdaMemoryMb,
    expressExecutions: 1,
    expressBilledMs: Math.max(100, Math.ceil(campaign.executionP50Ms / 100) * 100),
    schedules: work.dripWaitStep.timers,
  };
  // A Standard execution per contact: the same states, plus the Wait itself, billed per transition.
  const standardOrchestration: Partial<OperationWork> = {
    lambdaInvocations: steps.length,
    lambdaMs: orchestration.lambdaMs ?? 0,
    lambdaMemoryMb,
    standardTransitions: campaign.stateTransitionsPerExecution + 1,
  };
  const rows = [
    { design: 'drip email floor: 1 send, 1 write', work: dripEmailFloor },
    { design: 'drip email as built (Express step + Scheduler wait)', work: addWork(sending, orchestration) },
    { design: '  of which orchestration (issue 7 target: ≤ $0.01)', work: addWork(orchestration) },
    {
      design: 'drip email on a per-contact Standard execution with Waits',
      work: addWork(sending, standardOrchestration),
    },
    { design: '  of which orchestration', work: addWork(standardOrchestration) },
  ];
  return rows.map(({ design, work: w }) => ({
    design,
    work: w,
    dollarsPerThousand: round(costPerThousand(w).total, 5),
  }));
}
