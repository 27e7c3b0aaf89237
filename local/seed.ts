import type { Dependencies } from '#functions/dependencies.ts';
import { systemPrincipal } from '#shared/auth/principal.ts';
import { logActivity } from '#shared/activities/activity.service.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { normaliseEmail } from '#shared/common/email.ts';
import { createDeal, moveDeal } from '#shared/deals/deal.service.ts';
import type { CreateDealRequest } from '#shared/deals/deal.schema.ts';
import { createPipeline } from '#shared/deals/pipeline.service.ts';
import { CreatePipelineRequest } from '#shared/deals/pipeline.schema.ts';
import type { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { Conflict } from '#shared/errors.ts';
import type { CreateOwnerRequest } from '#shared/owners/owner.schema.ts';
import { CreateFormRequest } from '#shared/forms/form.schema.ts';
import { SupportRoutingPolicyInput } from '#shared/tickets/ticket-routing.schema.ts';
import { replaceSettings } from '#shared/settings/settings.service.ts';
import { CreateSurveyRequest } from '#shared/surveys/survey.schema.ts';
import { CreateTicketRequest } from '#shared/tickets/ticket.schema.ts';
import { addTicketMessage, createTicket, moveTicket } from '#shared/tickets/ticket.service.ts';
import { stampNew } from '#shared/versioned.ts';
import { demoRoutingPolicy, demoScoringModel } from './demo-lead-settings.ts';

/** Fixed ids, so the README's examples work against a seeded stack. */
export const demoIds = {
  team: '01JDEMTEAM000000000000EMEA',
  ada: '01JDEM00WNER00000000000ADA',
  grace: '01JDEM00WNER000000000GRACE',
  form: '01JDEMF0RM000000000000DEM0',
  manager: '01JDEM00WNER00000000MANAGR',
  pipeline: '01JDEMP1PE0000000000SA1ES0',
  supportTeam: '01JDEMTEAM000000000000CARE',
  supportSurvey: '01JDEMSVRVEY000000000CSAT0',
  supportManager: '01JDEM00WNER00000000NASR1N',
  sam: '01JDEM00WNER00000000000SAM',
  dara: '01JDEM00WNER0000000000DARA',
  supportForm: '01JDEMF0RM00000000000SVPRT',
} as const;

/** The users the local dev tokens sign in as; sales reps are linked to their owner records. */
export const devUsers = {
  admin: { subject: 'local-admin', username: 'admin', groups: ['admin'], email: 'admin@relay.example' },
  marketing: {
    subject: 'local-marketing',
    username: 'marketing',
    groups: ['marketing'],
    email: 'marketing@relay.example',
  },
  salesAda: { subject: 'local-sales-ada', username: 'ada', groups: ['sales'], email: 'ada@relay.example' },
  salesGrace: { subject: 'local-sales-grace', username: 'grace', groups: ['sales'], email: 'grace@relay.example' },
  supportSam: { subject: 'local-support-sam', username: 'sam', groups: ['support'], email: 'sam@relay.example' },
  supportNasrin: {
    subject: 'local-support-nasrin',
    username: 'nasrin',
    groups: ['support'],
    email: 'nasrin@relay.example',
  },
} as const;

const demoOwners: (CreateOwnerRequest & { id: string })[] = [
  {
    id: demoIds.manager,
    name: 'Margaret Hamilton',
    email: 'margaret@relay.example',
    timeZone: 'Europe/London',
    territories: [],
    status: 'active',
  },
  {
    id: demoIds.ada,
    name: 'Ada Lovelace',
    email: 'ada@relay.example',
    timeZone: 'Europe/London',
    territories: ['GB', 'DE', 'SG'],
    capacity: 50,
    status: 'active',
    teamId: demoIds.team,
    userId: devUsers.salesAda.subject,
  },
  {
    id: demoIds.grace,
    name: 'Grace Hopper',
    email: 'grace@relay.example',
    timeZone: 'America/New_York',
    territories: ['US', 'FR', 'IT'],
    capacity: 40,
    status: 'active',
    teamId: demoIds.team,
    userId: devUsers.salesGrace.subject,
  },
  // The support team: Nasrin manages it (every ticket of the team is hers to work), Sam and Dara take its tickets.
  {
    id: demoIds.supportManager,
    name: 'نسرین تهرانی',
    email: 'nasrin@relay.example',
    timeZone: 'Asia/Tehran',
    territories: [],
    status: 'active',
    userId: devUsers.supportNasrin.subject,
  },
  {
    id: demoIds.sam,
    name: 'Sam Carter',
    email: 'sam@relay.example',
    timeZone: 'Europe/London',
    territories: [],
    capacity: 20,
    status: 'active',
    teamId: demoIds.supportTeam,
    userId: devUsers.supportSam.subject,
  },
  {
    id: demoIds.dara,
    name: 'Dara Karimi',
    email: 'dara@relay.example',
    timeZone: 'Asia/Tehran',
    territories: [],
    capacity: 20,
    status: 'active',
    teamId: demoIds.supportTeam,
  },
];

const demoContacts: CreateContactRequest[] = [
  {
    email: 'maria.schmidt@example.de',
    firstName: 'Maria',
    lastName: 'Schmidt',
    jobTitle: 'Head of Marketing',
    companyName: 'Nordlicht GmbH',
    country: 'DE',
    timeZone: 'Europe/Berlin',
    lifecycleStage: 'mql',
    ownerId: demoIds.ada,
    tags: ['webinar-2026'],
    customFields: { plan: 'enterprise', seats: 250 },
  },
  {
    email: 'james.okafor@example.com',
    firstName: 'James',
    lastName: 'Okafor',
    jobTitle: 'CTO',
    companyName: 'Brightpath',
    country: 'US',
    timeZone: 'America/New_York',
    lifecycleStage: 'sql',
    ownerId: demoIds.grace,
    tags: [],
    customFields: { plan: 'growth' },
  },
  {
    email: 'sofia.rossi@example.it',
    firstName: 'Sofia',
    lastName: 'Rossi',
    jobTitle: 'Operations Manager',
    companyName: 'Verde Logistica',
    country: 'IT',
    timeZone: 'Europe/Rome',
    lifecycleStage: 'lead',
    tags: ['trade-show'],
    customFields: {},
  },
  {
    email: 'li.wei@example.cn',
    firstName: 'Wei',
    lastName: 'Li',
    jobTitle: 'Procurement Lead',
    companyName: 'Harbor Freight Systems',
    country: 'SG',
    timeZone: 'Asia/Singapore',
    lifecycleStage: 'opportunity',
    ownerId: demoIds.ada,
    tags: [],
    customFields: { budget: 50000 },
  },
  {
    email: 'amelie.dubois@example.fr',
    firstName: 'Amélie',
    lastName: 'Dubois',
    lifecycleStage: 'subscriber',
    country: 'FR',
    timeZone: 'Europe/Paris',
    tags: ['newsletter'],
    customFields: {},
  },
  {
    email: 'noah.williams@example.co.uk',
    firstName: 'Noah',
    lastName: 'Williams',
    jobTitle: 'Founder',
    companyName: 'Tidewater Studio',
    country: 'GB',
    timeZone: 'Europe/London',
    lifecycleStage: 'customer',
    ownerId: demoIds.grace,
    tags: ['reference'],
    customFields: { plan: 'starter', renewal: '2027-03-01' },
  },
];

/** The demo landing page's form (served by npm start at /demo), allowed from the local API's origin. */
function demoForm(apiUrl: string): CreateFormRequest {
  const port = new URL(apiUrl).port;
  return CreateFormRequest.parse({
    name: 'Demo landing page',
    fieldMapping: {
      email: 'email',
      first_name: 'firstName',
      last_name: 'lastName',
      company: 'companyName',
      role: 'jobTitle',
      interest: 'custom.interest',
    },
    allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    consent: {
      text: 'Yes, send me product news. I can unsubscribe at any time.',
      version: 'demo-2026-11',
      field: 'newsletter',
    },
    redirectUrl: `${apiUrl}/demo?thanks=1`,
    minFillSeconds: 2,
    leadDefaults: { lifecycleStage: 'lead', tags: ['demo-page'] },
  });
}

/** The demo page's support form: a request opens a ticket, routed to Sam or Dara. */
function demoSupportForm(apiUrl: string): CreateFormRequest {
  const port = new URL(apiUrl).port;
  return CreateFormRequest.parse({
    name: 'Demo support form',
    kind: 'support',
    fieldMapping: {
      name: 'firstName',
      email: 'email',
      phone: 'phone',
      subject: 'ticket.subject',
      message: 'ticket.message',
      order: 'ticket.custom.orderNumber',
    },
    allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    redirectUrl: `${apiUrl}/demo?thanks=support`,
    phoneCountry: 'IR',
    minFillSeconds: 2,
    leadDefaults: { lifecycleStage: 'customer', tags: ['support-form'] },
    supportTeamId: demoIds.supportTeam,
  });
}

/** Loads a small demo dataset (a sales team with a manager and two reps, a support team with a manager and two agents, six contacts, the lead and support forms, a scoring model, the lead and support routing policies, Ada's open tasks, a sales pipeline with deals); re-running it adds nothing. */
export async function seedDemo(deps: Dependencies, apiUrl: string): Promise<void> {
  const form = demoForm(apiUrl);
  const existingForm = await deps.forms.get(demoIds.form);
  if (!existingForm) await deps.forms.create({ ...stampNew(form, deps.context), id: demoIds.form });
  else if (JSON.stringify(existingForm.allowedOrigins) !== JSON.stringify(form.allowedOrigins)) {
    await deps.forms.update(existingForm, { ...existingForm, ...form, version: existingForm.version + 1 });
  }
  const supportForm = demoSupportForm(apiUrl);
  const existingSupportForm = await deps.forms.get(demoIds.supportForm);
  if (!existingSupportForm)
    await deps.forms.create({ ...stampNew(supportForm, deps.context), id: demoIds.supportForm });
  else if (JSON.stringify(existingSupportForm.allowedOrigins) !== JSON.stringify(supportForm.allowedOrigins)) {
    await deps.forms.update(existingSupportForm, {
      ...existingSupportForm,
      ...supportForm,
      version: existingSupportForm.version + 1,
    });
  }
  if (!(await deps.teams.get(demoIds.supportTeam))) {
    await deps.teams.create({
      ...stampNew(
        { name: 'Customer care', description: 'Demo support team', managerOwnerId: demoIds.supportManager },
        deps.context,
      ),
      id: demoIds.supportTeam,
    });
  }
  if (!(await deps.teams.get(demoIds.team))) {
    await deps.teams.create({
      ...stampNew(
        { name: 'EMEA & Americas', description: 'Demo sales team', managerOwnerId: demoIds.manager },
        deps.context,
      ),
      id: demoIds.team,
    });
  }
  for (const { id, ...owner } of demoOwners) {
    if (!(await deps.owners.get(id))) await deps.owners.create({ ...stampNew(owner, deps.context), id });
  }
  if (!(await deps.scoringModel.get())) await replaceSettings(deps.scoringModel, demoScoringModel, deps.context);
  if (!(await deps.routingPolicy.get()))
    await replaceSettings(deps.routingPolicy, demoRoutingPolicy(demoIds.team), deps.context);
  if (!(await deps.supportRoutingPolicy.get()))
    await replaceSettings(
      deps.supportRoutingPolicy,
      // No default team: a ticket opened without a team waits unassigned; the support form names Customer care.
      SupportRoutingPolicyInput.parse({ teamStrategies: { [demoIds.supportTeam]: { strategy: 'round-robin' } } }),
      deps.context,
    );
  for (const contact of demoContacts) {
    await createContact(deps, contact, { principal: systemPrincipal }).catch((error: unknown) => {
      if (!(error instanceof Conflict)) throw error;
    });
  }
  await seedAdasOpenTasks(deps);
  await seedDemoDeals(deps);
  await seedDemoTickets(deps);
}

/** Ada's to-dos on her contacts, due around the time of seeding (one overdue), so her day has something in it. */
const adasTasks = [
  { email: 'maria.schmidt@example.de', subject: 'Send Maria the enterprise pricing', dueInHours: -26 },
  { email: 'li.wei@example.cn', subject: 'Call Wei about the procurement timeline', dueInHours: 3 },
  { email: 'maria.schmidt@example.de', subject: 'Book the onboarding workshop with Nordlicht', dueInHours: 28 },
  { email: 'li.wei@example.cn', subject: 'Prepare the Harbor Freight proposal', dueInHours: 74 },
];

async function seedAdasOpenTasks(deps: Dependencies): Promise<void> {
  const now = deps.context.now().getTime();
  for (const task of adasTasks) {
    const contactId = await deps.contacts.findIdByEmail(normaliseEmail(task.email));
    if (!contactId) continue;
    const timeline = await deps.activities.contactTimeline(contactId, 100);
    if (timeline.items.some((activity) => activity.type === 'task' && activity.subject === task.subject)) continue;
    await logActivity(
      deps,
      {
        type: 'task',
        subject: task.subject,
        contactId,
        ownerId: demoIds.ada,
        dueAt: new Date(now + task.dueInHours * 3_600_000).toISOString(),
        details: {},
      },
      { principal: systemPrincipal },
    );
  }
}

// --- Deals: the sales pipeline and the deals on its board (the console's Deals screen) ---

const demoPipeline = CreatePipelineRequest.parse({
  name: 'Sales',
  stages: [
    { id: 'lead-in', name: 'Lead in', probability: 0.1 },
    { id: 'qualified', name: 'Qualified', probability: 0.25 },
    { id: 'proposal', name: 'Proposal sent', probability: 0.5 },
    { id: 'negotiation', name: 'Negotiation', probability: 0.75 },
    { id: 'won', name: 'Won', probability: 1, kind: 'won' },
    { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
  ],
});

/** Ada's and Grace's deals; `contact` is a demo contact's email, `closed` moves the deal to won or lost. */
const demoDeals: (Omit<CreateDealRequest, 'pipelineId' | 'currency' | 'type'> &
  Partial<Pick<CreateDealRequest, 'currency' | 'type'>> & {
    contact?: string;
    closed?: { stageId: 'won' | 'lost'; reason: string };
  })[] = [
  {
    name: 'Nordlicht annual plan',
    amount: 24_000,
    stageId: 'qualified',
    ownerId: demoIds.ada,
    contact: 'maria.schmidt@example.de',
    closeDate: '2027-01-31',
  },
  { name: 'قرارداد نساجی پارس', amount: 18_500, stageId: 'proposal', ownerId: demoIds.ada, closeDate: '2027-02-15' },
  {
    name: 'Harbor Freight expansion',
    amount: 9_000,
    stageId: 'negotiation',
    ownerId: demoIds.ada,
    type: 'expansion',
    contact: 'li.wei@example.cn',
  },
  { name: 'پخش دارویی البرز', amount: 7_200, stageId: 'lead-in', ownerId: demoIds.ada },
  {
    name: 'Verde Logistica pilot',
    amount: 4_000,
    stageId: 'qualified',
    ownerId: demoIds.ada,
    contact: 'sofia.rossi@example.it',
    closed: { stageId: 'lost', reason: 'Chose a cheaper tool' },
  },
  {
    name: 'Brightpath platform',
    amount: 32_000,
    currency: 'USD',
    stageId: 'proposal',
    ownerId: demoIds.grace,
    contact: 'james.okafor@example.com',
  },
  { name: 'فروشگاه آنلاین سپهر', amount: 12_000, stageId: 'qualified', ownerId: demoIds.grace },
  {
    name: 'Tidewater Studio renewal',
    amount: 6_000,
    stageId: 'negotiation',
    ownerId: demoIds.grace,
    type: 'renewal',
    contact: 'noah.williams@example.co.uk',
    closed: { stageId: 'won', reason: 'Renewed for two years' },
  },
];

/** A sales pipeline (lead in to won and lost, with probabilities) and its deals, created once with the pipeline. */
async function seedDemoDeals(deps: Dependencies): Promise<void> {
  if (await deps.pipelines.get(demoIds.pipeline)) return;
  const pipeline = await createPipeline(
    { ...deps, context: { ...deps.context, newId: () => demoIds.pipeline } },
    demoPipeline,
  );
  const actor = { principal: systemPrincipal };
  for (const { contact, closed, ...deal } of demoDeals) {
    const contactId = contact ? await deps.contacts.findIdByEmail(contact) : undefined;
    const created = await createDeal(
      deps,
      { currency: 'EUR', type: 'new_business', ...deal, pipelineId: pipeline.id, ...(contactId ? { contactId } : {}) },
      actor,
    );
    if (closed) await moveDeal(deps, created.id, closed, actor);
  }
}

// --- Tickets: a support team, a CSAT survey on resolution and a few tickets with their conversations ---

type DemoMessage = { kind: 'inbound' | 'outbound' | 'note'; body: string };
/** Each ticket's customer (a demo contact's email), its conversation in order, and the statuses it moves through. */
const demoTickets: {
  contact: string;
  request: Omit<CreateTicketRequest, 'contactId' | 'tags' | 'customFields'> & { tags?: string[] };
  messages: DemoMessage[];
  moves: string[];
}[] = [
  {
    contact: 'li.wei@example.cn',
    request: { subject: 'مبلغ اشتراک دو بار از کارت کسر شده', channel: 'email', priority: 'high' },
    messages: [
      { kind: 'inbound', body: 'سلام، مبلغ اشتراک این ماه دو بار از کارت ما برداشت شده است. لطفاً بررسی کنید.' },
      { kind: 'note', body: 'در درگاه پرداخت دو تراکنش با یک شماره سفارش دیده می‌شود.' },
      {
        kind: 'outbound',
        body: 'سلام، پوزش می‌خواهیم. تراکنش دوم برگشت داده شد و تا سه روز کاری به حساب شما بازمی‌گردد.',
      },
    ],
    moves: ['open'],
  },
  {
    contact: 'maria.schmidt@example.de',
    request: { subject: 'Cannot sign in after the password reset', channel: 'email', priority: 'urgent' },
    messages: [{ kind: 'inbound', body: 'Since resetting my password this morning the sign-in page just reloads.' }],
    moves: [],
  },
  {
    contact: 'james.okafor@example.com',
    request: { subject: 'CSV export times out for 50k contacts', channel: 'form', priority: 'normal' },
    messages: [
      { kind: 'inbound', body: 'Exporting all contacts stops after a minute with a timeout.' },
      { kind: 'outbound', body: 'Thanks James: could you tell us which filters the export used?' },
    ],
    moves: ['open', 'waiting-on-customer'],
  },
  {
    contact: 'li.wei@example.cn',
    request: { subject: 'درخواست فاکتور رسمی برای خرید سالانه', channel: 'agent', priority: 'low' },
    messages: [
      { kind: 'inbound', body: 'برای حسابداری به فاکتور رسمی با شناسه ملی شرکت نیاز داریم.' },
      { kind: 'outbound', body: 'فاکتور رسمی صادر و به ایمیل شما ارسال شد.' },
    ],
    moves: ['open', 'resolved'],
  },
  {
    contact: 'amelie.dubois@example.fr',
    request: { subject: 'Wrong billing address on the invoice', channel: 'api', priority: 'normal' },
    messages: [
      { kind: 'inbound', body: 'Our invoice shows the old Lyon address; we moved to Paris in September.' },
      { kind: 'outbound', body: 'Fixed: the next invoice and a corrected copy of this one use the Paris address.' },
    ],
    moves: ['open', 'resolved', 'closed'],
  },
];

/**
 * The service desk's demo: Customer care's tickets (Sam and Dara work them), a CSAT survey asked when a
 * ticket is resolved, and five tickets of the demo contacts in several states with their conversations, two
 * in Persian (no contact is added: tests count the six demo contacts). Each ticket is created once (found
 * again by its customer and subject), so seeding twice adds nothing.
 */
async function seedDemoTickets(deps: Dependencies): Promise<void> {
  if (!(await deps.surveys.get(demoIds.supportSurvey)) && !(await deps.surveys.activeFor('Ticket Resolved'))) {
    const survey = CreateSurveyRequest.parse({
      name: 'Support satisfaction (CSAT)',
      kind: 'csat',
      question: 'How satisfied are you with how we handled your request?',
      trigger: 'Ticket Resolved',
      reminder: null,
      reviewUrl: 'https://reviews.example/relay',
    });
    await deps.surveys.create({ ...stampNew(survey, deps.context), id: demoIds.supportSurvey });
  }
  const actor = { principal: systemPrincipal };
  const assignees = [demoIds.sam, undefined, demoIds.dara, demoIds.sam, demoIds.dara];
  for (const [index, { contact, request, messages, moves }] of demoTickets.entries()) {
    const contactId = await deps.contacts.findIdByEmail(normaliseEmail(contact));
    if (!contactId) continue;
    const existing = await deps.tickets.listByContact(contactId, 100);
    if (existing.items.some((ticket) => ticket.subject === request.subject)) continue;
    const assigneeId = assignees[index];
    const ticket = await createTicket(
      deps,
      CreateTicketRequest.parse({
        ...request,
        contactId,
        teamId: demoIds.supportTeam,
        ...(assigneeId ? { assigneeId } : {}),
      }),
      actor,
    );
    for (const message of messages) await addTicketMessage(deps, ticket.id, message, actor);
    for (const statusId of moves) await moveTicket(deps, ticket.id, { statusId }, actor);
  }
}
