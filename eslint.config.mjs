// Lint: typescript-eslint's type-aware rules for TS, the same basics for the plain-JS test tooling,
// and the import boundaries between the layers of src/ (docs/ARCHITECTURE.md draws them).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The folders of src/core in their one order: each imports only the ones before it (clients.ts is a file).
 * test/unit/project/architecture.test.ts checks that every folder of src/core is here and that docs/ARCHITECTURE.md
 * writes the same order.
 */
export const CORE_ORDER = [
	'common',
	'credentials',
	'tokens',
	'signIn',
	'photoshop',
	'storage',
	'jobs',
	'requests',
	'operations',
	'diagnostics',
	'clients',
	'agent',
];

/** The one file that may require another bundle at run time, as esbuild.js's LAZY_LOADER (which keeps those requires external). */
const LAZY_LOADERS = ['src/shared/lazy.ts'];

/** How deep below its layer folder (src/core/<x>/, src/shared/, src/features/<x>/) a file may sit and still be checked. */
const MAX_DEPTH = 3;

/** `files` globs for the files exactly `depth` folders below `folder`, and the `../` that climbs from them back to it. */
function atDepth(folder, depth) {
	return { files: [`${folder}/${'*/'.repeat(depth)}*.ts`], up: `(\\.\\./){${depth + 1}}` };
}

/** What every file of src/ outside the core may not import at run time: HTTP code and the bundles' entry points. */
const lazyOnly = {
	group: ['undici', '**/core/common/http', '**/core/clients', '**/bundles/*'],
	allowTypeImports: true,
	message:
		"Avoid loading HTTP code or another bundle's entry point from here: it would land in dist/extension.js. Use the loaders of src/shared/lazy.ts (loadNetwork(), …); type imports are fine.",
};

const noVscode = (where) => ({
	name: 'vscode',
	message: `Avoid vscode in ${where}: it runs in plain Node (unit tests, dist/mcp.js). Take what you need as an argument (a Logger, a Clock, a host interface) and let src/shared or a feature pass it in.`,
});

/**
 * One `@typescript-eslint/no-restricted-imports` block per layer folder and depth. Flat config does not merge a
 * rule's options across blocks (the last block wins), so each block carries every restriction of its files.
 * Type imports are included: a type import ties two folders together as much as any other.
 * Messages say where to go instead, as aws-toolkit-vscode writes its own
 * (https://github.com/aws/aws-toolkit-vscode/blob/master/.eslintrc.js, "Avoid fs-extra, use shared/fs/fs.ts").
 */
