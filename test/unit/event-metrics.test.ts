import { afterEach, describe, expect, it, vi } from 'vitest';
import { countPublishedEvents } from '#functions/observability.ts';

afterEach(() => vi.restoreAllMocks());

describe('business metrics', () => {
  it('count published events by type, as CloudWatch embedded metrics in namespace Relay', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    countPublishedEvents(['Deal Won', 'Lead Received', 'Deal Won']);
    const emf = lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('_aws'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const byType = Object.fromEntries(emf.map((record) => [record.detailType, record.EventsPublished]));
    expect(byType).toEqual({ 'Deal Won': 2, 'Lead Received': 1 });
    const declared = (emf[0]?._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] })
      .CloudWatchMetrics[0];
    expect(declared?.Namespace).toBe('Relay');
    expect(declared?.Dimensions[0]).toContain('detailType');
  });
});
