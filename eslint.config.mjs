// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tools/**', '.test-work/**', '*.vsix', 'test/bench/floor/**', 'test/bench/hostprofile/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      // `import vscode = require('vscode')`: one plain require per module (an ES namespace import of it copied the
      // API's ~250 properties in each of 58 modules at activation).
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^vscode$'] }],
    },
  },
  {
    // The layers: core never imports vscode; the webview never imports Node.
    files: ['src/core/**/*.ts'],
    // The TypeScript rule: it also sees `import x = require()`.
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'core/ must not depend on the VS Code API.' }], patterns: [{ group: ['**/sandbox', '**/sandbox/*', '**/vscode/*', '**/mcp/*'], message: 'core/ is below the sandbox, the host layer and the MCP server: it imports none of them.' }] }] },
  },
  {
    // The sandbox (an emulator with its own CLI) stands on core, like the extension: never on the VS Code API.
    files: ['src/sandbox/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The sandbox runs without VS Code.' }], patterns: [{ group: ['**/vscode/*', '**/mcp/*'], message: 'The sandbox runs without VS Code.' }] }] },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'vscode', 'fs', 'path', 'http', 'https', 'crypto', '../core/*', '../vscode/*'], message: 'The webview runs in a browser.' }] }],
    },
  },
  {
    // Shared by the host and the webview bundle: neither VS Code, Node nor either side.
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'vscode', 'fs', 'path', 'http', 'https', 'crypto', '../core/*', '../vscode/*', '../webview/*'], message: 'src/shared is used by the host and the webview alike.' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
