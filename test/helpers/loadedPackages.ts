/**
 * Which npm packages a module loads: it is required in a fresh Node process (through tsx) and the
 * `node_modules` entries of `require.cache` are read back, as `name/dir` (e.g. `botbuilder/lib`).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The packages (`name/first-dir`) loaded by requiring `file` (relative to the repository root). */
export function packagesLoadedBy(file: string): string[] {
  const script = `require(${JSON.stringify(path.join(ROOT, file))});
    console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('node_modules'))
      .map((f) => f.split('node_modules/').pop().split('/').slice(0, 2).join('/'))));`;
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return [...new Set(JSON.parse(out) as string[])];
}
