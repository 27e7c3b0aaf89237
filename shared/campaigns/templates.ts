import { Liquid } from 'liquidjs';
import type { EmailContent } from './campaign-definition.schema.ts';

/** What a campaign template can use. Every name exists (possibly null), so `default` works and typos fail. */
export interface TemplateContext {
  contact: {
    firstName: string | null;
    lastName: string | null;
    email: string;
    jobTitle: string | null;
    companyName: string | null;
    country: string | null;
    customFields: Record<string, unknown>;
  };
  owner: { name: string; email: string } | null;
  campaign: { name: string };
  unsubscribeUrl: string;
}

// Strict Liquid: unknown variables and filters are errors; templates are data, never code, and
// `templates: {}` means include/render can never read a file.
const options = { strictVariables: true, strictFilters: true, ownPropertyOnly: true, templates: {} } as const;
const htmlEngine = new Liquid({ ...options, outputEscape: 'escape' });
const textEngine = new Liquid(options);

/** Custom fields as templates see them: any name is allowed; a missing one is null (use `| default:`). */
function customFieldsView(fields: Record<string, unknown>, missing: unknown): Record<string, unknown> {
  return new Proxy(fields, {
    get: (target, key) => (typeof key === 'string' && Object.hasOwn(target, key) ? target[key] : missing),
    has: () => true,
    getOwnPropertyDescriptor: (target, key) => ({
      value: typeof key === 'string' && Object.hasOwn(target, key) ? target[key] : missing,
      enumerable: true,
      configurable: true,
    }),
  });
}

/** Renders one email for one contact: subject and text as written, HTML with every output escaped. */
export function renderEmail(content: EmailContent, context: TemplateContext): EmailContent {
  const view = {
    ...context,
    contact: { ...context.contact, customFields: customFieldsView(context.contact.customFields, null) },
  };
  return {
    subject: textEngine.parseAndRenderSync(content.subject, view).trim(),
    html: htmlEngine.parseAndRenderSync(content.html, view),
    text: textEngine.parseAndRenderSync(content.text, view),
  };
}

/** A contact with every field filled, for previews and for checking templates before they run. */
export const sampleTemplateContext: TemplateContext = {
  contact: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    jobTitle: 'Head of Engineering',
    companyName: 'Analytical Engines Ltd',
    country: 'GB',
    customFields: { plan: 'growth' },
  },
  owner: { name: 'Grace Hopper', email: 'grace@relay.example' },
  campaign: { name: 'Sample campaign' },
  unsubscribeUrl: 'https://relay.example/unsubscribe?token=sample',
};

/** One template error: which part, what (as LiquidJS says it, with its position), and where when it knows. */
export interface TemplateError {
  part: keyof EmailContent;
  /** LiquidJS's first line, position included: `undefined variable: contact.fristName, line:2, col:8`. */
  message: string;
  /** The same without the position, for a screen that shows the position itself. */
  reason: string;
  /** 1-based line and column of the token at fault, when LiquidJS names one. */
  line?: number;
  column?: number;
}

/** Syntax errors, unknown variables and unknown filters in each part of `content`, found by rendering it for the sample contact. */
export function templateErrors(content: Partial<EmailContent>): TemplateError[] {
  const errors: TemplateError[] = [];
  const view = {
    ...sampleTemplateContext,
    contact: { ...sampleTemplateContext.contact, customFields: customFieldsView({}, 'sample') },
  };
  for (const part of ['subject', 'html', 'text'] as const) {
    const template = content[part];
    if (template === undefined) continue;
    try {
      (part === 'html' ? htmlEngine : textEngine).parseAndRenderSync(template, view);
    } catch (error) {
      errors.push({ part, ...describeTemplateError(error) });
    }
  }
  return errors;
}

/** What LiquidJS threw, as a message and, when its error carries the token at fault, that token's line and column. */
export function describeTemplateError(error: unknown): Omit<TemplateError, 'part'> {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] || 'invalid template';
  const reason = message.replace(/, line:\d+, col:\d+$/, '');
  const token = (error as { token?: { getPosition?: () => [number, number] } }).token;
  const position = typeof token?.getPosition === 'function' ? token.getPosition() : undefined;
  return { message, reason, ...(position ? { line: position[0], column: position[1] } : {}) };
}

/** The filters a template may use: exactly those the strict engine has registered (any other name is an error). */
export const templateFilterNames: readonly string[] = Object.keys(textEngine.filters).sort();
