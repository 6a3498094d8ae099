// Lint (`npm run lint`, run first by `npm test`): typescript-eslint's recommended rules, the React
// hooks rules, and the layers of the code (docs/architecture.md#layers), one way only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

/**
 * The layers, lowest first: each may import itself and the layers it lists, nothing else, so no two
 * folders import each other. `contract` is the Api's types and transport shapes, shared by the
 * service, the jobs, the transports and the window.
 */
const LAYERS = [
  { type: 'rules', pattern: 'core/rules', uses: ['model'] },
  { type: 'codec', pattern: 'core/codec', uses: ['model', 'rules'] },
  { type: 'csv', pattern: 'core/csv', uses: ['model', 'rules'] },
  { type: 'collections', pattern: 'core/collections', uses: ['model', 'codec'] },
  { type: 'snapshot', pattern: 'core/snapshot', uses: ['model', 'rules', 'codec', 'collections', 'csv'] },
  { type: 'simulate', pattern: 'core/simulate', uses: ['model', 'rules', 'codec', 'collections', 'snapshot'] },
  { type: 'unify', pattern: 'core/unify', uses: ['model', 'rules', 'codec', 'collections', 'snapshot', 'simulate'] },
  { type: 'check', pattern: 'core/check', uses: ['model', 'rules', 'codec', 'csv', 'snapshot', 'simulate'] },
  { type: 'report', pattern: 'core/report', uses: ['model', 'rules', 'codec', 'csv'] },
  { type: 'store', pattern: 'core/store', uses: ['model', 'rules', 'codec', 'csv', 'unify'] },
  { type: 'contract', pattern: 'core/contract', uses: ['model', 'rules'] },
  { type: 'jobs', pattern: 'core/jobs', uses: ['model', 'rules', 'codec', 'csv', 'snapshot', 'simulate', 'unify', 'check', 'report', 'store', 'contract', 'collections'] },
  { type: 'api', pattern: 'core/api', uses: ['model', 'rules', 'codec', 'csv', 'snapshot', 'simulate', 'unify', 'check', 'report', 'store', 'contract', 'jobs'] },
  { type: 'cli', pattern: 'core/cli', uses: ['model', 'rules', 'codec', 'csv', 'snapshot', 'simulate', 'unify', 'check', 'report', 'store', 'jobs'] },
  // The window: the typed Api (contract), the shared words and lists, and the browser bridge's client
  // (web/client.ts), never the service or the store.
  { type: 'renderer', pattern: 'renderer', uses: ['model', 'rules', 'contract', 'web'] },
  { type: 'electron', pattern: 'electron', uses: ['model', 'contract', 'api'] },
  // The browser bridge reuses the desktop shell's pure parts (method list, file names, CSP).
  { type: 'web', pattern: 'web', uses: ['model', 'contract', 'api', 'electron'] },
  // core/model.ts and core/utf8.ts: the files at the root of core/ (after its folders, which match first).
  { type: 'model', pattern: 'core', uses: [] },
];

/** What only Node code may import: `core/` runs in Node (the CLI, the worker threads, the service). */
const WINDOW_ONLY = ['react', 'react-dom', 'react-dom/*', 'electron', '@tanstack/*', 'i18next', 'react-i18next'];

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'release/**', '.scratch/**', 'coverage/**', '.vite/**', '.bench/**', 'test-results/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a value left out on purpose (a destructured field dropped from a copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['test/**/*.cjs', 'scripts/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The plugin's recommended rules: the rules of hooks and the React Compiler's rules (refs read
    // in render, setState in an effect, …). Missing effect dependencies are errors, not warnings.
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: WINDOW_ONLY, message: 'core/ runs in Node: it never imports electron, react or other window code.' }] }],
      'no-restricted-globals': ['error', ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'DOMParser'].map((name) => ({ name, message: 'core/ runs in Node: no DOM.' }))],
    },
  },
  {
    files: ['core/**/*.ts', 'electron/**/*.ts', 'web/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYERS.map(({ type, pattern }) => ({ type, pattern, partialMatch: true })),
      'boundaries/include': ['core/**/*', 'electron/**/*', 'web/**/*', 'renderer/**/*'],
    },
    rules: {
      'boundaries/dependencies': ['error', {
        default: 'disallow',
        policies: LAYERS.map(({ type, uses }) => ({
          from: { element: { type } },
          allow: [type, ...uses].map((to) => ({ to: { element: { type: to } } })),
        })),
      }],
      'boundaries/no-unknown-files': 'error',
    },
  },
);
