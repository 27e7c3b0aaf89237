import { handler as createForm } from './create-form.ts';
import { handler as formPreflight } from './form-preflight.ts';
import { handler as formToken } from './form-token.ts';
import { handler as getForm } from './get-form.ts';
import { handler as listForms } from './list-forms.ts';
import { handler as submitForm } from './submit-form.ts';
import { handler as updateForm } from './update-form.ts';
import { routeGroup } from '../kit/route-group.ts';
import { formRoutes } from './form-routes.ts';

/** The Lambda behind every forms route (see routeGroup). */
export const handler = routeGroup([
  [formRoutes.createForm, createForm],
  [formRoutes.listForms, listForms],
  [formRoutes.getForm, getForm],
  [formRoutes.updateForm, updateForm],
  [formRoutes.formToken, formToken],
  [formRoutes.submitForm, submitForm],
  [formRoutes.formPreflight, formPreflight],
]);
