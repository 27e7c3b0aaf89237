import { assertExpectedVersion, writeVersioned } from '../common/guards.ts';
import type { AppContext } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import { applyMergePatch, stampNew } from '../versioned.ts';
import type { FormRepository } from './form.repository.ts';
import { signFormToken, type FormTokenSecrets } from './form-token.ts';
import { formKindProblems, type CreateFormRequest, type Form, type UpdateFormRequest } from './form.schema.ts';

export interface FormDeps {
  forms: FormRepository;
  context: AppContext;
}

export async function createForm(deps: FormDeps, request: CreateFormRequest): Promise<Form> {
  const form = stampNew(request, deps.context);
  await deps.forms.create(form);
  return form;
}

export async function getForm(deps: Pick<FormDeps, 'forms'>, formId: string): Promise<Form> {
  const form = await deps.forms.get(formId);
  if (!form) throw new NotFound(`There is no form ${formId}.`);
  return form;
}

export async function updateForm(
  deps: FormDeps,
  formId: string,
  patch: UpdateFormRequest,
  expectedVersion?: number,
): Promise<Form> {
  const before = await getForm(deps, formId);
  assertExpectedVersion(before, expectedVersion, 'form');
  const { after, changedFields } = applyMergePatch(before, patch, deps.context);
  if (changedFields.length === 0) return before;
  // A patch of the kind or the mapping alone must leave the two agreeing, as a new form must.
  const problems = formKindProblems(after);
  if (problems.length)
    throw new ValidationFailed(
      'The field mapping does not fit the form’s kind.',
      problems.map(({ path, message }) => ({ pointer: `/${path.join('/')}`, message })),
    );
  await writeVersioned(() => deps.forms.update(before, after), 'form', expectedVersion);
  return after;
}

export function listForms(
  deps: Pick<FormDeps, 'forms'>,
  query: { limit: number; cursor?: string },
): Promise<Page<Form>> {
  return deps.forms.listAll(query.limit, query.cursor);
}

/**
 * A token the page puts in the form's hidden `_relay_token` field when it renders: it proves when
 * the form was shown, so submissions faster than a person can type are recognised. It is a JWT for
 * this form only, and expires after a day (`formTokenLifetimeSeconds`).
 */
export async function issueFormToken(
  deps: FormDeps,
  formId: string,
  secrets: FormTokenSecrets,
): Promise<{ token: string; field: string }> {
  const form = await getForm(deps, formId);
  return { token: await signFormToken(secrets, form.id, deps.context.now()), field: '_relay_token' };
}
