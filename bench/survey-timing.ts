import { postSaleSurveyWorkflow } from '#workflows/post-sale-survey.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { costPerThousand } from './cost-model.ts';
import { quantile, round } from './stats.ts';
import type { BenchStore } from './store.ts';

export interface SurveyFigure {
  surveys: number;
  /** Click on a score link → Survey Response Received on the bus (resume, branch, follow-up, publish). */
  answerToEventP50Ms: number;
  answerToEventP99Ms: number;
  /** States entered per execution, by path (Standard bills each as a transition). */
  transitionsAnswered: number;
  transitionsExpired: number;
  lambdaTasksAnswered: number;
  lambdaTasksExpired: number;
  /** Step Functions Standard + Lambda requests per 1,000 surveys, answered and unanswered paths. */
  orchestrationDollarsPerThousandAnswered: number;
  orchestrationDollarsPerThousandExpired: number;
}

const statesEntered = (history: { type: string }[]) =>
  history.filter((entry) => entry.type.endsWith('StateEntered')).length;
const taskStates = new Set(
  Object.entries(postSaleSurveyWorkflow().definition.States).flatMap(([name, state]) =>
    (state as { Type: string }).Type === 'Task' ? [name] : [],
  ),
);
const tasksEntered = (history: { type: string; state?: string }[]) =>
  history.filter((entry) => entry.type === 'StateEntered' && taskStates.has(entry.state ?? '')).length;

/**
 * Won deals on the local stack, each sending an NPS survey (time-scaled delay); every survey but a
 * few is answered by clicking a score link (detractor, passive, promoter in turn); the rest expire
 * after their reminder. Counts each path's transitions, the figure Standard bills.
 */
export async function measureSurveys(surveys: number, store?: BenchStore): Promise<SurveyFigure> {
  const runtime = await startLocalRuntime({ apiPort: 0, dynamoDbPort: 0, sesPort: 0, timeScale: 86_400 * 2, ...store });
  try {
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${runtime.devTokens.admin}` },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (response.status >= 300)
        throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    await api('POST', '/surveys', {
      name: 'Bench NPS',
      kind: 'nps',
      question: 'Recommend us?',
      delay: { days: 1 },
      reviewUrl: 'https://reviews.example/relay',
    });
    const owner = await api('POST', '/owners', { name: 'Bench Owner', email: 'owner@bench.example' });
    const pipeline = await api('POST', '/pipelines', {
      name: 'Bench',
      stages: [
        { id: 'open', name: 'Open', probability: 0.5 },
        { id: 'won', name: 'Won', probability: 1, kind: 'won' },
        { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
      ],
    });
    const unanswered = Math.max(1, Math.floor(surveys / 10));
    for (let i = 0; i < surveys; i++) {
      const contact = await api('POST', '/contacts', { email: `survey-${i}@bench.example`, ownerId: owner.id });
      const deal = await api('POST', '/deals', {
        name: `Deal ${i}`,
        pipelineId: pipeline.id,
        amount: 1000,
        contactId: contact.id,
        ownerId: owner.id,
      });
      await api('POST', `/deals/${deal.id}/stage`, { stageId: 'won' });
    }
    const outbox = async () =>
      (
        (await (await fetch(`${runtime.sesUrl}/store`)).json()) as {
          emails: { destination: { to: string[] }; subject: string; body: { text: string } }[];
        }
      ).emails;
    const deadline = Date.now() + 120_000;
    let invites: Awaited<ReturnType<typeof outbox>> = [];
    while (
      (invites = (await outbox()).filter((mail) => mail.subject === 'Recommend us?')).length < surveys &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    const clickedAt = new Map<string, number>();
    for (const [index, invite] of invites.slice(unanswered).entries()) {
      const score = [3, 8, 10][index % 3] ?? 10;
      const link = new RegExp(`^${score}: (\\S+)$`, 'm').exec(invite.body.text)?.[1] ?? '';
      clickedAt.set(invite.destination.to[0] ?? '', performance.now() + performance.timeOrigin);
      if ((await fetch(link)).status !== 200) throw new Error('The answer page did not answer 200');
    }
    const expected = surveys - unanswered;
    // Done when every survey was answered or expired; an execution a redelivered Deal Won started (the test
    // mode delivers at least once) ends early, without sending, and is not counted.
    // Counted per path: a duplicate execution must not stand in for the unanswered survey still waiting to expire.
    const settledThrough = (state: string) =>
      runtime.stepFunctions
        .list()
        .filter(
          (execution) =>
            execution.workflow === 'post-sale-survey' &&
            execution.status !== 'RUNNING' &&
            execution.history.some((entry) => entry.state === state),
        ).length;
    while (
      (settledThrough('CompleteResponse') < expected || settledThrough('ExpireSurvey') < unanswered) &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    // The event leaves through the outbox a moment after the execution ends.
    while (runtime.bus.events({ detailType: 'Survey Response Received' }).length < expected && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const contactEmails = new Map(
      (
        (await (
          await fetch(`${runtime.apiUrl}/contacts?limit=100`, {
            headers: { authorization: `Bearer ${runtime.devTokens.admin}` },
          })
        ).json()) as { items: { id: string; email: string }[] }
      ).items.map((contact) => [contact.id, contact.email]),
    );
    const latencies = runtime.bus.events({ detailType: 'Survey Response Received' }).flatMap((event) => {
      const clicked = clickedAt.get(contactEmails.get(event.detail.contactId as string) ?? '');
      return clicked === undefined ? [] : [Date.parse(event.time) - clicked];
    });
    if (latencies.length < expected) throw new Error(`Only ${latencies.length} of ${expected} answers were published`);
    const executions = runtime.stepFunctions.list().filter((execution) => execution.workflow === 'post-sale-survey');
    const answered = executions.filter((execution) =>
      execution.history.some((entry) => entry.state === 'CompleteResponse'),
    );
    const expired = executions.filter((execution) => execution.history.some((entry) => entry.state === 'ExpireSurvey'));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    const [transitionsAnswered, transitionsExpired] = [
      mean(answered.map((e) => statesEntered(e.history))),
      mean(expired.map((e) => statesEntered(e.history))),
    ];
    const [lambdaTasksAnswered, lambdaTasksExpired] = [
      mean(answered.map((e) => tasksEntered(e.history))),
      mean(expired.map((e) => tasksEntered(e.history))),
    ];
    const orchestration = (transitions: number, tasks: number) =>
      round(
        costPerThousand({
          httpRequests: 0,
          lambdaInvocations: tasks,
          lambdaMs: 0,
          lambdaMemoryMb: 512,
          readUnits: 0,
          writeUnits: 0,
          events: 0,
          emails: 0,
          standardTransitions: transitions,
          expressExecutions: 0,
          expressBilledMs: 0,
          schedules: 0,
        }).total,
        4,
      );
    return {
      surveys,
      answerToEventP50Ms: round(quantile(latencies, 0.5)),
      answerToEventP99Ms: round(quantile(latencies, 0.99)),
      transitionsAnswered: round(transitionsAnswered, 1),
      transitionsExpired: round(transitionsExpired, 1),
      lambdaTasksAnswered: round(lambdaTasksAnswered, 1),
      lambdaTasksExpired: round(lambdaTasksExpired, 1),
      orchestrationDollarsPerThousandAnswered: orchestration(transitionsAnswered, lambdaTasksAnswered),
      orchestrationDollarsPerThousandExpired: orchestration(transitionsExpired, lambdaTasksExpired),
    };
  } finally {
    await runtime.stop();
  }
}
