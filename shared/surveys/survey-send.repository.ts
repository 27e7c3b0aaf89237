import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { surveySendKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import type { TransactItem } from '../db/transactions.ts';
import { SurveyResponse } from './survey.schema.ts';
import { SurveySend } from './survey-send.schema.ts';

/** Survey sends and their responses: both in the send's partition, the response also by survey (gsi1). */
export class SurveySendRepository {
  private readonly sends: EntityStore<SurveySend>;
  private readonly responses: EntityStore<SurveyResponse & { id: string }>;

  constructor(table: TableRef) {
    this.sends = new EntityStore(table, {
      entity: 'SurveySend',
      schema: SurveySend,
      key: surveySendKeys.send,
      indexAttributes: surveySendKeys.sendIndexAttributes,
    });
    this.responses = new EntityStore(table, {
      entity: 'SurveyResponse',
      schema: SurveyResponse.extend({ id: SurveyResponse.shape.sendId }),
      key: surveySendKeys.response,
      indexAttributes: surveySendKeys.responseIndexAttributes,
    });
  }

  get(sendId: string): Promise<SurveySend | undefined> {
    return this.sends.get(sendId);
  }

  /** The sends with these ids (at most 100), absent ones left out. */
  getMany(sendIds: readonly string[]): Promise<SurveySend[]> {
    return this.sends.getMany(sendIds);
  }

  /** Creates the send; fails (TransactionConditionFailed) if this survey was already planned for this event. */
  create(send: SurveySend): Promise<void> {
    return this.sends.write([this.sends.items.create(this.sends.toItem(send))]);
  }

  saveItem(before: SurveySend, after: SurveySend): TransactItem {
    return this.sends.items.replaceVersioned(this.sends.toItem(after), before.version);
  }

  save(before: SurveySend, after: SurveySend, more: TransactItem[] = []): Promise<void> {
    return this.sends.write([this.saveItem(before, after), ...more]);
  }

  /** The surveys sent to a contact, newest first (sends written before this index existed are not listed). */
  sendsOf(contactId: string, limit: number, cursor?: string): Promise<Page<SurveySend>> {
    return this.sends.page(surveySendKeys.sendsOf(contactId), { limit, cursor, newestFirst: true });
  }

  async getResponse(sendId: string): Promise<SurveyResponse | undefined> {
    const stored = await this.responses.get(sendId);
    if (!stored) return undefined;
    const { id: _id, ...response } = stored;
    return response;
  }

  /** The first answer must not exist yet; a changed answer must replace the one that was read. */
  responseItem(response: SurveyResponse, previous: SurveyResponse | undefined): TransactItem {
    const item = this.responses.toItem({ ...response, id: response.sendId });
    if (!previous) return this.responses.items.create(item);
    return {
      Put: {
        TableName: this.responses.table.tableName,
        Item: item,
        ConditionExpression: 'updatedAt = :read',
        ExpressionAttributeValues: { ':read': previous.updatedAt },
      },
    };
  }

  /** A survey's responses, newest first. */
  async responsesOf(surveyId: string, limit: number, cursor?: string): Promise<Page<SurveyResponse>> {
    const page = await this.responses.page(surveySendKeys.responsesOf(surveyId), { limit, cursor, newestFirst: true });
    return { ...page, items: page.items.map(({ id: _id, ...response }) => response) };
  }
}
