import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'bench/out/**', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // core is pure: no I/O, no wall clock, no Math.random (../shared/ARCHITECTURE.md)
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'net', 'http', 'https', 'child_process', 'worker_threads'] }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'core is deterministic: pass a seeded generator' },
        { object: 'Date', property: 'now', message: 'core has no wall clock' }],
    },
  },
);
