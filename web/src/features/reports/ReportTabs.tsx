import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const tabs = [
  { path: '/reports', label: 'tabs.crm' },
  { path: '/reports/service', label: 'tabs.service' },
] as const;

/** The reports' two dashboards, the CRM's and the service desk's, as tabs that change the address. */
export function ReportTabs() {
  const { t } = useTranslation('reports');
  const location = useLocation();
  const navigate = useNavigate();
  const current = tabs.find((tab) => tab.path === location.pathname)?.path ?? '/reports';
  return (
    <Tabs value={current} onChange={(path) => path && void navigate(path)}>
      <Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Tab key={tab.path} value={tab.path}>
            {t(tab.label)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
