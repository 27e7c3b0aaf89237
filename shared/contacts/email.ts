/** The one email normalisation (see shared/common/email.ts); contacts, leads, imports and suppressions match on it. */
export { displayEmail, mailableEmail, normaliseEmail } from '../common/email.ts';