function importBoundaries() {
	const blocks = [];
	const restrict = (files, restrictions, extra = {}) =>
		blocks.push({ files, ...extra, rules: { '@typescript-eslint/no-restricted-imports': ['error', restrictions] } });

	// src/core/<folder>/…: never vscode, never outside src/core, only the folders before it in CORE_ORDER.
	CORE_ORDER.forEach((folder, index) => {
		const before = CORE_ORDER.slice(0, index);
		const after = CORE_ORDER.slice(index + 1);
		const allowed = before.length > 0 ? `only ${before.map((f) => `core/${f}`).join(', ')}` : 'no other core folder';
		const isFile = folder === 'clients';
		for (let depth = 0; depth <= (isFile ? 0 : MAX_DEPTH); depth++) {
			const { files, up } = isFile ? { files: ['src/core/clients.ts'], up: '\\./' } : atDepth(`src/core/${folder}`, depth);
			const patterns = [
				{
					regex: `^${up}\\.\\./`,
					message:
						'Avoid importing outside src/core from the core: it is vscode-free and shared with dist/mcp.js. Move what you need into src/core (core/common for what every folder uses), or take it as an argument.',
				},
			];
			if (after.length > 0) {
				patterns.push({
					regex: `^${up}(${after.join('|')})(/|$)`,
					message: `Avoid importing a later core folder from core/${folder}: it may import ${allowed} (the order ${CORE_ORDER.join(' → ')}, docs/ARCHITECTURE.md). Move the shared piece down into core/${folder} or an earlier folder, or take it as an argument.`,
				});
			}
			const paths = [noVscode('src/core')];
			const isHttp = folder === 'common' && depth === 0;
			if (!isHttp)
				paths.push({
					name: 'undici',
					message: 'Avoid undici outside src/core/common/http.ts: use its HttpClient, where proxies, TLS and timeouts are set up once.',
				});
			restrict(files, { paths, patterns }, isHttp ? { ignores: ['src/core/common/http.ts'] } : {});
			if (isHttp) restrict(['src/core/common/http.ts'], { paths: [noVscode('src/core')], patterns });
		}
	});

	// src/shared/…: services every feature uses, so never a feature.
	for (let depth = 0; depth <= MAX_DEPTH; depth++) {
		const { files, up } = atDepth('src/shared', depth);
		restrict(files, {
			patterns: [
				lazyOnly,
				{
					regex: `^${up}features(/|$)`,
					message:
						'Avoid importing a feature from src/shared: shared services cannot know the features that use them. Move the piece into src/shared (or src/core), or let the feature hand it over from its activate().',
				},
			],
		});
	}

	// src/features/<x>/…: another feature only through its index.ts.
	for (let depth = 0; depth <= MAX_DEPTH; depth++) {
		const { files, up } = atDepth('src/features/*', depth);
		restrict(files, {
			patterns: [
				lazyOnly,
				{
					// ../<other>/<file>, where <file> is not index (a feature's own files are reached with ./).
					regex: `^${up}[\\w-]+/(?!index$).+`,
					message:
						"Avoid importing another feature's inner files: go through its index.ts (`../<feature>/index`), and export what you need there. What two features share belongs in src/shared or src/core.",
				},
			],
		});
	}

	// The composition root, the public API contract and the bundles' entry points: HTTP code only through the loaders.
	restrict(['src/*.ts', 'src/bundles/*.ts'], { patterns: [lazyOnly] }, { ignores: ['src/bundles/network.ts'] });
	// The network bundle's entry re-exports the core's HTTP code, so it is the core's side of the line: no VS Code API.
	restrict(['src/bundles/network.ts'], { paths: [noVscode('src/bundles/network.ts')] });

	// src/mcp/…: dist/mcp.js is the core plus the MCP SDK, runnable with `node dist/mcp.js`, no VS Code.
	for (let depth = 0; depth <= MAX_DEPTH; depth++) {
		const { files, up } = atDepth('src/mcp', depth);
		restrict(files, {
			paths: [noVscode('src/mcp')],
			patterns: [
				{
					regex: `^${up}(?!core/)`,
					message:
						'Avoid importing outside src/core from the MCP server: it ships as dist/mcp.js without VS Code. Move what it needs into src/core.',
				},
				{
					regex: '^(?!\\.|node:|@modelcontextprotocol/sdk/)',
					message:
						'Avoid packages other than the MCP SDK in src/mcp (use node:… for Node built-ins); HTTP goes through core/common/http.ts.',
				},
			],
		});
	}

	// src/cli/…: dist/cli.js is the core plus Node, runnable with `node dist/cli.js` (or `npx adobe-api-toolkit`) in CI, no VS Code.
	for (let depth = 0; depth <= MAX_DEPTH; depth++) {
		const { files, up } = atDepth('src/cli', depth);
		restrict(files, {
			paths: [noVscode('src/cli')],
			patterns: [
				{
					regex: `^${up}(?!core/)`,
					message:
						'Avoid importing outside src/core from the command-line runner: it ships as dist/cli.js without VS Code. Move what it needs into src/core.',
				},
				{
					regex: '^(?!\\.|node:)',
					message: 'Avoid packages in src/cli (use node:… for Node built-ins); HTTP goes through core/common/http.ts.',
				},
			],
		});
	}
	return blocks;
}

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
	...importBoundaries(),
	{
		// Every lazy require of another bundle sits in one place, so the load-time seam is visible in one file.
		files: ['src/**/*.ts'],
		ignores: LAZY_LOADERS,
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.name='require'][arguments.0.value=/^\\.\\x2F[\\w-]+\\.js$/]",
					message:
						'Avoid requiring another bundle here: every lazy require lives in src/shared/lazy.ts (esbuild.js keeps it external). Add a loader there and call it.',
				},
			],
		},
	},
);
