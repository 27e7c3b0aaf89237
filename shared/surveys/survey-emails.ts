import type { Contact } from '../contacts/contact.schema.ts';
import type { Email } from '../messaging/email-sender.ts';
import { escapeHtml } from '../messaging/html.ts';
import { scaleOf } from './survey.rules.ts';
import type { Survey, SurveyResponse } from './survey.schema.ts';
import { answerUrl } from './survey-link.ts';

const greeting = (contact: Contact) => `Hi ${contact.firstName ?? 'there'},`;
const scaleLegend: Record<Survey['kind'], string> = {
  nps: '0 = not at all likely, 10 = extremely likely',
  csat: '1 = very unsatisfied, 5 = very satisfied',
  ces: '1 = very difficult, 7 = very easy',
};

/** The survey email: the question and one link per score, each recording its score with one click. */
export function surveyEmail(
  survey: Survey,
  contact: Contact,
  links: { publicApiUrl: string; token: string; reminder: boolean },
): Email {
  const { min, max } = scaleOf[survey.kind];
  const scores = Array.from({ length: max - min + 1 }, (_, index) => min + index);
  const url = (score: number) => answerUrl(links.publicApiUrl, links.token, score);
  const intro = links.reminder
    ? 'A quick reminder: we would still love to hear from you.'
    : 'One quick question, one click to answer.';
  return {
    to: contact.email,
    subject: links.reminder ? `Reminder: ${survey.question}` : survey.question,
    text: [
      greeting(contact),
      '',
      intro,
      '',
      survey.question,
      `(${scaleLegend[survey.kind]})`,
      '',
      ...scores.map((score) => `${score}: ${url(score)}`),
    ].join('\n'),
    html:
      `<p>${escapeHtml(greeting(contact))}</p><p>${escapeHtml(intro)}</p><p><strong>${escapeHtml(survey.question)}</strong></p>` +
      `<p>${scores.map((score) => `<a href="${escapeHtml(url(score))}" style="display:inline-block;padding:6px 10px;margin:2px;border:1px solid #888;border-radius:4px;text-decoration:none">${score}</a>`).join('')}</p>` +
      `<p><small>${escapeHtml(scaleLegend[survey.kind])}</small></p>`,
  };
}

/** Promoters are asked for a review (or to tell a friend). */
export function reviewRequestEmail(survey: Survey, contact: Contact): Email {
  const lines = [
    greeting(contact),
    '',
    'Thank you for your kind score: it made our day.',
    'Would you share it in a short review? It helps others find us.',
    survey.reviewUrl,
  ];
  return {
    to: contact.email,
    subject: 'Thank you! Would you leave us a review?',
    text: lines.join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
  };
}

/** A detractor's owner is told at once, with the score and comment, and has a follow-up task. */
export function detractorAlertEmail(
  owner: { name: string; email: string },
  contact: Contact,
  response: SurveyResponse,
  contactUrl: string,
): Email {
  const who = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email;
  const lines = [
    `Hi ${owner.name},`,
    '',
    `${who} <${contact.email}> answered ${response.kind.toUpperCase()} ${response.score}: a detractor.`,
    ...(response.comment ? [`They wrote: "${response.comment}"`] : []),
    'A follow-up task is on your list; please call them within a day.',
    contactUrl,
  ];
  return {
    to: owner.email,
    subject: `Detractor: ${who} scored ${response.score}`,
    text: lines.join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
  };
}
