// Lint rules, including the ones that keep the layers apart (see README "Architecture"):
// shared imports nothing of ours; the renderer never reaches main, preload, the sandbox or electron; only
// src/main/electron/ and the composition root touch electron; the relay (a server program of its own) uses
// shared and main's plain-Node API client, logger and async helpers, nothing else of the app, and nothing
// imports it.
// No import cycles anywhere in src (import-x/no-cycle, resolving TypeScript paths as tsc does), and no
// service imports app-core: app-core wires the services together, so a service importing it is a cycle in
// waiting and a sign the type it wants lives too high.
import js from '@eslint/js'
import globals from 'globals'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
})
const electronOnlyInAdapters = 'Only src/main/electron/ and src/main/index.ts may import electron.'
const mainPlainNode = [
  'electron',
  'electron/*',
  'electron-store',
  '**/renderer/**',
  '**/preload/**',
  '**/relay',
  '**/relay/**',
]

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'test-results',
      'playwright-report',
      '.tmp',
      'src/shared/wire/*.gen.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads each imported file itself: with TypeScript's parser, resolved as tsc resolves them.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.node.json', 'tsconfig.web.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
      // Packages are not followed: a cycle that matters to us runs through our own files.
      'import-x/external-module-folders': ['node_modules'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: layer(
      ['**/main/**', '**/renderer/**', '**/preload/**', '**/sandbox/**', 'electron', 'node:*'],
      'src/shared imports nothing of ours and runs anywhere (no Node builtins, no electron).',
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: layer(
      [
        '**/main/**',
        '**/preload/**',
        '**/sandbox/**',
        '**/relay/**',
        '**/shared/wire/**',
        'electron',
        'electron-store',
        'node:*',
      ],
      'The renderer talks to main only through window.linq; it imports src/shared (domain/contract) only.',
    ),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: layer(
      ['**/main/**', '**/renderer/**', '**/sandbox/**', '**/relay/**'],
      'The preload is built from src/shared only.',
    ),
  },
  {
    files: ['src/sandbox/**/*.ts'],
    rules: layer(
      [
        '**/main/**',
        '**/renderer/**',
        '**/preload/**',
        '**/relay',
        '**/relay/**',
        'electron',
        'electron-store',
      ],
      'The sandbox is a standalone Linq-compatible server.',
    ),
  },
  {
    files: ['src/relay/**/*.ts'],
    rules: {
      // One group, so the negations re-include main's API client and logger (gitignore-style: an excluded
      // parent folder cannot be re-included, so each level is named).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/main/*',
                '!**/main/services',
                '**/main/services/*',
                '!**/main/services/linq-api',
                '!**/main/services/log',
                '!**/main/services/async',
                '**/main/services/*/**',
                '!**/main/services/linq-api/**',
                '!**/main/services/async/**',
                '**/renderer/**',
                '**/preload/**',
                '**/sandbox',
                '**/sandbox/**',
                'electron',
                'electron/*',
                'electron-store',
              ],
              message:
                'The relay is a server program: it uses src/shared and main’s API client, logger and async helpers, nothing else of the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**', 'src/main/index.ts'],
    rules: layer(mainPlainNode, electronOnlyInAdapters),
  },
  {
    // The same, plus: a service never imports app-core (the composition of the services, one level up).
    files: ['src/main/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: mainPlainNode, message: electronOnlyInAdapters },
            {
              group: ['**/app-core', '**/app-core/**', '**/app-core.ts'],
              message: 'Services never import app-core: it composes them. Move the shared piece down.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/main/index.ts'],
    rules: layer(['**/renderer/**', '**/preload/**'], 'Main never imports the renderer or the preload.'),
  },
)
