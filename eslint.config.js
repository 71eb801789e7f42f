// Lint: the recommended rules of ESLint and typescript-eslint, plus the house rules that a linter can see.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '**/node_modules/',
      'infra/kafka/target/',
      '.kafka/',
      '.tools/',
      'data/',
      '.data/',
      // Written by openapi-typescript (npm run generate:client); still type-checked by tsc.
      'client/src/generated/'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Rule 3 of the house: only bin/style-flow.ts reads process.env.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only bin/style-flow.ts reads process.env; take config as a parameter.'
        }
      ],
      'no-console': 'error'
    }
  },
  {
    files: ['bin/**', 'bench/**', '**/test/**', 'test/**', 'infra/**', 'platform/src/testing/**', 'client/scripts/**'],
    rules: { 'no-restricted-properties': 'off', 'no-console': 'off' }
  },
  {
    // Rule 1 of the house: nothing imports a service from another service. Services share platform and contracts
    // only, and call each other over HTTP (the platform's peers) or through events.
    files: ['services/*/src/**/*.ts', 'services/*/test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@style-flow/[a-z-]+-service(/|$)',
              message: 'A service never imports another (DESIGN rule 1): share through contracts, call through peers.'
            },
            {
              regex: '^(\\.\\./){2,}[a-z-]+/(src|migrations)/',
              message: 'A service never imports another (DESIGN rule 1): share through contracts, call through peers.'
            }
          ]
        }
      ]
    }
  },
  {
    // Rule 1 of the house: only a service's data/ holds SQL; everything else calls a repository function.
    files: ['services/*/src/**/*.ts'],
    ignores: ['services/*/src/data/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']",
          message: 'SQL lives only in data/ (DESIGN rule 1): call a repository function.'
        },
        {
          selector: "CallExpression[callee.property.name='exec'][callee.object.name=/^(db|tx|session)$/]",
          message: 'SQL lives only in data/ (DESIGN rule 1): call a repository function.'
        },
        {
          selector: "CallExpression[callee.property.name='exec'][callee.object.property.name='db']",
          message: 'SQL lives only in data/ (DESIGN rule 1): call a repository function.'
        }
      ]
    }
  }
);
