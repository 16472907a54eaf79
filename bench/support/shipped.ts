/**
 * The package as users install it: the JavaScript that `tsc` emits (`npm run build`, in dist/), not
 * the TypeScript sources run through tsx.
 *
 * The two differ where it counts for CPU per turn. tsx compiles with esbuild's `keepNames`, which
 * wraps every function made at run time in a `__name()` call (an `Object.defineProperty`), so the
 * closures a turn makes cost more under tsx than in the published package. botkit runs its own
 * compiled JavaScript; the benchmarks that compare with it, or that give a per-turn ratio, load ours
 * from here. `npm run bench` builds first; a benchmark run on its own says to build when dist/ is
 * missing.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');

function load<T>(entry: string): T {
  const file = join(DIST, entry);
  if (!existsSync(file)) {
    throw new Error(`The benchmark measures the built package and ${file} is missing: run \`npm run build\` first (npm run bench does).`);
  }
  // The build is found at run time (it is not a source file); its types are the sources' (the caller names them).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as T;
}

/** The package entry (`botbuilder-adapter-messenger`), built. */
export function shippedPackage(): typeof import('../../adapter') {
  return load('adapter/index.js');
}

/** The Agents SDK entry (`botbuilder-adapter-messenger/agents`), built. */
export function shippedAgents(): typeof import('../../adapter/agents') {
  return load('adapter/agents/index.js');
}
