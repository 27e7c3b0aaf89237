import { addWork, costPerThousand, leadFloor, type OperationWork } from './cost-model.ts';
import type { LeadLifecycleFigure } from './lead-lifecycle-timing.ts';
import { round } from './stats.ts';
import type { WorkFigures } from './work-per-operation.ts';

const lambdaMemoryMb = 512;
const billedMs = (ms: number) => Math.max(1, Math.ceil(ms));
/** States a Standard design adds to hold the SLA itself: Wait, the check Task, and its end. */
const standardSlaStates = 3;

/**
 * Cost per 1,000 leads from measured work: intake alone, and intake + scoring + routing + owner
 * notice + SLA check, orchestrated as built (Express + Scheduler) and as a Standard workflow would.
 */
export function leadCosts(work: WorkFigures, lifecycle: LeadLifecycleFigure) {
  const unitsPerRelayedEvent = {
    readUnits: work.relayPerLead.readUnits / work.relayPerLead.events,
    writeUnits: work.relayPerLead.writeUnits / work.relayPerLead.events,
  };
  const relayed = (events: number): Partial<OperationWork> => ({
    events,
    readUnits: events * unitsPerRelayedEvent.readUnits,
    writeUnits: events * unitsPerRelayedEvent.writeUnits,
  });
  const intake = addWork(
    {
      httpRequests: 1,
      lambdaInvocations: 2, // the form handler, then the stream-triggered outbox relay (counted once per lead: the worst case, at low traffic)
      lambdaMs: billedMs(work.newLead.ms) + billedMs(work.relayPerLead.ms),
      lambdaMemoryMb,
      readUnits: work.newLead.readUnits,
      writeUnits: work.newLead.writeUnits,
    },
    relayed(work.relayPerLead.events),
  );
  const steps = [work.scoreLead, work.routeLead, work.notifyOwner, work.slaCheckTouched];
  const lifecycleWork = addWork(
    {
      lambdaInvocations: steps.length,
      lambdaMs: steps.reduce((sum, step) => sum + billedMs(step.ms), 0),
      lambdaMemoryMb,
      readUnits: steps.reduce((sum, step) => sum + step.readUnits, 0),
      writeUnits: steps.reduce((sum, step) => sum + step.writeUnits, 0),
      emails: work.notifyOwner.emails,
    },
    relayed(work.scoreLead.events + work.routeLead.events),
  );
  const scoreAndRoute = [work.scoreLead, work.routeLead];
  const throughRouting = addWork(
    intake,
    {
      lambdaInvocations: scoreAndRoute.length,
      lambdaMs: scoreAndRoute.reduce((sum, step) => sum + billedMs(step.ms), 0),
      readUnits: scoreAndRoute.reduce((sum, step) => sum + step.readUnits, 0),
      writeUnits: scoreAndRoute.reduce((sum, step) => sum + step.writeUnits, 0),
    },
    relayed(work.scoreLead.events + work.routeLead.events),
  );
  const expressBilledMs = Math.max(100, Math.ceil(lifecycle.executionP50Ms / 100) * 100);
  const asBuilt = addWork(intake, lifecycleWork, {
    expressExecutions: 1,
    expressBilledMs,
    schedules: work.notifyOwner.timers,
  });
  const standard = addWork(intake, lifecycleWork, {
    standardTransitions: lifecycle.stateTransitionsPerLead + standardSlaStates,
  });
  const rows = [
    { design: 'floor: 1 request, 1 function, 1 write, 1 event', work: leadFloor },
    { design: 'intake only (form → transaction → outbox → EventBridge)', work: intake },
    {
      design: 'intake + score + route, Express (issue 6 target: ≤ $0.01)',
      work: addWork(throughRouting, { expressExecutions: 1, expressBilledMs }),
    },
    { design: 'intake + score + route + notify + SLA, Express + Scheduler (as built)', work: asBuilt },
    { design: 'same on a Standard workflow with a Wait for the SLA', work: standard },
  ];
  return rows.map(({ design, work: w }) => {
    const cost = costPerThousand(w);
    return {
      design,
      work: w,
      dollarsPerThousand: round(cost.total, 5),
      items: Object.fromEntries(Object.entries(cost.items).map(([k, v]) => [k, round(v, 6)])),
    };
  });
}
