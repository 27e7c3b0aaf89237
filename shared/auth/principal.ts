/** The roles Relay knows; a user's Cognito groups and a machine client's `relay/<role>` scopes map onto them. */
export const roles = ['admin', 'marketing', 'sales', 'support'] as const;
export type Role = (typeof roles)[number];

/** Who is acting: a signed-in user, a machine client, or Relay itself (workflows, the relay). */
export interface Principal {
  kind: 'user' | 'client' | 'system';
  /** Cognito `sub` of the user, or the client id of a machine client. */
  subject: string;
  roles: Role[];
}

export const systemPrincipal: Principal = { kind: 'system', subject: 'relay', roles: ['admin'] };

export const hasRole = (principal: Principal, role: Role) => principal.roles.includes(role);
