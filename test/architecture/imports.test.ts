/**
 * The import graph of the published sources (adapter/, middleware/, sandbox/), type-only imports
 * included: no cycles, no adapter/ -> middleware/ import but from the entry index files, and each
 * entry's reachable files import neither the other framework nor express. Plus the runtime check:
 * requiring an entry (in a fresh process) loads no module of the other framework.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY_INDEXES = new Set(['adapter/index.ts', 'adapter/agents/index.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return name === 'web' ? [] : sourceFiles(rel);
    return rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every import specifier of a file (import, import type, export ... from, dynamic import). */
function specifiersOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) {
    try {
      if (statSync(path.join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

const files = [...sourceFiles('adapter'), ...sourceFiles('middleware'), ...sourceFiles('sandbox')];
const graph = new Map(
  files.map((file) => {
    const specifiers = specifiersOf(file);
    const local = specifiers.flatMap((s) => resolveLocal(file, s) ?? []);
    const packages = specifiers.filter((s) => !s.startsWith('.'));
    return [file, { local, packages }] as const;
  }),
);

function reachableFrom(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of graph.get(file)?.local ?? []) visit(next);
  };
  visit(entry);
  return [...seen];
}

function packagesOf(filesToCheck: string[], pattern: RegExp): string[] {
  return filesToCheck.flatMap((file) => (graph.get(file)?.packages ?? []).filter((p) => pattern.test(p)).map((p) => `${file} -> ${p}`));
}

/** Every cycle a depth-first walk meets, as `a -> b -> a`. */
function findCycles(edges: ReadonlyMap<string, { readonly local: readonly string[] }>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of edges.get(file)?.local ?? []) {
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('Import graph', () => {
  it('has no cycle (type-only imports included)', () => {
    expect(findCycles(graph)).to.deep.equal([]);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const withCycle = new Map([
      ['a.ts', { local: ['b.ts'] }],
      ['b.ts', { local: ['c.ts'] }],
      ['c.ts', { local: ['a.ts'] }],
    ]);
    expect(findCycles(withCycle)).to.deep.equal(['a.ts -> b.ts -> c.ts -> a.ts']);
  });

  it('has no adapter/ -> middleware/ import but in the entry index files', () => {
    const offending = files
      .filter((file) => file.startsWith('adapter/') && !ENTRY_INDEXES.has(file))
      .flatMap((file) => (graph.get(file)?.local ?? []).filter((to) => to.startsWith('middleware/')).map((to) => `${file} -> ${to}`));
    expect(offending).to.deep.equal([]);
  });

  it('keeps the Agents SDK out of the root entry, botbuilder out of /agents, and express out of both', () => {
    const root = reachableFrom('adapter/index.ts');
    const agents = reachableFrom('adapter/agents/index.ts');
    expect(root).to.include('adapter/messengerAdapter.ts');
    expect(agents).to.include('adapter/agents/messengerAgentsAdapter.ts');
    expect(packagesOf(root, /^@microsoft\/agents-/)).to.deep.equal([]);
    expect(packagesOf(agents, /^(botbuilder|botframework-)/)).to.deep.equal([]);
    expect(packagesOf([...root, ...agents], /^express$/)).to.deep.equal([]);
    expect(packagesOf(root, /^botbuilder$/)).to.deep.equal(['adapter/messengerAdapter.ts -> botbuilder']);
  });
});

describe('Entry isolation at runtime (require.cache in a fresh process)', () => {
  function loadedBy(entry: string): string[] {
    const script = `require(${JSON.stringify(path.join(ROOT, entry))});
      console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('node_modules'))
        .map((f) => f.split('node_modules/').pop().split('/').slice(0, 2).join('/'))));`;
    const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    return [...new Set(JSON.parse(out) as string[])];
  }

  it('requiring the root loads botbuilder and never @microsoft/agents-* or express', function () {
    this.timeout(60_000);
    const loaded = loadedBy('adapter/index.ts');
    expect(loaded.some((m) => m.startsWith('botbuilder'))).to.equal(true);
    expect(loaded.filter((m) => m.startsWith('@microsoft/agents') || m.startsWith('express/'))).to.deep.equal([]);
  });

  it('requiring /agents loads the Agents SDK and never botbuilder, botframework-* or express', function () {
    this.timeout(60_000);
    const loaded = loadedBy('adapter/agents/index.ts');
    expect(loaded.some((m) => m.startsWith('@microsoft/agents-hosting'))).to.equal(true);
    expect(loaded.filter((m) => /^(botbuilder|botframework-|express\/)/.test(m))).to.deep.equal([]);
  });
});
