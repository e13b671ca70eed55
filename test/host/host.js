// @ts-check
/**
 * The real-VS-Code test host: code-server (VS Code's workbench and extension host, served to a
 * browser) driven by Debian's Chromium through playwright-core. Used by the integration suite,
 * the UI tests and `npm start`. Installs are done (once, then cached) by install.sh.
 * How to run it and what it needs: CONTRIBUTING.md ("Tests").
 */
const { execFileSync, spawn } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/** The repository root, whether this runs from test/host or from its compiled copy in out/test/host. */
const REPO_ROOT = (() => {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'esbuild.js')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
	}
	throw new Error(`cannot find the repository root above ${__dirname}`);
})();
/**
 * Extensions loaded beside this one when a suite runs (never for `npm start` or the UI tests):
 * the consumer uses the exported API and the authentication provider as another extension would.
 */
const TEST_EXTENSIONS = [path.join(REPO_ROOT, 'test/fixtures/consumer-extension')];
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
];

/** Settings that keep a test workbench quiet and deterministic. */
const QUIET_SETTINGS = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'security.workspace.trust.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'chat.disableAIFeatures': true,
	'window.commandCenter': false,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** The code-server version the host runs (install.sh installs the same one). */
const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.139.1';

/** The cached tools' paths in `cache` (install.sh's last line); throws if one is missing. @param {string} cache */
function hostTools(cache) {
	const node = path.join(cache, 'node24/node_modules/node/bin/node');
	const entry = path.join(cache, `code-server-${CODE_SERVER_VERSION}/node_modules/code-server/out/node/entry.js`);
	for (const file of [node, entry, CHROMIUM]) {
		if (!fs.existsSync(file)) throw new Error(`The test host is incomplete: ${file} is missing. Delete ${cache} and run again.`);
	}
	return { node, entry };
}

