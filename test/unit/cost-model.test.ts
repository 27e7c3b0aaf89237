import { describe, expect, it } from 'vitest';
import { addWork, costPerThousand, leadFloor } from '../../bench/cost-model.ts';

describe('bench cost model', () => {
  it('prices the lead floor from the price table: 1 HTTP request, 1 short Lambda, 1 write, 1 event', () => {
    const { items, total } = costPerThousand(leadFloor);
    expect(items.apiGateway).toBeCloseTo(0.001, 9);
    expect(items.lambdaRequests).toBeCloseTo(0.0002, 9);
    expect(items.lambdaCompute).toBeCloseTo(1000 * 0.01 * 0.125 * 0.0000133334, 9);
    expect(items.dynamoDbWrites).toBeCloseTo(0.000625, 9);
    expect(items.eventBridge).toBeCloseTo(0.001, 9);
    expect(total).toBeCloseTo(0.00284, 5);
  });

  it('charges Standard per transition and Express per request plus 64 MB GB-seconds', () => {
    expect(costPerThousand(addWork({ standardTransitions: 8 })).total).toBeCloseTo(0.2, 9);
    const express = costPerThousand(addWork({ expressExecutions: 1, expressBilledMs: 100 })).items.stepFunctionsExpress;
    expect(express).toBeCloseTo(0.001 + 1000 * 0.1 * 0.0625 * 0.00001667, 9);
  });

  it('adds work item by item and keeps the largest memory size', () => {
    expect(addWork({ writeUnits: 2, lambdaMemoryMb: 512 }, { writeUnits: 3, lambdaMemoryMb: 128 })).toMatchObject({
      writeUnits: 5,
      lambdaMemoryMb: 512,
    });
  });
});
