// Lint: typescript-eslint's type-aware rules for TS, the same basics for the plain-JS test tooling.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', '*.vsix'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			eqeqeq: ['error', 'always'],
			curly: ['error', 'multi-line'],
			'no-throw-literal': 'error',
		},
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' },
		rules: {
			'@typescript-eslint/no-require-imports': 'off',
			eqeqeq: ['error', 'always'],
		},
	},
	{ files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
	{
		// The core and the MCP server must stay runnable in plain Node: no VS Code API in them.
		files: ['src/core/**', 'src/bundles/network.ts', 'src/mcp/**'],
		rules: {
			'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core is vscode-free; pass what it needs in.' }] }],
		},
	},
	{
		// Undici belongs to the lazily loaded network bundle and the standalone MCP server only (see esbuild.js).
		files: ['src/**/*.ts'],
		ignores: ['src/core/**', 'src/bundles/network.ts', 'src/mcp/**'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['undici', '**/core/common/http', '**/core/clients', '**/bundles/network'],
							allowTypeImports: true,
							message: 'HTTP code lives in the lazily loaded network bundle: use loadNetwork() (type imports are fine).',
						},
					],
				},
			],
		},
	},
);
