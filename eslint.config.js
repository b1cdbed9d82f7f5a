import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Package boundaries: a package's sources import another package by its name (@golden-dome/core, …),
// never by a path into its folder, nor into its src/ (docs/architecture.md: each package's index is its API).
const PACKAGE_BOUNDARIES = [
  {
    regex: '^(\\.\\./)+(\\.\\.|core|scenario|cli|server|web|pool)/(src|test)/',
    message: 'import another package by its name (@golden-dome/…), not by a path into its folder',
  },
  { regex: '^@golden-dome/[^/]+/(src|test)/', message: "import a package's API (its index or a declared export), not a file of its src" },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'bench/out/**',
      '**/*.py',
      'packages/web/dist/**',
      'packages/cli/dist/**',
      'packages/cli/dist.tmp-*/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // the web picture runs in the browser
    files: ['packages/web/src/**/*.ts'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        history: 'readonly',
        WebSocket: 'readonly',
        URLSearchParams: 'readonly',
        Option: 'readonly',
      },
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/*/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: PACKAGE_BOUNDARIES }] },
  },
  {
    // core is pure: no I/O, no wall clock, no Math.random (docs/architecture.md)
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PACKAGE_BOUNDARIES,
            { group: ['node:*', 'fs', 'net', 'http', 'https', 'child_process', 'worker_threads'], message: 'core is pure: no I/O' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'core is deterministic: pass a seeded generator' },
        { object: 'Date', property: 'now', message: 'core has no wall clock' },
      ],
    },
  },
);
