import { writeFileSync } from 'node:fs';
import { measureThroughput } from './throughput.ts';

// Runs in its own process: handlers keep one set of dependencies per process (as in a Lambda
// container), so the local runtime must not share a process with the bench's other phases.
const [output, levels, leadsPerLevel] = process.argv.slice(2) as [string, string, string];
const figures = await measureThroughput(levels.split(',').map(Number), Number(leadsPerLevel));
writeFileSync(output, JSON.stringify(figures));
process.exit(0);
