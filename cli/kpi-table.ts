import type * as z from 'zod';
import type { KpiReport as KpiReportSchema } from '#functions/http/reports/report-routes.ts';

export type KpiReport = z.infer<typeof KpiReportSchema>;

const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)} %`);
const money = (amounts: Record<string, number> | null) =>
  amounts === null || Object.keys(amounts).length === 0
    ? '–'
    : Object.entries(amounts)
        .map(([currency, amount]) => `${amount.toLocaleString('en')} ${currency}`)
        .join(', ');
const value = (number: number | null) => (number === null ? '–' : String(number));
const answers = (count: number) => `${count} answer${count === 1 ? '' : 's'}`;

/** The KPI report as an aligned two-column table for the terminal. */
export function kpiTable(report: KpiReport): string {
  const rows: [string, string][] = [
    ['Period', `${report.period.from} … ${report.period.to}`],
    ['Customers (start → end)', `${report.customers.atStart} → ${report.customers.atEnd}`],
    ['New customers', String(report.newCustomers)],
    ['Churn rate', percent(report.churnRate)],
    ['Retention rate', percent(report.retentionRate)],
    ['Customer-base growth', percent(report.customerBaseGrowthRate)],
    ['Renewal rate', percent(report.renewalRate)],
    ['New contacts', String(report.newContacts)],
    ['Lead → customer conversion', percent(report.leadToCustomerConversionRate)],
    ['Customer acquisition cost', money(report.customerAcquisitionCost)],
    ['Campaign spend', money(report.campaignSpend)],
    ['Revenue: new business', money(report.revenue.newBusiness)],
    ['Revenue: expansion', money(report.expansionRevenue)],
    ['Revenue: renewals', money(report.revenue.renewal)],
    [
      'NPS',
      `${value(report.nps.score)} (${answers(report.nps.responses)}: ${report.nps.promoters} promoters, ${report.nps.detractors} detractors)`,
    ],
    ['CSAT (satisfied)', `${percent(report.csat.satisfiedRate)} (${answers(report.csat.responses)})`],
    [
      'Customer effort score',
      `${value(report.customerEffortScore.average)} (${answers(report.customerEffortScore.responses)})`,
    ],
    ['Open pipeline', `${money(report.pipeline.value)} in ${report.pipeline.openDeals} deals`],
    ['Weighted forecast', money(report.pipeline.weightedForecast)],
    ...report.campaigns.map((campaign): [string, string] => [
      `Campaign ${campaign.campaignId} ROI`,
      `${
        Object.entries(campaign.roi)
          .map(([currency, roi]) => `${percent(roi)} (${currency})`)
          .join(', ') || '–'
      }; spend ${money(campaign.spend)}, revenue ${money(campaign.revenue)}`,
    ]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, text]) => `${label.padEnd(width)}  ${text}`).join('\n');
}
