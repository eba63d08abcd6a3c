// `npm run lint` (and a step of `npm test`): typescript-eslint's recommended rules, no import
// cycles anywhere, and the walls between the rooms (docs/architecture.md). tsconfig project
// references already keep DOM, Node and vscode types out of the rooms that must not see them;
// these rules keep the imports one-way.
import tseslint from 'typescript-eslint';
import house from './eslint/no-import-cycle.mjs';

const wall = (message, ...group) => ({ group, message });

/** `no-restricted-imports` for one room. */
const room = (files, ...patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.train/**', '.cache/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { house },
    rules: {
      'house/no-import-cycle': 'error',
      // `_`-prefixed names are deliberately unused (an interface's parameter, a skipped element).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // page.evaluate() bodies reach the page's own globals (the harness's hooks), which have no types here.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  room(['src/model/**/*.ts'],
    wall('The model stands alone: it imports no other room of the extension.', 'vscode', '**/host/**', '**/webview/**', '**/shared/**')),
  room(['src/shared/**/*.ts'],
    wall('Shared code runs on both sides: no vscode, no host, no webview.', 'vscode', '**/host/**', '**/webview/**'),
    wall('Shared code takes only tfjs-free types from the model.', '@tensorflow/*', '../model/*', '!../model/config', '!../model/attention-kinds')),
  room(['src/host/**/*.ts'],
    wall('The host never imports browser code: move what both sides need to src/shared.', '**/webview/**')),
  room(['webview/**/*.ts'],
    wall('The webview never imports the host (or vscode): what both sides need is in src/shared.', 'vscode', '**/src/host/**')),
  room(['webview/views/**/*.ts'],
    wall('Views draw plain data (views/types.ts): no tfjs, no engine.', 'vscode', '**/src/host/**', '@tensorflow/*', '**/engine/**', '**/engine')),
);
