import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface MeterReading {
  calls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /** Wall time of the operation on DynamoDB Local, a stand-in for billed Lambda duration. */
  ms: number;
}

/**
 * Counts every DynamoDB call a client makes, and the capacity units DynamoDB reports for it
 * (ReturnConsumedCapacity is switched on for every call), so the bench can say what one business
 * operation costs in requests and units.
 */
export function meterDynamoDb(client: DynamoDBClient) {
  // Only calls made while an operation is measured count; set back to undefined after each.
  let reading: MeterReading | undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const supportsCapacity = !['DescribeTable', 'CreateTable', 'ListTables', 'UpdateTimeToLive'].includes(
        String(context.commandName).replace(/Command$/, ''),
      );
      if (supportsCapacity) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (!reading) return result;
      const name = String(context.commandName).replace(/Command$/, '');
      reading.calls[name] = (reading.calls[name] ?? 0) + 1;
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const entry of [consumed].flat().filter(Boolean) as {
        ReadCapacityUnits?: number;
        WriteCapacityUnits?: number;
        CapacityUnits?: number;
      }[]) {
        const isWrite = /Put|Update|Delete|TransactWrite|BatchWrite/.test(name);
        const units = entry.CapacityUnits ?? (isWrite ? entry.WriteCapacityUnits : entry.ReadCapacityUnits) ?? 0;
        if (isWrite) reading.writeUnits += units;
        else reading.readUnits += units;
      }
      return result;
    },
    { step: 'initialize', name: 'relayBenchMeter' },
  );
  return {
    /** Runs `operation` and returns what it cost. */
    async measure(operation: () => Promise<unknown>): Promise<MeterReading> {
      const measured: MeterReading = { calls: {}, readUnits: 0, writeUnits: 0, ms: 0 };
      reading = measured;
      const started = performance.now();
      try {
        await operation();
      } finally {
        measured.ms = performance.now() - started;
        reading = undefined;
      }
      return measured;
    },
  };
}
