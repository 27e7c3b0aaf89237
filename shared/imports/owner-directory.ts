import type { FieldError } from '../errors.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import { Ulid } from '../common/fields.ts';

const looseName = (name: string) => name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Matches the owner cells of an import (an owner's email, their name, or a Relay owner id) to Relay
 * owners, once per distinct cell. Emails go through the owners' unique email marker; names are
 * matched against the owners, read once per import request when a name first appears (a team is
 * tens to hundreds of reps, read page by page). An unknown or ambiguous owner is a warning: the row
 * imports without an owner.
 */
export class OwnerDirectory {
  private readonly matches = new Map<string, Promise<string | undefined>>();
  private byName?: Promise<Map<string, string[]>>;

  constructor(private readonly owners: OwnerRepository) {}

  /** The first cell that names a Relay owner, or a warning saying none does. */
  async resolve(cells: readonly string[]): Promise<{ ownerId: string } | { warning: FieldError }> {
    for (const cell of cells) {
      const ownerId = await this.match(cell);
      if (ownerId) return { ownerId };
    }
    const names = cells.map((cell) => `"${cell}"`).join(' or ');
    return {
      warning: {
        pointer: '/ownerId',
        message: `no single Relay owner has the email, name or id ${names}; imported without an owner`,
      },
    };
  }

  private match(cell: string): Promise<string | undefined> {
    const key = looseName(cell);
    let match = this.matches.get(key);
    if (!match) {
      match = this.lookUp(cell.trim());
      this.matches.set(key, match);
    }
    return match;
  }

  private async lookUp(cell: string): Promise<string | undefined> {
    if (cell.length > 254) return undefined; // longer than any email, id or name Relay stores
    if (cell.includes('@')) return this.owners.findIdByEmail(cell);
    if (Ulid.safeParse(cell).success) return (await this.owners.get(cell))?.id;
    const ids = (await this.namesOfOwners()).get(looseName(cell)) ?? [];
    return ids.length === 1 ? ids[0] : undefined;
  }

  private namesOfOwners(): Promise<Map<string, string[]>> {
    this.byName ??= (async () => {
      const names = new Map<string, string[]>();
      let cursor: string | undefined;
      do {
        const page = await this.owners.listAll(100, cursor);
        for (const owner of page.items)
          names.set(looseName(owner.name), [...(names.get(looseName(owner.name)) ?? []), owner.id]);
        cursor = page.nextCursor;
      } while (cursor);
      return names;
    })();
    return this.byName;
  }
}
