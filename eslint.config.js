// Lint: typescript-eslint's recommended rules over src/, test/ and scripts/ (`npm run lint`).
// Formatting is prettier's (`npm run fmt`); these rules are about mistakes, not layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.build/', 'node_modules/', 'coverage/', 'src/cli/kubectl/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        SharedArrayBuffer: 'readonly',
        Atomics: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
      },
    },
    rules: {
      // `_name` marks what a destructuring or a signature must name but does not use
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Json (api/types.ts) is `any` on purpose: manifests are untyped until validated
      '@typescript-eslint/no-explicit-any': 'off',
      // empty catch blocks carry a comment saying why the error does not matter
      'no-empty': ['error', { allowEmptyCatch: true }],
      // kubectl's columns are runs of spaces, and terminals' escapes are control characters:
      // patterns that match them say so literally
      'no-regex-spaces': 'off',
      'no-control-regex': 'off',
    },
  },
);
