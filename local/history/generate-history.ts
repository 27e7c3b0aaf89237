import type { CreatePipelineRequest } from '#shared/deals/pipeline.schema.ts';
import { seededRandom, type Random } from './random.ts';

/**
 * A deterministic, realistic CRM history to learn from (issue 20): contacts with fit attributes, their engagements,
 * deals moving through two pipelines, seasonal lead volume, renewals and churn. It returns the history and its hidden
 * truth (the rates that were planted), so tests can check that an estimator finds what was put there.
 *
 * Pure: a seed, a month count and the month the history ends before; no clock, no ids, no I/O.
 */

export const industries = ['software', 'manufacturing', 'retail', 'healthcare', 'finance', 'logistics'] as const;
export const companySizes = ['1-10', '11-50', '51-200', '201-1000', '1000+'] as const;
export const engagementKinds = ['email_opened', 'email_clicked', 'form_submitted', 'page_viewed'] as const;
export type Industry = (typeof industries)[number];
export type CompanySize = (typeof companySizes)[number];
export type EngagementKind = (typeof engagementKinds)[number];

export interface HistoryOptions {
  seed: number;
  /**
   * How many whole months of history, ending just before `endMonth`. Contacts and deals start `warmUpMonths` (3)
   * earlier, so the first month's won revenue is that of a running business, not of an empty CRM's first weeks.
   */
  months: number;
  /** The first month after the history, `YYYY-MM` (UTC): deals still open then are the open pipeline. */
  endMonth: string;
  /** New contacts in a month of average season at the start; grows by `truth.monthlyGrowth` a month. */
  contactsPerMonth?: number;
}

export interface GeneratedContact {
  key: string;
  email: string;
  firstName: string;
  lastName: string;
  companyName: string;
  country: string;
  industry: Industry;
  companySize: CompanySize;
  lifecycleStage: 'lead' | 'opportunity' | 'customer';
  createdAt: string;
  /** Hidden: the chance, planted from fit and engagement, that this contact got a deal. */
  plantedDealProbability: number;
  /** Hidden: the chance that this contact, once a customer, does not renew (churns) at each renewal. */
  plantedChurnProbability: number;
}

export interface GeneratedEngagement {
  contactKey: string;
  kind: EngagementKind;
  at: string;
}

export interface GeneratedStageMove {
  toStageId: string;
  at: string;
  reason?: string;
}

export interface GeneratedDeal {
  key: string;
  contactKey: string;
  /** Which of the generated pipelines (`pipelines[].key`). */
  pipelineKey: string;
  name: string;
  type: 'new_business' | 'renewal';
  amount: number;
  currency: 'EUR';
  /** Which of the seeded owners works it, 0 or 1 (the writer maps it to a real owner). */
  ownerIndex: number;
  /** The stage it was created in, then every move, oldest first; the last is won or lost for a closed deal. */
  moves: GeneratedStageMove[];
  status: 'open' | 'won' | 'lost';
  /** Hidden: for each stage the deal entered, its planted chance of being won from there. */
  plantedWinProbabilities: { stageId: string; probability: number }[];
}

export interface GeneratedPipeline {
  key: string;
  request: CreatePipelineRequest;
}

export interface PlantedStage {
  stageId: string;
  /** Chance of moving on to the next stage (or to won, from the last open stage); otherwise the deal is lost here. */
  advanceProbability: number;
  /** Median days a deal spends in the stage before it moves on or is lost (log-normal, spread `stageDaySpread`). */
  medianDays: number;
}

export interface HiddenTruth {
  /** Per pipeline, its open stages in order, with what was planted for each. */
  stages: Record<string, PlantedStage[]>;
  stageDaySpread: number;
  /** Lead volume by calendar month (January first), mean 1. */
  seasonality: number[];
  monthlyGrowth: number;
  /** Logistic model of "this contact gets a deal": intercept and weights (see `dealFeatures`). */
  dealCoefficients: {
    intercept: number;
    industry: Record<Industry, number>;
    size: Record<CompanySize, number>;
  } & Record<'opens' | 'clicks' | 'forms' | 'visits', number>;
  /** Chance that a customer does not renew: `base`, plus `lowEngagement` for a contact with little interest. */
  churn: { base: number; lowEngagement: number };
}

