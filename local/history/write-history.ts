import { ulid } from 'ulid';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import type { Actor } from '#shared/auth/actor.ts';
import { systemPrincipal } from '#shared/auth/principal.ts';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { createContact, updateContact } from '#shared/contacts/contact.service.ts';
import type { AppContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { createDeal, moveDeal } from '#shared/deals/deal.service.ts';
import { createPipeline } from '#shared/deals/pipeline.service.ts';
import { Conflict } from '#shared/errors.ts';
import { trackEngagement } from '#shared/scoring/engagement.service.ts';
import type { GeneratedHistory } from './generate-history.ts';

export interface WriteHistoryOptions {
  /** Owners the generated deals are shared between (owner index 0 and 1); deals are unowned without them. */
  ownerIds?: readonly [string, string];
  /** Also record the page visits through POST /track's service (each publishes Engagement Tracked: a rescore). */
  withVisits?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** How many contacts' records are written at once (default 4). */
  concurrency?: number;
}

export interface WrittenHistory {
  pipelineIds: Record<string, string>;
  contacts: number;
  deals: number;
  stageMoves: number;
  visits: number;
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The ids the history's pipelines get for a seed: fixed, so that writing the same seed twice is refused rather than
 * doubled. They are valid ULIDs (`01JH1ST0RY`, a pipeline tag, the seed in base 32).
 */
export function historyPipelineId(pipelineKey: string, seed: number): string {
  const tag = pipelineKey === 'renewals' ? 'RENW' : 'NEWB';
  let encoded = '';
  for (let rest = Math.abs(Math.trunc(seed)); encoded.length < 12; rest = Math.floor(rest / 32))
    encoded = crockford[rest % 32] + encoded;
  return `01JH1ST0RY${tag}${encoded}`;
}

/**
 * Writes a generated history to the table through the domain services, each contact's records in time order with the
 * services' clock set to each record's time: a contact is created when it arrived, a deal when it opened, and each stage move when it
 * happened, so the deals' stage histories, `createdAt`, `wonAt` and ULIDs are those of the history. No record is
 * written past the services: every write is checked and publishes its events (dated then) through the outbox as any
 * write does, so with the stack running the KPI counters count them on their days, and a won or lost deal starts the
 * post-sale survey workflow (which sends nothing unless a survey is active for that trigger).
 */
export async function writeHistory(
  table: TableRef,
  history: GeneratedHistory,
  options: WriteHistoryOptions = {},
): Promise<WrittenHistory> {
  const context: AppContext = {
    now: () => new Date(Date.parse(history.from)),
    newId: () => ulid(Date.parse(history.from)),
  };
  const deps: Dependencies = buildDependencies(table, context);
  const actor: Actor = { principal: systemPrincipal };

  const pipelineIds: Record<string, string> = {};
  for (const pipeline of history.pipelines) {
    const id = historyPipelineId(pipeline.key, history.options.seed);
    if (await deps.pipelines.get(id))
      throw new Conflict(
        `The history of seed ${history.options.seed} is already in this table (pipeline ${id}); use another --seed.`,
      );
    pipelineIds[pipeline.key] = id;
  }
  for (const pipeline of history.pipelines)
    await createPipeline(
      { ...deps, context: { ...context, newId: () => pipelineIds[pipeline.key]! } },
      pipeline.request,
    );

  const written: WrittenHistory = { pipelineIds, contacts: 0, deals: 0, stageMoves: 0, visits: 0 };
  const chains = contactChains(history, options.withVisits ?? false);
  const total = chains.reduce((sum, chain) => sum + chain.length, 0);
  let done = 0;
  // Each contact's records are one chain, written in time order with the chain's own clock; chains are independent
  // (a contact's deals and visits are its own), so a few are written at once.
  const writeChain = async (chain: Step[]) => {
    let chainClock = Date.parse(chain[0]!.at);
    const chainContext: AppContext = { now: () => new Date(chainClock), newId: () => ulid(chainClock) };
    const chainDeps: Dependencies = buildDependencies(table, chainContext);
    const dealIds = new Map<string, string>();
    let contactId = '';
    let lifecycle: 'lead' | 'opportunity' | 'customer' = 'lead';
    const advanceLifecycle = async (to: 'opportunity' | 'customer') => {
      // Forward only: a lead with a deal is an opportunity, a won one a customer, and a customer stays one.
      if (lifecycleOrder.indexOf(lifecycle) >= lifecycleOrder.indexOf(to)) return;
      await updateContact(chainDeps, contactId, { lifecycleStage: to }, actor);
      lifecycle = to;
    };
    for (const step of chain) {
      chainClock = Date.parse(step.at);
      if (step.kind === 'contact') {
        const contact = history.contacts[step.index]!;
        const created = await createContact(
          chainDeps,
          CreateContactRequest.parse({
            email: contact.email,
            firstName: contact.firstName,
            lastName: contact.lastName,
            companyName: contact.companyName,
            country: contact.country,
            lifecycleStage: 'lead',
            tags: ['generated-history'],
            customFields: { industry: contact.industry, companySize: contact.companySize },
          }),
          actor,
        );
        contactId = created.id;
        written.contacts += 1;
      } else if (step.kind === 'visit') {
        const visit = history.engagements[step.index]!;
        await trackEngagement(chainDeps, {
          contactId,
          kind: 'page_viewed',
          name: 'pricing-page',
          occurredAt: visit.at,
        });
        written.visits += 1;
      } else {
        const deal = history.deals[step.index]!;
        const move = deal.moves[step.move]!;
        const ownerId = options.ownerIds?.[deal.ownerIndex];
        if (step.move === 0) {
          const created = await createDeal(
            chainDeps,
            {
              name: deal.name,
              pipelineId: pipelineIds[deal.pipelineKey]!,
              stageId: move.toStageId,
              amount: deal.amount,
              currency: deal.currency,
              type: deal.type,
              contactId,
              ...(ownerId ? { ownerId } : {}),
            },
            actor,
          );
          dealIds.set(deal.key, created.id);
          written.deals += 1;
          await advanceLifecycle('opportunity');
        } else {
          await moveDeal(
            chainDeps,
            dealIds.get(deal.key)!,
            { stageId: move.toStageId, ...(move.reason ? { reason: move.reason } : {}) },
            actor,
          );
          written.stageMoves += 1;
          if (move.toStageId === 'won') await advanceLifecycle('customer');
        }
      }
      done += 1;
      options.onProgress?.(done, total);
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < chains.length) await writeChain(chains[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chains.length) }, worker));
  return written;
}

type Step =
  | { at: string; kind: 'contact'; index: number }
  | { at: string; kind: 'visit'; index: number }
  | { at: string; kind: 'deal'; index: number; move: number };

/** Each contact's writes, oldest first: its creation, then its deals' moves and its visits. */
function contactChains(history: GeneratedHistory, withVisits: boolean): Step[][] {
  const rank = { contact: 0, deal: 1, visit: 2 } as const;
  const chains = new Map<string, Step[]>(
    history.contacts.map((contact, index) => [contact.key, [{ at: contact.createdAt, kind: 'contact', index }]]),
  );
  history.deals.forEach((deal, index) =>
    deal.moves.forEach((move, moveIndex) =>
      chains.get(deal.contactKey)!.push({ at: move.at, kind: 'deal', index, move: moveIndex }),
    ),
  );
  if (withVisits)
    history.engagements.forEach((engagement, index) => {
      if (engagement.kind === 'page_viewed')
        chains.get(engagement.contactKey)!.push({ at: engagement.at, kind: 'visit', index });
    });
  return [...chains.values()].map((chain) =>
    chain.sort((a, b) => a.at.localeCompare(b.at) || rank[a.kind] - rank[b.kind]),
  );
}

const lifecycleOrder = ['lead', 'opportunity', 'customer'] as const;
