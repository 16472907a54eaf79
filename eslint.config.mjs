// ESLint flat config: typescript-eslint's recommended rules over every TypeScript file in the repo.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'docs/api/**', 'artifacts/**', '.prof/**', 'sandbox/web/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Declaration merging of overloads and namespaces is intentional where used.
      'no-redeclare': 'off',
    },
  },
  // Layering: adapter/ never imports middleware/ (the entry index files excepted), no entry loads the
  // other framework, and no published file imports express (tests check the built graph too).
  {
    files: ['adapter/**/*.ts'],
    ignores: ['adapter/index.ts', 'adapter/agents/index.ts', 'adapter/agents/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/middleware', '**/middleware/**'], message: 'adapter/ must not import middleware/ (middleware depends on adapter).' },
            { group: ['@microsoft/agents-*'], message: 'Only adapter/agents/ may import the Agents SDK: the root entry must not load it.' },
            { group: ['express'], message: 'The package must not load or type express: use the WebhookRequest / WebhookResponse shapes.' },
          ],
        },
      ],
    },
  },
  {
    files: ['adapter/agents/**/*.ts'],
    ignores: ['adapter/agents/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/middleware', '**/middleware/**'], message: 'adapter/ must not import middleware/ (middleware depends on adapter).' },
            { group: ['botbuilder', 'botbuilder-*', 'botframework-*'], message: 'The /agents entry must not load botbuilder.' },
            { group: ['express'], message: 'The package must not load or type express.' },
            { group: ['../index', '../messengerAdapter'], message: 'The /agents entry must not load the root entry (it loads botbuilder).' },
          ],
        },
      ],
    },
  },
  {
    files: ['adapter/agents/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['botbuilder', 'botbuilder-*', 'botframework-*', '../index', '../messengerAdapter'], message: 'The /agents entry must not load botbuilder.' }] },
      ],
    },
  },
  {
    files: ['middleware/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/agents-*'], message: 'Middleware is framework-neutral: use the types in adapter/turnContext.ts.' },
            { group: ['express'], message: 'The package must not load or type express.' },
          ],
        },
      ],
    },
  },
  // Node 20's V8 adds a field to an object copied by a spread on a slow path (about 1.5 µs a field, and
  // a new hidden class each time): `{ ...base, field }` costs 100 times `copyWith(base, { field })`.
  {
    files: ['adapter/**/*.ts', 'middleware/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement:first-child ~ *',
          message: 'A field after a leading spread is slow on Node 20: use copyWith(base, { field }) from adapter/copyWith.ts.',
        },
      ],
    },
  },
  {
    files: ['sandbox/web/**/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', fetch: 'readonly', EventSource: 'readonly' } },
  },
);
