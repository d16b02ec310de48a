// ESLint flat config: type-aware typescript-eslint for src/ (strict), __tests__/ and examples/ (relaxed),
// plain recommended rules for the CommonJS benchmark scripts. Formatting is Prettier's job (`npm run lint`
// runs `prettier --check .` after ESLint); none of the configs below enable formatting rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node.js globals for the plain JavaScript files (the `globals` package is not a dependency). */
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
    'structuredClone',
    'performance',
    'globalThis',
    'AbortController',
    'AbortSignal',
    'URL',
    'TextEncoder',
    'TextDecoder',
    'WeakRef',
    'FinalizationRegistry',
    'gc',
    '__dirname',
    '__filename',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-examples/**',
      'coverage/**',
      'docs/**',
      'node_modules/**',
      'bench/results/**',
      '.scratch/**',
      'scripts/consumer/**',
      // Compiled with ioredis mapped to ioredis 6 (tsconfig.types.ioredis6.json), outside tsconfig.json.
      '__tests__/types/ioredis6/**',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
  },

  // TypeScript: src/, __tests__/, examples/, jest.config.ts — all in tsconfig.json, so type-aware.
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The package compiles to CommonJS without verbatimModuleSyntax: `import type` is optional.
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // An empty block is an error; an empty `catch` must at least carry a comment saying why
      // (no-empty accepts a block that contains a comment).
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },

  // ioredis is an optional peer dependency: src/ may name its types, never load it (import type only).
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'ioredis', message: 'ioredis is an optional peer: use `import type`.', allowTypeImports: true },
          ],
        },
      ],
    },
  },

  // Tests and examples: `any`, unsafe member access and unbound methods are routine in test code
  // (jest mocks, `expect(obj.method)`, deliberately wrong inputs). Promise rules stay on: a floating
  // `expect(...).rejects` is a test that asserts nothing.
  {
    files: ['__tests__/**/*.ts', 'jest.config.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // Tests throw and reject with non-Errors on purpose (DESIGN.md §6), and key-encoding tests feed
      // sparse arrays, NUL characters and `arguments` objects on purpose.
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      'no-sparse-arrays': 'off',
      'no-control-regex': 'off',
      'prefer-rest-params': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // `await` works on every control of both kinds (DESIGN.md §2); tests await sync ones on purpose.
      '@typescript-eslint/await-thenable': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // Parameters that only exist to be read by name (template keys) are routine in tests.
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': 'off',
      // `// @ts-expect-error` is how the type tests assert that something does not compile.
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': false }],
    },
  },

  // Examples: `manager.cacheOf(service.method)` is the documented way to reach a decorated method's
  // controls (it never calls the method unbound), and `await` works on every control of both kinds.
  {
    files: ['examples/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },

  // Benchmark scripts: CommonJS JavaScript outside tsconfig.json, so no type information.
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended, tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'commonjs',
      globals: nodeGlobals,
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended, tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },
);
