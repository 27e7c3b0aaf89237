import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root, against which routes and workflows name their handler modules. */
export const repositoryRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
