import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { routingCursorKeys } from '../db/keys.ts';

/** Per-team counters behind round-robin and weighted routing; leads and tickets keep separate turns. */
export class RoutingCursorRepository {
  constructor(private readonly table: TableRef) {}

  /** Atomically takes the team's next cursor value (1, 2, 3, ...): concurrent routings never share one. */
  async next(teamId: string, routed: 'leads' | 'tickets' = 'leads'): Promise<number> {
    const { Attributes } = await this.table.db.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: routed === 'leads' ? routingCursorKeys.item(teamId) : routingCursorKeys.tickets(teamId),
        UpdateExpression: 'ADD #cursor :one SET entity = :entity',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'RoutingCursor' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.cursor);
  }
}
