// @ts-check
// Bundles the extension. Entry points (src/bundles/ and the MCP server):
//   dist/extension.js  what VS Code loads at activation: the status bar, the sign-in provider and every
//                      feature's stubs (src/extension.ts), nothing else; at most 48 KB minified (a unit test checks)
//   dist/network.js    undici and the Adobe clients, required on first network use
//   dist/commands.js   the features' code behind their stubs (commands, the explorer, the terminal
//                      environment, the public API's implementation), required on first use
//   dist/requests.js   request files, the Jobs view and the language model tools, required when a request file opens
//   dist/mcp.js        the stdio MCP server (`node dist/mcp.js`), standalone: its own copy of the
//                      core and the MCP SDK, which no other bundle contains
//   dist/cli.js        the headless request-file runner (package.json "bin": `npx adobe-api-toolkit run …`),
//                      standalone like dist/mcp.js; its entry's `#!/usr/bin/env node` line is kept by esbuild
// The lazily loaded bundles are required by src/shared/lazy.ts only, which only dist/extension.js may contain.
// `--production` minifies and drops source maps; `--watch` rebuilds on change and prints
// problem-matcher-friendly "[watch] build started/finished" lines.
const fs = require('node:fs');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** The only file that may require another bundle at run time. */
const LAZY_LOADER = 'src/shared/lazy.ts';

/** The bundles' entry points; src/bundles/ holds the lazily loaded ones. */
const ENTRY_POINTS = {
	extension: 'src/extension.ts',
	network: 'src/bundles/network.ts',
	requests: 'src/bundles/requests.ts',
	commands: 'src/bundles/commands.ts',
	mcp: 'src/mcp/server.ts',
	cli: 'src/cli/main.ts',
};

/** Keeps `require('./network.js')`, `require('./requests.js')` and `require('./commands.js')` runtime requires of the other bundles. */
const lazyBundlesPlugin = {
	name: 'lazy-bundles',
	/** @param {import('esbuild').PluginBuild} build */
	setup(build) {
		build.onResolve({ filter: /^\.\/(network|requests|commands)\.js$/ }, (args) =>
			args.importer.replaceAll('\\', '/').endsWith(LAZY_LOADER) ? { path: args.path, external: true } : undefined,
		);
	},
};

/**
 * Every `import * as vscode from 'vscode'` reads one module, `export * from 'vscode'`, in each bundle.
 * Left to itself, esbuild wraps the external CommonJS `vscode` once per importing file (`__toESM`),
 * and each wrap copies every property of VS Code's API object (hundreds of getters): with the 22
 * files of dist/extension.js that was most of the bundle's load time in the extension host (a CPU
 * profile of activation, issue #17). Through this module the copy is made once per bundle.
 */
const VSCODE_ONCE = 'vscode-once';
const vscodeOncePlugin = {
	name: VSCODE_ONCE,
	/** @param {import('esbuild').PluginBuild} build */
	setup(build) {
		build.onResolve({ filter: /^vscode$/ }, (args) =>
			args.namespace === VSCODE_ONCE ? { path: 'vscode', external: true } : { path: 'vscode', namespace: VSCODE_ONCE },
		);
		build.onLoad({ filter: /.*/, namespace: VSCODE_ONCE }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
	},
};

/**
 * The build options (the bundle test builds the activation bundle with them too).
 * @param {{ production: boolean }} options
 * @returns {import('esbuild').BuildOptions}
 */
function buildOptions({ production }) {
	return {
		entryPoints: ENTRY_POINTS,
		bundle: true,
		format: 'cjs',
		minify: production,
		sourcemap: !production,
		sourcesContent: false,
		platform: 'node',
		target: 'node20',
		outdir: 'dist',
		external: ['vscode'],
		// jsonc-parser's "main" is a UMD build whose factory requires './impl/…' at run time, which
		// esbuild cannot follow (the bundle throws "Cannot find module './impl/format'"); its ES module
		// build bundles, and tree-shakes to the parser alone.
		alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
		logLevel: 'silent',
		metafile: true,
		plugins: [vscodeOncePlugin, lazyBundlesPlugin, problemMatcherPlugin],
	};
}

/**
 * A lazily loaded bundle with its own copy of the loaders would load bundles behind the activation
 * bundle's back (its isXLoaded checks would not see them): only dist/extension.js may hold lazy.ts.
 * @param {import('esbuild').Metafile} metafile
 */
function checkLazyLoaders(metafile) {
	const holders = Object.entries(metafile.outputs)
		.filter(([file, out]) => file.endsWith('.js') && LAZY_LOADER in out.inputs && !file.endsWith('dist/extension.js'))
		.map(([file]) => file);
	if (holders.length > 0) throw new Error(`${holders.join(', ')} contain ${LAZY_LOADER}: reach the other bundles through the services`);
}

/** Prints build results in the shape of the `$esbuild-watch` problem matcher. */
const problemMatcherPlugin = {
	name: 'problem-matcher',
	/** @param {import('esbuild').PluginBuild} build */
	setup(build) {
		build.onStart(() => {
			if (watch) console.log('[watch] build started');
		});
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
			}
			if (watch) console.log('[watch] build finished');
		});
	},
};

async function main() {
	// A production build must not ship a development build's source maps.
	fs.rmSync('dist', { recursive: true, force: true });
	const ctx = await esbuild.context(buildOptions({ production }));
	if (watch) {
		await ctx.watch();
		return;
	}
	const result = await ctx.rebuild();
	await ctx.dispose();
	checkLazyLoaders(result.metafile);
	// The bin is run by its name (npx, npm link): executable, as npm's bin-links would make it on install.
	fs.chmodSync('dist/cli.js', 0o755);
	const sizes = Object.entries(result.metafile.outputs)
		.filter(([file]) => file.endsWith('.js'))
		.map(([file, out]) => `${file} ${(out.bytes / 1024).toFixed(1)} KB`);
	console.log(`[esbuild] ${production ? 'production' : 'development'} build: ${sizes.join(', ')}`);
}

module.exports = { buildOptions, checkLazyLoaders, ENTRY_POINTS, LAZY_LOADER };

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
