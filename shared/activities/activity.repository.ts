import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { activityKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import type { TransactItem } from '../db/transactions.ts';
import { openTaskDueAt } from './activity.rules.ts';
import { Activity } from './activity.schema.ts';

/** Activities, indexed onto the timelines of their contact, deal and company, and open tasks per owner. */
export class ActivityRepository {
  private readonly store: EntityStore<Activity>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, {
      entity: 'Activity',
      schema: Activity,
      key: activityKeys.item,
      indexAttributes: (activity) =>
        activityKeys.indexAttributes({ ...activity, openTaskDueAt: openTaskDueAt(activity) }),
    });
  }

  get(activityId: string): Promise<Activity | undefined> {
    return this.store.get(activityId);
  }

  /** The activities with these ids (at most 100), absent ones left out. */
  getMany(activityIds: readonly string[]): Promise<Activity[]> {
    return this.store.getMany(activityIds);
  }

  create(activity: Activity): Promise<void> {
    return this.store.write([this.createItem(activity)]);
  }

  /** The transaction item of logging `activity`, for callers that write more in the same transaction. */
  createItem(activity: Activity): TransactItem {
    return this.store.items.create(this.store.toItem(activity));
  }

  /** The transaction item of replacing `before` (version-checked), for callers that write more with it. */
  replaceItem(before: Activity, after: Activity): TransactItem {
    return this.store.items.replaceVersioned(this.store.toItem(after), before.version);
  }

  update(before: Activity, after: Activity): Promise<void> {
    return this.store.write([this.store.items.replaceVersioned(this.store.toItem(after), before.version)]);
  }

  delete(activity: Activity): Promise<void> {
    return this.store.write([this.store.items.deleteVersioned(activityKeys.item(activity.id), activity.version)]);
  }

  contactTimeline(contactId: string, limit: number, cursor?: string): Promise<Page<Activity>> {
    return this.store.page(activityKeys.contactTimeline(contactId), { limit, cursor, newestFirst: true });
  }

  dealTimeline(dealId: string, limit: number, cursor?: string): Promise<Page<Activity>> {
    return this.store.page(activityKeys.dealTimeline(dealId), { limit, cursor, newestFirst: true });
  }

  companyTimeline(companyId: string, limit: number, cursor?: string): Promise<Page<Activity>> {
    return this.store.page(activityKeys.companyTimeline(companyId), { limit, cursor, newestFirst: true });
  }

  /** An owner's open tasks, soonest due first. */
  openTasksOf(ownerId: string, limit: number, cursor?: string): Promise<Page<Activity>> {
    return this.store.page(activityKeys.openTasksOf(ownerId), { limit, cursor, newestFirst: false });
  }
}
