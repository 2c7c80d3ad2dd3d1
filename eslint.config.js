// Lint rules. Besides the usual recommendations, this file enforces the import boundaries
// that keep the booth core testable under plain Node (see ARCHITECTURE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = {
  paths: [{ name: 'electron', message: 'Only the thin shell (src/main/index.ts, src/main/ipc.ts, src/preload) may import electron.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'db/**/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/main/booth/**', 'src/shared/**', 'server/**', 'db/**', 'src/main/web-host/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a browser sandbox: no Node modules.' },
            { group: ['**/main/**', '**/server/**', '**/db/**'], message: 'The renderer talks to the booth only through the contract client.' },
          ],
        },
      ],
    },
  },
);
