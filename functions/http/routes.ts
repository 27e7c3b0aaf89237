/**
 * The HTTP API's route table: CDK creates one Lambda and one API route per entry, and the local
 * server dispatches to the very same modules. Add a route here and it exists in both places.
 */
export interface HttpRoute {
  /** Stable identifier; also the construct id of the function in CDK. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template, e.g. /contacts/{contactId}. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** What the function may do with the table; CDK grants exactly this. */
  tableAccess: 'read' | 'readWrite';
}

export const httpRoutes: readonly HttpRoute[] = [
  { name: 'CreateContact', method: 'POST', path: '/contacts', entry: 'functions/http/contacts/create-contact.ts', tableAccess: 'readWrite' },
  { name: 'ListContacts', method: 'GET', path: '/contacts', entry: 'functions/http/contacts/list-contacts.ts', tableAccess: 'read' },
  { name: 'GetContact', method: 'GET', path: '/contacts/{contactId}', entry: 'functions/http/contacts/get-contact.ts', tableAccess: 'read' },
  { name: 'UpdateContact', method: 'PATCH', path: '/contacts/{contactId}', entry: 'functions/http/contacts/update-contact.ts', tableAccess: 'readWrite' },
  { name: 'DeleteContact', method: 'DELETE', path: '/contacts/{contactId}', entry: 'functions/http/contacts/delete-contact.ts', tableAccess: 'readWrite' },
];
