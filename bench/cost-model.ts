import { prices } from './prices.ts';

/** What one business operation uses, as measured. */
export interface OperationWork {
  httpRequests: number;
  lambdaInvocations: number;
  /** Sum of the invocations' billed durations, in ms, at `lambdaMemoryMb`. */
  lambdaMs: number;
  lambdaMemoryMb: number;
  readUnits: number;
  writeUnits: number;
  events: number;
  emails: number;
  standardTransitions: number;
  expressExecutions: number;
  /** Express is billed per 100 ms (rounded up) at 64 MB chunks of memory used. */
  expressBilledMs: number;
  schedules: number;
}

const none: OperationWork = {
  httpRequests: 0,
  lambdaInvocations: 0,
  lambdaMs: 0,
  lambdaMemoryMb: 128,
  readUnits: 0,
  writeUnits: 0,
  events: 0,
  emails: 0,
  standardTransitions: 0,
  expressExecutions: 0,
  expressBilledMs: 0,
  schedules: 0,
};

/** Sums measured work items (e.g. intake + relay + scoring) into one operation's work. */
export function addWork(...parts: Partial<OperationWork>[]): OperationWork {
  const total = { ...none };
  for (const part of parts) {
    for (const [key, value] of Object.entries(part) as [keyof OperationWork, number][]) {
      total[key] = key === 'lambdaMemoryMb' ? Math.max(total[key], value) : total[key] + value;
    }
  }
  return total;
}

/** Dollars per 1,000 operations, itemised, from measured work and the price table. */
export function costPerThousand(work: OperationWork) {
  const perThousand = (count: number, pricePerUnit: number) => count * 1000 * pricePerUnit;
  const items = {
    apiGateway: perThousand(work.httpRequests, prices.apiGatewayHttpPerMillionRequests / 1e6),
    lambdaRequests: perThousand(work.lambdaInvocations, prices.lambdaPerMillionRequests / 1e6),
    lambdaCompute: perThousand((work.lambdaMs / 1000) * (work.lambdaMemoryMb / 1024), prices.lambdaArmPerGbSecond),
    dynamoDbWrites: perThousand(work.writeUnits, prices.dynamoDbOnDemandPerMillionWriteUnits / 1e6),
    dynamoDbReads: perThousand(work.readUnits, prices.dynamoDbOnDemandPerMillionReadUnits / 1e6),
    eventBridge: perThousand(work.events, prices.eventBridgePerMillionCustomEvents / 1e6),
    ses: perThousand(work.emails, prices.sesPerThousandEmails / 1000),
    stepFunctionsStandard: perThousand(
      work.standardTransitions,
      prices.stepFunctionsStandardPerThousandTransitions / 1000,
    ),
    stepFunctionsExpress:
      perThousand(work.expressExecutions, prices.stepFunctionsExpressPerMillionRequests / 1e6) +
      perThousand((work.expressBilledMs / 1000) * (64 / 1024), prices.stepFunctionsExpressPerGbSecond),
    scheduler: perThousand(work.schedules, prices.eventBridgeSchedulerPerMillionInvocations / 1e6),
  };
  const total = Object.values(items).reduce((sum, value) => sum + value, 0);
  return { items, total };
}

/** The least any design must do for one lead: one request into one short function, one write, one event. */
export const leadFloor = addWork({ httpRequests: 1, lambdaInvocations: 1, lambdaMs: 10, writeUnits: 1, events: 1 });

/** The least any design must do for one drip email: one SES send and one write recording it. */
export const dripEmailFloor = addWork({ lambdaInvocations: 1, lambdaMs: 10, writeUnits: 1, emails: 1 });
