/**
 * `npm run bench` runs every bench/*.bench.ts one after another, each in its own process so that one
 * benchmark's heap and timers never skew the next. `npm run bench -- webhook rateLimit` runs those only.
 * It builds the package first (`npm run build`): the benchmarks that compare with botkit load ours as
 * users install it, from dist/ (see support/shipped.ts).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const wanted = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.includes(file.replace(/\.bench\.ts$/, '')))
  .sort();

if (files.length === 0) {
  console.error(
    `No benchmark matches ${wanted.join(', ')}. Available: ${readdirSync(__dirname)
      .filter((f) => f.endsWith('.bench.ts'))
      .join(', ')}`,
  );
  process.exit(1);
}

const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: process.env });
if (build.status !== 0) {
  console.error('npm run build failed: the benchmarks measure the built package.');
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '--expose-gc', join(__dirname, file)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