export interface GeneratedHistory {
  options: Required<HistoryOptions>;
  /** First instant of the first record (the warm-up's start), of the `months` months, and after the history. */
  from: string;
  monthsFrom: string;
  to: string;
  pipelines: GeneratedPipeline[];
  contacts: GeneratedContact[];
  engagements: GeneratedEngagement[];
  deals: GeneratedDeal[];
  truth: HiddenTruth;
}

/** The configured stage probabilities are what a sales team would guess; the planted ones differ on purpose. */
const newBusinessPipeline: GeneratedPipeline = {
  key: 'new-business',
  request: {
    name: 'New business',
    stages: [
      { id: 'lead-in', name: 'Lead in', probability: 0.1, kind: 'open' },
      { id: 'qualified', name: 'Qualified', probability: 0.25, kind: 'open' },
      { id: 'proposal', name: 'Proposal sent', probability: 0.5, kind: 'open' },
      { id: 'negotiation', name: 'Negotiation', probability: 0.75, kind: 'open' },
      { id: 'won', name: 'Won', probability: 1, kind: 'won' },
      { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
    ],
  },
};

const renewalPipeline: GeneratedPipeline = {
  key: 'renewals',
  request: {
    name: 'Renewals',
    stages: [
      { id: 'upcoming', name: 'Renewal upcoming', probability: 0.8, kind: 'open' },
      { id: 'negotiation', name: 'Negotiation', probability: 0.9, kind: 'open' },
      { id: 'won', name: 'Renewed', probability: 1, kind: 'won' },
      { id: 'lost', name: 'Churned', probability: 0, kind: 'lost' },
    ],
  },
};

const plantedTruth: HiddenTruth = {
  stages: {
    // Win chance from each stage is the product of the advances from it: 0.150, 0.273, 0.455, 0.700.
    'new-business': [
      { stageId: 'lead-in', advanceProbability: 0.55, medianDays: 10 },
      { stageId: 'qualified', advanceProbability: 0.6, medianDays: 14 },
      { stageId: 'proposal', advanceProbability: 0.65, medianDays: 18 },
      { stageId: 'negotiation', advanceProbability: 0.7, medianDays: 12 },
    ],
    // The upcoming stage's advance is 1 − the contact's churn probability; the figure here is unused for it.
    renewals: [
      { stageId: 'upcoming', advanceProbability: Number.NaN, medianDays: 20 },
      { stageId: 'negotiation', advanceProbability: 0.92, medianDays: 10 },
    ],
  },
  stageDaySpread: 0.5,
  seasonality: [0.95, 1, 1.1, 1.05, 1, 0.9, 0.7, 0.65, 1.1, 1.2, 1.25, 1.1],
  monthlyGrowth: 0.02,
  dealCoefficients: {
    intercept: -1.6,
    industry: { software: 0.4, manufacturing: 0, retail: -0.3, healthcare: 0.1, finance: 0.3, logistics: -0.1 },
    size: { '1-10': -0.6, '11-50': -0.1, '51-200': 0.3, '201-1000': 0.5, '1000+': 0.2 },
    opens: 0.25,
    clicks: 0.6,
    forms: 0.9,
    visits: 0.15,
  },
  churn: { base: 0.1, lowEngagement: 0.25 },
};

/** Median deal size by company size, in euros. */
const medianAmount: Record<CompanySize, number> = {
  '1-10': 3_000,
  '11-50': 8_000,
  '51-200': 20_000,
  '201-1000': 45_000,
  '1000+': 90_000,
};

const countries = ['DE', 'GB', 'US', 'FR', 'IT', 'SG', 'IR', 'AE'] as const;
const firstNames = ['Maria', 'James', 'Sofia', 'Wei', 'Amélie', 'Noah', 'Sara', 'Reza', 'Layla', 'Omar', 'Lena', 'Kai'];
const lastNames = ['Schmidt', 'Okafor', 'Rossi', 'Li', 'Dubois', 'Williams', 'Ahmadi', 'Haddad', 'Novak', 'Berg'];
const companyWords = ['Nord', 'Bright', 'Verde', 'Harbor', 'Tide', 'Pars', 'Alborz', 'Atlas', 'Cedar', 'Summit'];
const companySuffixes = ['Systems', 'Logistics', 'Studio', 'Labs', 'Group', 'Works', 'Partners'];
const lostReasons = ['Chose a competitor', 'No budget this year', 'Went quiet', 'Built it in house', 'Too expensive'];
const churnReasons = ['Moved to a competitor', 'Company closed', 'Budget cut', 'Not enough use'];

const dayMs = 86_400_000;
const warmUpMonths = 3;

/** The log-count features of "this contact gets a deal", as the planted logistic model reads them. */
export function dealFeatures(
  counts: Record<EngagementKind, number>,
): Record<'opens' | 'clicks' | 'forms' | 'visits', number> {
  return {
    opens: Math.log1p(counts.email_opened),
    clicks: Math.log1p(counts.email_clicked),
    forms: Math.log1p(counts.form_submitted),
    visits: Math.log1p(counts.page_viewed),
  };
}

/** The planted win chance from each open stage of a pipeline whose advances are fixed: the product of the advances from it. */
export function plantedWinRateFromStage(stages: readonly PlantedStage[], stageId: string): number {
  const from = stages.findIndex((stage) => stage.stageId === stageId);
  if (from < 0) throw new RangeError(`no planted stage ${stageId}`);
  return stages.slice(from).reduce((product, stage) => product * stage.advanceProbability, 1);
}

/**
 * The planted win rate of each stage of each pipeline, as the estimators should find it: the mean planted win chance
 * of the closed deals that entered the stage (for the new-business pipeline, the product of the advances from it; for
 * renewals, where each customer's churn chance differs, the mean over the customers who reached it).
 */
export function plantedStageWinRates(
  history: GeneratedHistory,
): { pipelineKey: string; stageId: string; rate: number }[] {
  const sums = new Map<string, { pipelineKey: string; stageId: string; total: number; deals: number }>();
  for (const deal of history.deals) {
    if (deal.status === 'open') continue;
    for (const { stageId, probability } of deal.plantedWinProbabilities) {
      const key = JSON.stringify([deal.pipelineKey, stageId]);
      const sum = sums.get(key) ?? { pipelineKey: deal.pipelineKey, stageId, total: 0, deals: 0 };
      sums.set(key, { ...sum, total: sum.total + probability, deals: sum.deals + 1 });
    }
  }
  return [...sums.values()].map(({ pipelineKey, stageId, total, deals }) => ({
    pipelineKey,
    stageId,
    rate: total / deals,
  }));
}

export function generateHistory(options: HistoryOptions): GeneratedHistory {
  const settings: Required<HistoryOptions> = { contactsPerMonth: 200, ...options };
  if (!Number.isInteger(settings.months) || settings.months < 1 || settings.months > 120)
    throw new RangeError('months must be a whole number from 1 to 120');
  const endMatch = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(settings.endMonth);
  if (!endMatch) throw new RangeError('endMonth must be YYYY-MM');
  const end = Date.UTC(Number(endMatch[1]), Number(endMatch[2]) - 1, 1);
  const monthsFrom = Date.UTC(Number(endMatch[1]), Number(endMatch[2]) - 1 - settings.months, 1);
  const start = Date.UTC(Number(endMatch[1]), Number(endMatch[2]) - 1 - settings.months - warmUpMonths, 1);
  const random = seededRandom(settings.seed);
  const truth = plantedTruth;
  const contacts: GeneratedContact[] = [];
  const engagements: GeneratedEngagement[] = [];
  const deals: GeneratedDeal[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();

  for (let month = 0; month < settings.months + warmUpMonths; month += 1) {
    const monthStart = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth() + month, 1);
    const monthEnd = Date.UTC(new Date(monthStart).getUTCFullYear(), new Date(monthStart).getUTCMonth() + 1, 1);
    const season = truth.seasonality[new Date(monthStart).getUTCMonth()]!;
    const newContacts = random.poisson(settings.contactsPerMonth * season * (1 + truth.monthlyGrowth) ** month);
    for (let n = 0; n < newContacts; n += 1) {
      const createdAt = monthStart + Math.floor(random.uniform() * (monthEnd - monthStart));
      const contact = generateContact(random, contacts.length, settings.seed);
      // Interest is the hidden trait behind engagement (and so behind conversion and churn).
      const interest = random.normal();
      const counts = generateEngagements(random, contact.key, createdAt, end, interest, engagements);
      const features = dealFeatures(counts);
      const c = truth.dealCoefficients;
      const logit =
        c.intercept +
        c.industry[contact.industry] +
        c.size[contact.companySize] +
        c.opens * features.opens +
        c.clicks * features.clicks +
        c.forms * features.forms +
        c.visits * features.visits;
      const dealProbability = 1 / (1 + Math.exp(-logit));
      const churnProbability = truth.churn.base + (interest < -0.5 ? truth.churn.lowEngagement : 0);
      const record: GeneratedContact = {
        ...contact,
        lifecycleStage: 'lead',
        createdAt: iso(createdAt),
        plantedDealProbability: dealProbability,
        plantedChurnProbability: churnProbability,
      };
      contacts.push(record);
      if (!random.chance(dealProbability)) continue;
      const dealStart = createdAt + Math.floor(random.exponential(14 * dayMs));
      if (dealStart >= end) continue;
      record.lifecycleStage = 'opportunity';
      const amount = Math.max(500, Math.round(random.logNormal(medianAmount[contact.companySize], 0.4) / 100) * 100);
      const deal = runDeal(random, {
        key: `deal-${deals.length + 1}`,
        contactKey: contact.key,
        pipelineKey: newBusinessPipeline.key,
        name: `${contact.companyName} ${['annual plan', 'platform', 'pilot', 'rollout'][deals.length % 4]}`,
        type: 'new_business',
        amount,
        ownerIndex: random.chance(0.5) ? 0 : 1,
        startsAt: dealStart,
        end,
        advances: truth.stages['new-business']!.map((stage) => stage.advanceProbability),
        stages: truth.stages['new-business']!,
        lossReasons: lostReasons,
        spread: truth.stageDaySpread,
      });
      deals.push(deal);
      if (deal.status !== 'won') continue;
      record.lifecycleStage = 'customer';
      // Renewals: a year after each win, until the customer churns or the history ends.
      let wonAt = Date.parse(deal.moves[deal.moves.length - 1]!.at);
      let renewedAmount = amount;
      for (;;) {
        const renewalStart = wonAt + 335 * dayMs;
        if (renewalStart >= end) break;
        renewedAmount = Math.round((renewedAmount * random.logNormal(1.05, 0.08)) / 100) * 100;
        const renewal = runDeal(random, {
          key: `deal-${deals.length + 1}`,
          contactKey: contact.key,
          pipelineKey: renewalPipeline.key,
          name: `${contact.companyName} renewal`,
          type: 'renewal',
          amount: renewedAmount,
          ownerIndex: deal.ownerIndex,
          startsAt: renewalStart,
          end,
          advances: [1 - churnProbability, truth.stages.renewals![1]!.advanceProbability],
          stages: truth.stages.renewals!,
          lossReasons: churnReasons,
          spread: truth.stageDaySpread,
        });
        deals.push(renewal);
        if (renewal.status !== 'won') break;
        wonAt = Date.parse(renewal.moves[renewal.moves.length - 1]!.at);
      }
    }
  }
  return {
    options: settings,
    from: iso(start),
    monthsFrom: iso(monthsFrom),
    to: iso(end),
    pipelines: [newBusinessPipeline, renewalPipeline],
    contacts,
    engagements,
    deals,
    truth,
  };
}

function generateContact(
  random: Random,
  index: number,
  seed: number,
): Omit<GeneratedContact, 'createdAt' | 'lifecycleStage' | 'plantedDealProbability' | 'plantedChurnProbability'> {
  const firstName = random.pick(firstNames.map((name) => [name, 1] as const));
  const lastName = random.pick(lastNames.map((name) => [name, 1] as const));
  const companyName = `${random.pick(companyWords.map((word) => [word, 1] as const))} ${random.pick(
    companySuffixes.map((word) => [word, 1] as const),
  )}`;
  const key = `contact-${String(index + 1).padStart(6, '0')}`;
  return {
    key,
    // example.com is reserved for documentation (RFC 2606): no generated address can reach a person. The seed keeps
    // two seeds' histories apart in one table (emails are unique).
    email: `${key}.seed-${seed}@history.example.com`,
    firstName,
    lastName,
    companyName,
    country: random.pick(countries.map((country, rank) => [country, rank < 3 ? 3 : 1] as const)),
    industry: random.pick(industries.map((industry) => [industry, 1] as const)),
    companySize: random.pick(companySizes.map((size, rank) => [size, [5, 4, 3, 2, 1][rank]!] as const)),
  };
}

/** A contact's engagements over the 60 days after it arrived, more of them the greater its interest; returns the counts. */
function generateEngagements(
  random: Random,
  contactKey: string,
  createdAt: number,
  end: number,
  interest: number,
  into: GeneratedEngagement[],
): Record<EngagementKind, number> {
  const meanCounts: Record<EngagementKind, number> = {
    email_opened: Math.exp(0.6 + 0.6 * interest),
    email_clicked: Math.exp(-0.6 + 0.8 * interest),
    form_submitted: Math.exp(-1.4 + 0.7 * interest),
    page_viewed: Math.exp(0.8 + 0.5 * interest),
  };
  const counts = { email_opened: 0, email_clicked: 0, form_submitted: 0, page_viewed: 0 };
  for (const kind of engagementKinds) {
    const drawn = random.poisson(Math.min(meanCounts[kind], 100));
    for (let n = 0; n < drawn; n += 1) {
      const at = createdAt + Math.floor(random.uniform() * 60 * dayMs);
      // Only what happened before the history ends exists, and only that counts towards the planted conversion.
      if (at >= end) continue;
      counts[kind] += 1;
      into.push({ contactKey, kind, at: new Date(at).toISOString() });
    }
  }
  return counts;
}

interface DealRun {
  key: string;
  contactKey: string;
  pipelineKey: string;
  name: string;
  type: GeneratedDeal['type'];
  amount: number;
  ownerIndex: number;
  startsAt: number;
  end: number;
  /** Per open stage, the chance of moving on from it. */
  advances: number[];
  stages: PlantedStage[];
  lossReasons: readonly string[];
  spread: number;
}

/** Walks a deal through its pipeline's open stages, moving on or losing at each; stops where the history ends. */
function runDeal(random: Random, run: DealRun): GeneratedDeal {
  const moves: GeneratedStageMove[] = [];
  const plantedWinProbabilities: GeneratedDeal['plantedWinProbabilities'] = [];
  let at = run.startsAt;
  let status: GeneratedDeal['status'] = 'open';
  for (let index = 0; index < run.stages.length; index += 1) {
    const stage = run.stages[index]!;
    moves.push({ toStageId: stage.stageId, at: new Date(at).toISOString() });
    plantedWinProbabilities.push({
      stageId: stage.stageId,
      probability: run.advances.slice(index).reduce((product, advance) => product * advance, 1),
    });
    const advances = random.chance(run.advances[index]!);
    at += Math.max(dayMs / 24, Math.round(random.logNormal(stage.medianDays * dayMs, run.spread)));
    if (at >= run.end) break;
    if (!advances) {
      moves.push({
        toStageId: 'lost',
        at: new Date(at).toISOString(),
        reason: random.pick(run.lossReasons.map((r) => [r, 1])),
      });
      status = 'lost';
      break;
    }
    if (index === run.stages.length - 1) {
      moves.push({ toStageId: 'won', at: new Date(at).toISOString(), reason: 'Signed' });
      status = 'won';
    }
  }
  return {
    key: run.key,
    contactKey: run.contactKey,
    pipelineKey: run.pipelineKey,
    name: run.name,
    type: run.type,
    amount: run.amount,
    currency: 'EUR',
    ownerIndex: run.ownerIndex,
    moves,
    status,
    plantedWinProbabilities,
  };
}
