import type { LatencyFigure } from './latency.ts';

interface Results {
  command: string;
  measuredAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  coldStart: {
    floor: { entry: string; bundleKb: number; initMs: number };
    functions: { entry: string; bundleKb: number; initMs: number; initRatioToEmpty: number }[];
  };
  latency: LatencyFigure[];
}

/** The human-readable summary printed by `npm run bench` and saved beside the JSON. */
export function renderMarkdown(results: Results): string {
  const { machine, coldStart, latency } = results;
  return [
    `# Relay benchmark`,
    ``,
    `Produced by \`${results.command}\` on ${results.measuredAt.slice(0, 10)}: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, DynamoDB Local.`,
    ``,
    `## Cold start proxy (bundled as CDK deploys; init = import in a fresh Node process, median)`,
    ``,
    `| function | bundle (KiB) | init (ms) | × empty handler |`,
    `| --- | ---: | ---: | ---: |`,
    `| _empty handler (floor)_ | ${coldStart.floor.bundleKb} | ${coldStart.floor.initMs} | 1 |`,
    ...coldStart.functions.map((f) => `| ${f.entry} | ${f.bundleKb} | ${f.initMs} | ${f.initRatioToEmpty} |`),
    ``,
    `## Handler latency against DynamoDB Local (in-process, sequential)`,
    ``,
    `| operation | p50 (ms) | p99 (ms) | floor | floor p50 (ms) | × floor |`,
    `| --- | ---: | ---: | --- | ---: | ---: |`,
    ...latency.map((l) => `| ${l.operation} | ${l.p50Ms} | ${l.p99Ms} | ${l.floor} | ${l.floorP50Ms} | ${l.overheadRatio} |`),
    ``,
  ].join('\n');
}
