import { importRoles } from '../features/imports/roles';

/** The shell's navigation; `roles` hides an entry from people the API would refuse anyway. */
export const navigation: { path: string; label: string; roles?: string[] }[] = [
  { path: '/', label: 'nav.myDay' },
  { path: '/contacts', label: 'nav.contacts' },
  { path: '/companies', label: 'nav.companies' },
  // Support agents get 403 on deals and reports: they serve customers, they do not sell.
  { path: '/deals', label: 'nav.deals', roles: ['admin', 'sales', 'marketing'] },
  // The service desk: support agents, sales reps and admins work tickets.
  { path: '/tickets', label: 'nav.tickets', roles: ['admin', 'sales', 'support'] },
  // Marketing builds journeys; the API lets everyone read campaigns, but a sales rep has nothing to do there.
  { path: '/campaigns', label: 'nav.campaigns', roles: ['admin', 'marketing'] },
  // Marketing's other tools: the API lets marketing and admins change segments, forms, the model and surveys.
  { path: '/segments', label: 'nav.segments', roles: ['admin', 'marketing'] },
  { path: '/forms', label: 'nav.forms', roles: ['admin', 'marketing'] },
  { path: '/scoring', label: 'nav.scoring', roles: ['admin', 'marketing'] },
  { path: '/surveys', label: 'nav.surveys', roles: ['admin', 'marketing'] },
  { path: '/reports', label: 'nav.reports', roles: ['admin', 'sales', 'marketing'] },
  { path: '/import', label: 'nav.import', roles: [...importRoles] },
  { path: '/settings', label: 'nav.settings', roles: ['admin'] },
];
