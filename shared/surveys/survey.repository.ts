import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { surveyKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import type { TransactItem } from '../db/transactions.ts';
import { Survey, type SurveyTrigger } from './survey.schema.ts';

/** The trigger an active survey answers for: `Survey Requested` names its survey, so it holds none. */
export const heldTrigger = (survey: Pick<Survey, 'status' | 'trigger'>): SurveyTrigger | undefined =>
  survey.status === 'active' && survey.trigger !== 'Survey Requested' ? survey.trigger : undefined;

/**
 * Survey definitions. An active survey holds its trigger (a uniqueness marker), so a won deal sends
 * exactly one survey and the workflow finds it with one read. Transactions put the survey first and
 * the marker claims after it: a failed claim is the transaction's item 1 or later.
 */
export class SurveyRepository {
  private readonly store: EntityStore<Survey>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, {
      entity: 'Survey',
      schema: Survey,
      key: surveyKeys.item,
      indexAttributes: surveyKeys.indexAttributes,
    });
  }

  get(surveyId: string): Promise<Survey | undefined> {
    return this.store.get(surveyId);
  }

  /** The survey that the trigger sends now, if any. */
  activeFor(trigger: SurveyTrigger): Promise<string | undefined> {
    return this.store.readAttribute(surveyKeys.trigger(trigger), 'surveyId');
  }

  create(survey: Survey): Promise<void> {
    const trigger = heldTrigger(survey);
    return this.store.write([
      this.store.items.create(this.store.toItem(survey)),
      ...(trigger ? [this.claim(trigger, survey.id)] : []),
    ]);
  }

  update(before: Survey, after: Survey): Promise<void> {
    const [held, holds] = [heldTrigger(before), heldTrigger(after)];
    const markers: TransactItem[] =
      held === holds
        ? []
        : [
            ...(held ? [this.store.items.releaseUnique(surveyKeys.trigger(held), 'surveyId', before.id)] : []),
            ...(holds ? [this.claim(holds, after.id)] : []),
          ];
    return this.store.write([this.store.items.replaceVersioned(this.store.toItem(after), before.version), ...markers]);
  }

  delete(survey: Survey): Promise<void> {
    const held = heldTrigger(survey);
    return this.store.write([
      this.store.items.deleteVersioned(surveyKeys.item(survey.id), survey.version),
      ...(held ? [this.store.items.releaseUnique(surveyKeys.trigger(held), 'surveyId', survey.id)] : []),
    ]);
  }

  listAll(limit: number, cursor?: string): Promise<Page<Survey>> {
    return this.store.page(surveyKeys.all(), { limit, cursor, newestFirst: false });
  }

  private claim(trigger: SurveyTrigger, surveyId: string): TransactItem {
    return this.store.items.claimUnique(surveyKeys.trigger(trigger), 'SurveyTrigger', { surveyId });
  }
}
