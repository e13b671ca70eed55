// @ts-check
// Bundles the extension. Four entry points:
//   dist/extension.js  what VS Code loads at activation: small, no HTTP client in it
//   dist/network.js    undici and the Adobe clients, required on first network use
//   dist/requests.js   request files and the Jobs view, required when a request file opens
//   dist/commands.js   the profile commands' dialogs and the personal-token consent, required on first use
//   dist/mcp.js        the stdio MCP server (`node dist/mcp.js`), standalone: its own copy of the
//                      core and the MCP SDK, which no other bundle contains
// `--production` minifies and drops source maps; `--watch` rebuilds on change and prints
// problem-matcher-friendly "[watch] build started/finished" lines.
const fs = require('node:fs');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** The only files that may require another bundle at run time (see src/shared/lazy.ts). */
const LAZY_LOADERS = ['src/shared/lazy.ts', 'src/shared/clientProvider.ts', 'src/features/requests/index.ts'];

/** Keeps `require('./network.js')`, `require('./requests.js')` and `require('./commands.js')` runtime requires of the other bundles. */
const lazyBundlesPlugin = {
	name: 'lazy-bundles',
	/** @param {import('esbuild').PluginBuild} build */
	setup(build) {
		build.onResolve({ filter: /^\.\/(network|requests|commands)\.js$/ }, (args) =>
			LAZY_LOADERS.some((loader) => args.importer.replaceAll('\\', '/').endsWith(loader)) ? { path: args.path, external: true } : undefined,
		);
	},
};

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
	const ctx = await esbuild.context({
		entryPoints: {
			extension: 'src/extension.ts',
			network: 'src/bundles/network.ts',
			requests: 'src/bundles/requests.ts',
			commands: 'src/bundles/commands.ts',
			mcp: 'src/mcp/server.ts',
		},
		bundle: true,
		format: 'cjs',
		minify: production,
		sourcemap: !production,
		sourcesContent: false,
		platform: 'node',
		target: 'node20',
		outdir: 'dist',
		external: ['vscode'],
		logLevel: 'silent',
		metafile: true,
		plugins: [lazyBundlesPlugin, problemMatcherPlugin],
	});
	if (watch) {
		await ctx.watch();
		return;
	}
	const result = await ctx.rebuild();
	await ctx.dispose();
	const sizes = Object.entries(result.metafile.outputs)
		.filter(([file]) => file.endsWith('.js'))
		.map(([file, out]) => `${file} ${(out.bytes / 1024).toFixed(1)} KB`);
	console.log(`[esbuild] ${production ? 'production' : 'development'} build: ${sizes.join(', ')}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
