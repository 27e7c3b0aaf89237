import { addWork, costPerThousand, dripEmailFloor, leadFloor } from './cost-model.ts';
import { round } from './stats.ts';
import type { WorkFigures } from './work-per-operation.ts';

const lambdaMemoryMb = 512;
const billedMs = (ms: number) => Math.max(1, Math.ceil(ms));

/** Cost per 1,000 leads as Relay handles them today, from measured work, beside the floor. */
export function leadCosts(work: WorkFigures) {
  const intake = addWork({
    httpRequests: 1,
    lambdaInvocations: 2, // the form handler, then the stream-triggered outbox relay (counted once per lead: the worst case, at low traffic)
    lambdaMs: billedMs(work.newLead.ms) + billedMs(work.relayPerLead.ms),
    lambdaMemoryMb,
    readUnits: work.newLead.readUnits + work.relayPerLead.readUnits,
    writeUnits: work.newLead.writeUnits + work.relayPerLead.writeUnits,
    events: work.relayPerLead.events,
  });
  const rows = [
    { design: 'floor: 1 request, 1 function, 1 write, 1 event', work: leadFloor },
    { design: 'Relay intake (form → transaction → outbox → EventBridge)', work: intake },
    { design: 'drip email floor: 1 send, 1 write', work: dripEmailFloor },
  ];
  return rows.map(({ design, work: w }) => {
    const cost = costPerThousand(w);
    return { design, work: w, dollarsPerThousand: round(cost.total, 5), items: Object.fromEntries(Object.entries(cost.items).map(([k, v]) => [k, round(v, 6)])) };
  });
}