/** Installs what is missing (see install.sh) and returns the paths of the cached tools. Blocks; installHost does the same without blocking. */
function ensureHost() {
	const cache = execFileSync('bash', [path.join(REPO_ROOT, 'test/host/install.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	if (!cache) throw new Error('install.sh printed no cache folder');
	return hostTools(cache);
}

/**
 * Installs what is missing (see install.sh) and returns the cached tools' paths and versions, without
 * blocking (so `npm start` can animate its progress line). `onStep` receives each step install.sh
 * announces ("installing code-server 4.139.1 (first run only, about 2 minutes)…"); without it they go to stderr.
 * @param {{ onStep?: (text: string) => void }} [options]
 */
async function installHost(options = {}) {
	const child = spawn('bash', [path.join(REPO_ROOT, 'test/host/install.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let pending = '';
	/** @type {string[]} */
	const said = [];
	child.stdout.on('data', (/** @type {Buffer} */ chunk) => (stdout += chunk.toString()));
	child.stderr.on('data', (/** @type {Buffer} */ chunk) => {
		const lines = (pending + chunk.toString()).split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) {
			said.push(line);
			const step = /^\[host-install \+\d+s\] (.*)$/.exec(line);
			if (options.onStep && step) options.onStep(step[1]);
			else process.stderr.write(`${line}\n`);
		}
	});
	const [code] = /** @type {[number | null]} */ (await once(child, 'close'));
	if (pending) said.push(pending);
	if (code !== 0) throw new Error(`Installing the test host failed (install.sh exited with ${code}):\n${said.join('\n')}`);
	const cache = stdout.trim().split('\n').pop();
	if (!cache) throw new Error('install.sh printed no cache folder');
	const tools = hostTools(cache);
	return { ...tools, version: readVersion(tools.entry) };
}

/**
 * Runs a program to its end without blocking; resolves with its output, rejects with it on failure.
 * @param {string} file @param {string[]} args @param {{ cwd?: string }} [options]
 */
async function runToEnd(file, args, options = {}) {
	const child = spawn(file, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (/** @type {Buffer} */ chunk) => (output += chunk.toString()));
	child.stderr.on('data', (/** @type {Buffer} */ chunk) => (output += chunk.toString()));
	const [code] = /** @type {[number | null]} */ (await once(child, 'close'));
	if (code !== 0) throw new Error(`${path.basename(file)} ${args.join(' ')} exited with ${code}:\n${output.trim()}`);
	return output;
}

/** @returns {Promise<number>} */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/**
 * Packages the extension as a .vsix exactly as for the Marketplace (production build, .vscodeignore);
 * or, given a test extension's folder, that extension (which has no repository or licence file).
 * @param {string} outFile @param {string} [folder]
 */
async function packageVsix(outFile, folder = REPO_ROOT) {
	const vsce = path.join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce');
	const testOnly = folder === REPO_ROOT ? [] : ['--allow-missing-repository', '--skip-license'];
	await runToEnd(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', ...testOnly, '--out', outFile], {
		cwd: folder,
	});
	return outFile;
}

/**
 * Starts code-server on a free loopback port with the given user settings.
 *  - mode 'development' (default): the workbench loads this repository through the test payload
 *    (needs the smoke-test driver, which also suppresses notification toasts);
 *  - mode 'installed': the extension is packaged and installed like a user's, no test driver,
 *    so the workbench behaves exactly as for a user (toasts included).
 *  - withTestExtensions (installed mode): also install TEST_EXTENSIONS, packaged the same way.
 * The three steps (installHost, prepareCodeServer, serveCodeServer) are separate for `npm start`, which shows each as a phase.
 * @param {CodeServerOptions} [options]
 */
async function startCodeServer(options = {}) {
	const tools = await installHost();
	return serveCodeServer(await prepareCodeServer(tools, options), options);
}

/**
 * @typedef {{ settings?: Record<string, unknown>, env?: Record<string, string>, port?: number, mode?: 'development' | 'installed', withTestExtensions?: boolean }} CodeServerOptions
 * @typedef {Awaited<ReturnType<typeof installHost>>} HostTools
 * @typedef {Awaited<ReturnType<typeof prepareCodeServer>>} PreparedCodeServer
 */

/**
 * A fresh user data folder with the settings and a workspace; in installed mode, the extension
 * packaged and installed into it.
 * @param {HostTools} tools @param {CodeServerOptions} [options]
 */
async function prepareCodeServer(tools, options = {}) {
	const { node, entry } = tools;
	const mode = options.mode ?? 'development';
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-api-toolkit-host-'));
	const userDir = path.join(root, 'user');
	const workspace = path.join(root, 'workspace');
	fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
	fs.mkdirSync(workspace, { recursive: true });
	fs.writeFileSync(
		path.join(workspace, 'README.md'),
		'# Adobe API Toolkit playground\n\nOpen the Adobe API Toolkit view in the activity bar.\n',
	);
	fs.writeFileSync(path.join(userDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));

	const dirs = ['--user-data-dir', userDir, '--extensions-dir', path.join(root, 'extensions')];
	if (mode === 'installed') {
		const vsix = await packageVsix(path.join(root, 'adobe-api-toolkit.vsix'));
		await runToEnd(node, [entry, ...dirs, '--install-extension', vsix]);
		// Test extensions that use ours as another extension would (the suite loads them in development mode).
		for (const folder of options.withTestExtensions ? TEST_EXTENSIONS : []) {
			const other = await packageVsix(path.join(root, `${path.basename(folder)}.vsix`), folder);
			await runToEnd(node, [entry, ...dirs, '--install-extension', other]);
		}
	}
	return { tools, mode, root, userDir, workspace, dirs };
}

/**
 * Starts code-server on the prepared folders and resolves once it answers.
 * @param {PreparedCodeServer} prepared @param {CodeServerOptions} [options]
 */
async function serveCodeServer(prepared, options = {}) {
	const { tools, mode, root, userDir, workspace, dirs } = prepared;
	const { node, entry } = tools;
	const port = options.port ?? (await freePort());
	const args = [
		entry,
		'--auth',
		'none',
		'--bind-addr',
		`127.0.0.1:${port}`,
		...dirs,
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		...(mode === 'development' ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
		workspace,
	];
	// The suites search the user data folder (settings, VS Code's storage) for leaked secrets.
	const child = spawn(node, args, {
		env: { ...process.env, ADOBE_TEST_USER_DIR: userDir, ...options.env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	/** @type {string[]} */
	const output = [];
	const keep = (/** @type {Buffer} */ chunk) => {
		output.push(chunk.toString());
		if (output.length > 200) output.shift();
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const base = `http://127.0.0.1:${port}`;

	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output.join('')}`);
		try {
			const res = await fetch(`${base}/healthz`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`code-server did not answer ${base}/healthz within 60 s:\n${output.join('')}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}

	const version = tools.version;
	return {
		base,
		port,
		workspace,
		userDir,
		version,
		output,
		/**
		 * The workbench URL, loading this repository as the extension under development and,
		 * optionally, running a compiled mocha suite in its extension host, with TEST_EXTENSIONS
		 * beside it.
		 * @param {{ testsPath?: string }} [run]
		 */
		workbenchUrl(run = {}) {
			if (mode === 'installed') return `${base}/?folder=${encodeURIComponent(workspace)}`;
			const remote = (/** @type {string} */ p) => `vscode-remote://127.0.0.1:${port}${p}`;
			/** @type {Array<[string, string]>} */
			const payload = [['extensionDevelopmentPath', remote(run.testsPath ? developmentFolder(root) : REPO_ROOT)]];
			if (run.testsPath) payload.push(['extensionTestsPath', remote(run.testsPath)]);
			return `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
		},
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
				await exited;
				clearTimeout(timer);
			}
			fs.rmSync(root, { recursive: true, force: true });
		},
	};
}

/**
 * The workbench's payload keeps one value per key, so several extensions under development come
 * as one folder: VS Code loads every extension folder inside a development path without a
 * package.json of its own. Links to this repository and to TEST_EXTENSIONS (stop() removes the
 * links, not what they point to).
 * @param {string} root
 */
function developmentFolder(root) {
	const folder = path.join(root, 'development');
	if (fs.existsSync(folder)) return folder;
	fs.mkdirSync(folder);
	for (const [i, extension] of [REPO_ROOT, ...TEST_EXTENSIONS].entries())
		fs.symlinkSync(extension, path.join(folder, `${i}-${path.basename(extension)}`), 'dir');
	return folder;
}

/** The VS Code and code-server versions this host runs. @param {string} entry */
function readVersion(entry) {
	const codeServerDir = path.resolve(path.dirname(entry), '../..');
	const versionOf = (/** @type {string} */ file) => JSON.parse(fs.readFileSync(path.join(codeServerDir, file), 'utf8')).version;
	return { vscode: versionOf('lib/vscode/package.json'), codeServer: versionOf('package.json') };
}

/** Debian's Chromium through playwright-core (no browser download). */
async function launchBrowser() {
	const { chromium } = require('playwright-core');
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Workbench console noise unrelated to us (seen with VS Code 1.139). */
const NOISE = [
	/AgentHost/i,
	/\bchat\b/i,
	/Copilot/i,
	/\[Violation\]/,
	/Long running operations during shutdown/,
	/telemetry/i,
	/Failed to load resource/,
	/DevTools/,
	/Autofill/,
];

/** @param {string} line */
function isNoise(line) {
	return NOISE.some((pattern) => pattern.test(line));
}

module.exports = {
	REPO_ROOT,
	TEST_EXTENSIONS,
	CODE_SERVER_VERSION,
	ensureHost,
	installHost,
	startCodeServer,
	prepareCodeServer,
	serveCodeServer,
	packageVsix,
	runToEnd,
	launchBrowser,
	freePort,
	isNoise,
};
