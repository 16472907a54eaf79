/**
 * Every ```ts block of README.md compiles against the package (as users import it,
 * `botbuilder-adapter-messenger`) with strict settings.
 *
 * Conventions for README authors:
 * - a block fenced ```ts (or ```typescript) is a complete module: it is typechecked on its own;
 * - a block that continues the quick start may use `adapter` (a `MessengerAdapter`) and `bot` (an
 *   `ActivityHandler`) without declaring them (see PRELUDE); its own declarations win;
 * - a block fenced ```ts fragment (or ```ts no-check) is not compiled: keep those few.
 *
 * Blocks are compiled in memory (files that pretend to live in `<repo>/.readme-check/`, never
 * written), so module resolution finds the repository's node_modules.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const VIRTUAL_DIR = join(ROOT, '.readme-check');

/** What snippets may use without declaring it. */
const PRELUDE = `
declare const adapter: import('botbuilder-adapter-messenger').MessengerAdapter;
declare const bot: import('botbuilder').ActivityHandler;
`;

/** A fenced code block of the README. */
interface CodeBlock {
  /** 1-based line of the first code line in README.md. */
  readonly line: number;
  /** The fence's info string, e.g. `ts` or `ts fragment`. */
  readonly info: string;
  readonly code: string;
}

/** Every fenced block (``` or ~~~) of a Markdown text. */
function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let open: { fence: string; info: string; start: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    if (open === undefined) {
      const start = /^\s*(`{3,}|~{3,})\s*(.*)$/.exec(text);
      if (start)
        open = { fence: start[1] ?? '```', info: (start[2] ?? '').trim(), start: index + 2, body: [] };
      return;
    }
    if (text.trim().startsWith(open.fence) && text.trim().replace(/[`~]/g, '') === '') {
      blocks.push({ line: open.start, info: open.info, code: open.body.join('\n') });
      open = undefined;
      return;
    }
    open.body.push(text);
  });
  return blocks;
}

/** True for blocks that must compile. */
function isCheckedTypeScript(block: CodeBlock): boolean {
  const [language, ...flags] = block.info.split(/\s+/);
  return (
    (language === 'ts' || language === 'typescript') &&
    !flags.some((f) => f === 'fragment' || f === 'no-check')
  );
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022, // top-level await in snippets
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitReturns: true,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
  baseUrl: ROOT,
  paths: {
    'botbuilder-adapter-messenger': [join(ROOT, 'adapter', 'index.ts')],
    'botbuilder-adapter-messenger/agents': [join(ROOT, 'adapter', 'agents', 'index.ts')],
  },
};

/** Typechecks in-memory modules; resolves one formatted message per diagnostic in those modules. */
function typecheck(files: ReadonlyMap<string, string>): string[] {
  const host = ts.createCompilerHost(COMPILER_OPTIONS, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = files.get(resolve(fileName));
    return text !== undefined
      ? ts.createSourceFile(fileName, text, languageVersion, true)
      : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => files.has(resolve(fileName)) || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => files.get(resolve(fileName)) ?? readFile(fileName);
  const program = ts.createProgram([...files.keys()], COMPILER_OPTIONS, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file === undefined || files.has(resolve(diagnostic.file.fileName)))
    .map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (!diagnostic.file || diagnostic.start === undefined) return message;
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: ${message}`;
    });
}

describe('README.md', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = codeBlocks(readme);

  it('has the quick start and the exact test command of CI', () => {
    expect(readme).to.match(/^## Quick start$/m);
    expect(readme).to.match(/^## Development$/m);
    const development = readme.slice(readme.indexOf('## Development'));
    const shell = codeBlocks(development)[0]?.code.trim();
    expect(shell).to.equal('npm ci\nnpm test');
  });

  it('marks few blocks as fragments', () => {
    const typescript = blocks.filter((block) => /^(ts|typescript)\b/.test(block.info));
    const unchecked = typescript.filter((block) => !isCheckedTypeScript(block));
    expect(typescript.length).to.be.greaterThan(10);
    expect(unchecked.length).to.be.at.most(3);
  });

  it('compiles every TypeScript block (and would catch a broken one)', function () {
    this.timeout(180_000);
    const checked = blocks.filter(isCheckedTypeScript);
    const files = new Map<string, string>([[join(VIRTUAL_DIR, 'prelude.d.ts'), PRELUDE]]);
    const lineOf = new Map<string, number>();
    checked.forEach((block, index) => {
      const name = join(VIRTUAL_DIR, `block-${String(index + 1).padStart(2, '0')}-line-${block.line}.ts`);
      files.set(name, `${block.code}\nexport {};\n`);
      lineOf.set(name, block.line);
    });
    // A deliberately broken snippet proves the check really typechecks against the package.
    const canary = join(VIRTUAL_DIR, 'canary.ts');
    files.set(
      canary,
      "import { MessengerAdapter } from 'botbuilder-adapter-messenger';\nnew MessengerAdapter({ appSecret: 1 });\nexport {};\n",
    );
    const problems = typecheck(files);
    const canaryProblems = problems.filter((problem) => problem.startsWith(canary));
    expect(canaryProblems, 'the canary must fail to compile').to.have.length.greaterThan(0);
    const readmeProblems = problems
      .filter((problem) => !problem.startsWith(canary))
      .map((problem) => {
        // block-NN-line-L.ts:3:5 -> README.md line L + 2
        const match = /line-(\d+)\.ts:(\d+):(\d+): ([\s\S]*)$/.exec(problem);
        return match
          ? `README.md:${Number(match[1]) + Number(match[2]) - 1}:${match[3]}: ${match[4]}`
          : problem;
      });
    expect(readmeProblems).to.deep.equal([]);
    expect(lineOf.size).to.equal(checked.length);
  });
});
