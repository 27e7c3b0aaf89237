import type { TableRef } from './document-client.ts';
import type { ItemKey } from './keys.ts';
import type { TransactItem } from './transactions.ts';

/**
 * Counter items: flat counters as attributes (`n:<name>`), ADDed in the caller's transaction, so a
 * counter springs into being on its first ADD and the names need no declaring. The prefix keeps
 * counters apart from the item's own attributes (`pk`, `entity`...), whatever the counter is called.
 */
const counterPrefix = 'n:';

/**
 * The Update that ADDs `counts` to the item at `key` (setting its `entity`, and `firstCountedAt` to
 * `at` on the first ADD when given); none when every count is zero.
 */
export function counterAddItem(
  table: TableRef,
  item: { key: ItemKey; entity: string; counts: Readonly<Record<string, number>>; firstCountedAt?: string },
): TransactItem[] {
  const entries = Object.entries(item.counts).filter(([, value]) => value !== 0);
  if (entries.length === 0) return [];
  const names: Record<string, string> = { '#entity': 'entity' };
  const values: Record<string, unknown> = { ':entity': item.entity };
  const sets = ['#entity = :entity'];
  if (item.firstCountedAt !== undefined) {
    names['#firstAt'] = 'firstCountedAt';
    values[':at'] = item.firstCountedAt;
    sets.push('#firstAt = if_not_exists(#firstAt, :at)');
  }
  entries.forEach(([name, value], index) => {
    names[`#c${index}`] = `${counterPrefix}${name}`;
    values[`:c${index}`] = value;
  });
  const adds = entries.map((_, index) => `#c${index} :c${index}`).join(', ');
  return [
    {
      Update: {
        TableName: table.tableName,
        Key: item.key,
        UpdateExpression: `SET ${sets.join(', ')} ADD ${adds}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  ];
}

/** The counters of a stored counter item, by name (`fromEntries` defines even a `__proto__` name as data). */
export function countersOf(item: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(item).flatMap(([name, value]) =>
      name.startsWith(counterPrefix) && typeof value === 'number' ? [[name.slice(counterPrefix.length), value]] : [],
    ),
  );
}

/** The attributes that store `counts` on an item written whole (a rebuild's Put). */
export function counterAttributes(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([name, value]) => [`${counterPrefix}${name}`, value]));
}
