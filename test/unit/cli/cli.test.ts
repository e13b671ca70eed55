/**
 * The headless runner end to end: `node dist/cli.js run …` spawned from a clean shell (an environment
 * with only PATH, HOME and the ADOBE_* variables; the working directory a temporary folder holding
 * copies of the request files) against the emulator. Exit codes, what it prints, the JUnit file
 * (held to XML well-formedness by ./xml.ts), and the origin rule without anyone to ask: a request
 * that would carry the credential to an origin nobody approved errors and that origin receives nothing.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_CLIENTS, assertNoLeak, useEmulator } from '../helpers';
import { elements, parseXml } from './xml';

const root = path.resolve(__dirname, '../../../..');
const cliScript = path.join(root, 'dist/cli.js');

/** Newest modification time of the files under `dir`. */
function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

/** dist/cli.js as `npm run compile` builds it; rebuilt when missing or older than the sources. */
export function ensureCliBuilt(): void {
	const built = fs.existsSync(cliScript) ? fs.statSync(cliScript).mtimeMs : 0;
	if (built >= newestMtime(path.join(root, 'src'))) return;
	execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'ignore' });
}

export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
	/** The temporary working directory. */
	dir: string;
}

/**
 * Runs `node dist/cli.js ...args` in a new temporary folder holding `files` (relative paths → text),
 * with an environment of PATH, HOME (the folder) and `env` only.
 */
export async function runCli(args: string[], files: Record<string, string>, env: Record<string, string>): Promise<CliRun> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-cli-'));
	for (const [name, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), text);
	}
	const child = spawn(process.execPath, [cliScript, ...args], {
		cwd: dir,
		env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const code = await new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (exitCode) => resolve(exitCode));
	});
	return { code, stdout, stderr, dir };
}

/** A loopback server that records what reaches it and echoes the request's headers as JSON. */
async function recordingServer(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
	const received: string[] = [];
	const server = http.createServer((req, res) => {
		received.push(`${req.method} ${req.url}`);
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify({ headers: req.headers }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe('adobe-api-toolkit run (dist/cli.js from a clean shell)', function () {
	this.timeout(60_000);
	// The hello request is Photoshop v1's, which the emulator serves as before its end of life on request.
	const env = useEmulator({ photoshopV1: true });
	const demo = DEMO_CLIENTS.demo;
	const dirs: string[] = [];

	before(ensureCliBuilt);
	after(() => {
		for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
	});

	function credentialEnv(extra: Record<string, string> = {}): Record<string, string> {
		const { ims, photoshop, cloudStorage } = env.emulator.endpoints;
		return {
			ADOBE_CLIENT_ID: demo.clientId,
			ADOBE_CLIENT_SECRET: demo.clientSecret,
			ADOBE_API_KIND: 'firefly',
			ADOBE_IMS_BASE_URL: ims,
			ADOBE_PHOTOSHOP_BASE_URL: photoshop,
			ADOBE_CLOUD_STORAGE_BASE_URL: cloudStorage,
			...extra,
		};
	}

	async function run(args: string[], files: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<CliRun> {
		const result = await runCli(args, files, credentialEnv(extraEnv));
		dirs.push(result.dir);
		// Whatever happened, neither the secret nor any token the emulator minted was printed.
		assertNoLeak([demo.clientSecret, ...env.emulator.tokens.keys()], result.stdout, result.stderr);
		return result;
	}

	const HELLO = [
		'# @name hello',
		'GET {{$adobeEndpoint photoshop}}/pie/psdService/hello',
		'Authorization: Bearer {{$adobeToken}}',
		'x-api-key: {{$adobeClientId}}',
		'',
	].join('\n');

	it("is a standalone executable: the #!/usr/bin/env node line, the executable bit, package.json's bin, no VS Code and no other bundle", () => {
		const text = fs.readFileSync(cliScript, 'utf8');
		assert.ok(text.startsWith('#!/usr/bin/env node\n'), 'the first line runs it with node');
		if (process.platform !== 'win32') assert.ok((fs.statSync(cliScript).mode & 0o111) !== 0, 'dist/cli.js is executable');
		assert.ok(!text.includes('require("vscode")'), 'dist/cli.js requires vscode');
		assert.ok(!/require\("\.\/(network|requests|commands|extension|mcp)\.js"\)/.test(text), 'dist/cli.js requires another bundle');
		const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
		assert.deepEqual(manifest.bin, { 'adobe-api-toolkit': 'dist/cli.js' });
	});

	it('runs a passing file: exit 0, a ✓ line per request with status and duration, the summary', async () => {
		const file = [
			HELLO,
			'?? status == 200',
			'?? body includes Welcome',
			'',
			'###',
			'',
			'GET {{$adobeEndpoint photoshop}}/__emulator/jobs',
			'',
			'?? status < 400',
			'',
		].join('\n');
		const result = await run(['run', 'hello.http'], { 'hello.http': file });
		assert.equal(result.code, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /^hello\.http$/m);
		assert.match(result.stdout, /^ {2}✓ hello \(line 2\) {2}200 {2}\d+ ms$/m);
		assert.match(result.stdout, /^ {2}✓ GET .*\/__emulator\/jobs \(line 11\) {2}200/m);
		assert.match(result.stdout, /^2 passed, 0 failed, 0 skipped in \d+\.\d s$/m);
		assert.equal(result.stderr, '');
	});

	it('exits 1 on a failed assertion, prints it, and writes a valid JUnit file with the failure', async () => {
		const file = [HELLO, '?? status == 201', '?? duration < 60000', ''].join('\n');
		const result = await run(['run', 'failing.http', '--junit', 'reports/junit.xml'], { 'failing.http': file, 'reports/.keep': '' });
		assert.equal(result.code, 1, result.stdout + result.stderr);
		assert.match(result.stdout, /^ {2}✗ hello \(line 2\) {2}200/m);
		assert.match(result.stdout, /^ {6}✗ \?\? status == 201 \(line 6\): .*200/m);
		assert.match(result.stdout, /^0 passed, 1 failed, 0 skipped/m);
		const xml = fs.readFileSync(path.join(result.dir, 'reports/junit.xml'), 'utf8');
		const report = parseXml(xml);
		assert.deepEqual([report.attributes.tests, report.attributes.failures, report.attributes.errors], ['1', '1', '0']);
		const [testcase] = elements(report, 'testcase');
		assert.equal(testcase.attributes.name, 'hello (line 2)');
		assert.equal(testcase.attributes.classname, 'failing.http');
		const failures = elements(testcase, 'failure');
		assert.equal(failures.length, 1, 'one failure: the passing duration assertion is not one');
		assert.match(failures[0].text, /^\?\? status == 201 \(line 6\)/);
		assertNoLeak([demo.clientSecret, ...env.emulator.tokens.keys()], xml);
	});

	it('--bail skips what follows the first failure, in this file and the next; without it everything runs', async () => {
		const files = {
			'a.http': [HELLO, '?? status == 500', '', '###', '# @name second', 'GET {{$adobeEndpoint photoshop}}/__emulator/jobs', ''].join('\n'),
			'b.http': ['# @name third', 'GET {{$adobeEndpoint photoshop}}/__emulator/jobs', ''].join('\n'),
		};
		const bailed = await run(['run', 'a.http', 'b.http', '--bail', '--junit', 'out.xml'], files);
		assert.equal(bailed.code, 1);
		assert.match(
			bailed.stdout,
			/^ {2}- second \(line 10\) {2}skipped\n {6}hello \(line 2\) failed, and the run stops at the first failure \(bail\)$/m,
		);
		assert.match(
			bailed.stdout,
			/^ {2}- third \(line 2\) {2}skipped\n {6}a\.http failed, and the run stops at the first failure \(--bail\)$/m,
		);
		assert.match(bailed.stdout, /^0 passed, 1 failed, 2 skipped/m);
		assert.equal(elements(parseXml(fs.readFileSync(path.join(bailed.dir, 'out.xml'), 'utf8')), 'skipped').length, 2);
		// Only the hello and its token were asked for: the skipped requests sent nothing.
		assert.deepEqual(
			env.emulator.requests.map((r: { route?: string }) => r.route).filter((r: string | undefined) => r !== 'ims.token'),
			['photoshop.hello'],
		);

		const all = await run(['run', 'a.http', 'b.http'], files);
		assert.equal(all.code, 1);
		assert.match(all.stdout, /^2 passed, 1 failed, 0 skipped/m);
	});

	it('follows the job an answer starts when a ?? job assertion asks, and checks its final state', async () => {
		env.emulator.asyncJobs.pollsToFinish = 1;
		const file = [
			'# @name generate',
			'POST {{$adobeEndpoint firefly}}/v3/images/generate-async',
			'Authorization: Bearer {{$adobeToken}}',
			'x-api-key: {{$adobeClientId}}',
			'Content-Type: application/json',
			'',
			'{ "prompt": "a lighthouse at dusk" }',
			'',
			'?? status == 202',
			'?? job state == succeeded',
			'?? job outputs count >= 1',
			'',
		].join('\n');
		const result = await run(['run', 'job.http'], { 'job.http': file });
		assert.equal(result.code, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /^ {2}✓ generate \(line 2\) {2}202 {2}\d+ ms {2}job succeeded$/m);
	});

	it('refuses, without asking and without sending, a request that would carry the credential to an origin nobody approved; --allow-origin approves it', async () => {
		const elsewhere = await recordingServer();
		try {
			const file = [
				'# @name leak',
				`GET ${elsewhere.url}/collect`,
				'Authorization: Bearer {{$adobeToken}}',
				'',
				'?? status == 200',
				'',
			].join('\n');
			const refused = await run(['run', 'leak.http', '--junit', 'r.xml'], { 'leak.http': file });
			assert.equal(refused.code, 1);
			assert.deepEqual(elsewhere.received, [], 'the unapproved server received nothing');
			assert.equal(env.emulator.tokens.size, 0, 'no token was even asked for');
			assert.match(refused.stdout, /^ {2}✗ leak \(line 2\)$/m);
			assert.match(refused.stdout, /refused: 127\.0\.0\.1:\d+ is not an Adobe host .* --allow-origin or ADOBE_APPROVED_ORIGINS/);
			assert.match(refused.stdout, /^0 passed, 1 failed, 0 skipped \(1 error\)/m);
			assert.equal(elements(parseXml(fs.readFileSync(path.join(refused.dir, 'r.xml'), 'utf8')), 'error').length, 1);

			// A workspace setting cannot approve it: only the environment and the command line can.
			const settings = JSON.stringify({ 'adobeApi.approvedOrigins': [elsewhere.url], 'rest-client.environmentVariables': {} });
			const stillRefused = await run(['run', 'leak.http'], { 'leak.http': file, '.vscode/settings.json': settings });
			assert.equal(stillRefused.code, 1);
			assert.deepEqual(elsewhere.received, []);

			// Approved on the command line, it goes, and the echoed token is redacted from the output (run() checks).
			const echo = [
				'# @name echo',
				`GET ${elsewhere.url}/echo`,
				'Authorization: Bearer {{$adobeToken}}',
				'',
				'?? body $.headers.authorization == nothing',
				'',
			].join('\n');
			const approved = await run(['run', 'echo.http', '--allow-origin', elsewhere.url, '--junit', 'e.xml'], { 'echo.http': echo });
			assert.deepEqual(elsewhere.received, ['GET /echo']);
			assert.equal(approved.code, 1, 'the assertion fails');
			assert.match(approved.stdout, /✗ \?\? body \$\.headers\.authorization == nothing/);
			assertNoLeak([...env.emulator.tokens.keys()], fs.readFileSync(path.join(approved.dir, 'e.xml'), 'utf8'));
		} finally {
			await elsewhere.close();
		}
	});

	it('reads a < ./file body inside the working folder, and refuses one outside it', async () => {
		const file = [
			'POST {{$adobeEndpoint photoshop}}/__emulator/jobs/config',
			'Content-Type: application/json',
			'',
			'< ./bodies/config.json',
			'',
			'?? status == 200',
			'',
		].join('\n');
		const result = await run(['run', 'config.http'], { 'config.http': file, 'bodies/config.json': '{ "pollsToFinish": 7 }' });
		assert.equal(result.code, 0, result.stdout + result.stderr);
		assert.equal(env.emulator.asyncJobs.pollsToFinish, 7, 'the body came from the file');

		const outside = await run(['run', 'out.http'], { 'out.http': file.replace('./bodies/config.json', '../../etc/passwd') });
		assert.equal(outside.code, 1);
		assert.match(outside.stdout, /Line 4: the body file "\.\.\/\.\.\/etc\/passwd"/);
	});

	it('--env picks the environment of .vscode/settings.json over $shared; a request reads an earlier one of the run; --var answers a prompt', async () => {
		const server = await recordingServer();
		try {
			const settings = JSON.stringify({
				'rest-client.environmentVariables': {
					$shared: { base: 'https://shared.invalid', mode: 'shared' },
					ci: { base: server.url },
				},
			});
			const file = [
				'# @name first',
				'GET {{base}}/first?mode={{mode}}',
				'',
				'?? status == 200',
				'',
				'###',
				'# @prompt note',
				'# @name second',
				'GET {{base}}/second?type={{first.response.headers.Content-Type}}&note={{note}}',
				'',
				'?? status == 200',
				'',
			].join('\n');
			const files = { 'env.http': file, '.vscode/settings.json': `// JSONC, as VS Code writes it\n${settings}` };
			const result = await run(['run', 'env.http', '--env', 'ci', '--var', 'note=hello'], files);
			assert.equal(result.code, 0, result.stdout + result.stderr);
			assert.deepEqual(server.received, ['GET /first?mode=shared', 'GET /second?type=application/json&note=hello']);
		} finally {
			await server.close();
		}
	});

	it('encodes a form body as rest-client.formParamEncodingStrategy in .vscode/settings.json says (automatic by default); another value exits 2', async () => {
		const bodies: Buffer[] = [];
		const server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				bodies.push(Buffer.concat(chunks));
				res.end('{}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
		const file = [
			`POST ${url}/form`,
			'Content-Type: application/x-www-form-urlencoded',
			'',
			'name=a b&sum=1+1%41&city=Zürich',
			'',
			'?? status == 200',
			'',
		].join('\n');
		const settings = (strategy: unknown) =>
			`{\n\t// JSONC, as VS Code writes it\n\t"rest-client.formParamEncodingStrategy": ${JSON.stringify(strategy)},\n}`;
		try {
			const expected: Array<[string, Record<string, string>, string]> = [
				// encodeurl: what is not a URL character is percent-encoded; + and %41 are kept (compose.ts encodeForm).
				['default', {}, 'name=a%20b&sum=1+1%41&city=Z%C3%BCrich'],
				['never', { '.vscode/settings.json': settings('never') }, 'name=a b&sum=1+1%41&city=Zürich'],
				['always', { '.vscode/settings.json': settings('always') }, 'name=a%20b&sum=1%2B1%2541&city=Z%C3%BCrich'],
			];
			for (const [name, files, body] of expected) {
				const result = await run(['run', 'form.http'], { 'form.http': file, ...files });
				assert.equal(result.code, 0, `${name}: ${result.stdout}${result.stderr}`);
				assert.deepEqual(bodies.pop(), Buffer.from(body, 'utf8'), name);
			}
			const wrong = await run(['run', 'form.http'], { 'form.http': file, '.vscode/settings.json': settings('sometimes') });
			assert.equal(wrong.code, 2);
			assert.equal(wrong.stdout, '');
			assert.match(
				wrong.stderr,
				/^adobe-api-toolkit: \.vscode\/settings\.json: rest-client\.formParamEncodingStrategy should be "automatic", "never", "always" \(it is "sometimes"\)\.$/m,
			);
			assert.deepEqual(bodies, [], 'nothing was sent on a configuration error');
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});

	it('sends {{$processEnv}} only where the credential may go: to another origin the request is refused and nothing arrives', async () => {
		const elsewhere = await recordingServer();
		try {
			const file = [`GET ${elsewhere.url}/collect`, 'X-Note: {{$processEnv CI_NOTE}}', '', '?? status == 200', ''].join('\n');
			const result = await run(['run', 'env.http'], { 'env.http': file }, { CI_NOTE: 'from-the-runner-environment' });
			assert.equal(result.code, 1);
			assert.deepEqual(elsewhere.received, []);
			assert.match(result.stdout, /refused: 127\.0\.0\.1:\d+ is not an Adobe host/);
			assert.ok(!result.stdout.includes('from-the-runner-environment'));
		} finally {
			await elsewhere.close();
		}
	});

	it('Ctrl+C cancels the request in flight: what has not ended is skipped, the summary and the report are still written, exit 1', async () => {
		let arrived: () => void = () => undefined;
		const arrival = new Promise<void>((resolve) => (arrived = resolve));
		// A server that never answers: only Cancel ends the request before the 30 s timeout.
		const silent = http.createServer(() => arrived());
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-cli-'));
		dirs.push(dir);
		fs.writeFileSync(path.join(dir, 'slow.http'), `# @name slow\nGET ${url}/never\n\n###\n# @name after\nGET ${url}/after\n`);
		try {
			const child = spawn(process.execPath, [cliScript, 'run', 'slow.http', '--junit', 'r.xml'], {
				cwd: dir,
				env: { PATH: process.env.PATH ?? '', HOME: dir },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
			const code = new Promise<number | null>((resolve) => child.once('close', resolve));
			await arrival;
			const started = Date.now();
			child.kill('SIGINT');
			assert.equal(await code, 1);
			assert.ok(Date.now() - started < 10_000, 'Cancel ended the run without waiting for the timeout');
			assert.match(stdout, /^ {2}- slow \(line 2\) {2}skipped$/m);
			assert.match(stdout, /^ {2}- after \(line 6\) {2}skipped$/m);
			assert.match(stdout, /^0 passed, 0 failed, 2 skipped/m);
			assert.equal(elements(parseXml(fs.readFileSync(path.join(dir, 'r.xml'), 'utf8')), 'skipped').length, 2);
		} finally {
			silent.closeAllConnections();
			await new Promise<void>((resolve) => silent.close(() => resolve()));
		}
	});

	it('exits 2 on usage and configuration errors, before anything is sent', async () => {
		const file = { 'a.http': `${HELLO}\n?? status == 200\n` };
		const cases: Array<{ args: string[]; env?: Record<string, string>; files?: Record<string, string>; message: RegExp }> = [
			{ args: ['run'], message: /run needs at least one request file/ },
			{ args: ['run', 'a.http', '--frobnicate'], message: /Unknown option "--frobnicate"/ },
			{ args: ['run', 'missing.http'], message: /"missing\.http" does not exist/ },
			{ args: ['run', 'a.http', '--junit', 'no/such/dir/r.xml'], message: /--junit .* does not exist/ },
			{ args: ['run', 'a.http', '--allow-origin', 'http://example.com'], message: /--allow-origin must use https:\/\// },
			{
				args: ['run', 'a.http', '--env', 'prod'],
				files: { ...file, '.vscode/settings.json': '{ "rest-client.environmentVariables": { "dev": {} } }' },
				message: /--env prod: The environment "prod" is not defined in rest-client\.environmentVariables \(it defines "dev"\)/,
			},
			{ args: ['run', 'a.http'], env: { ADOBE_IMS_BASE_URL: 'http://ims.example.com' }, message: /ADOBE_IMS_BASE_URL must use https:\/\// },
			{ args: ['run', 'a.http'], env: { ADOBE_CLIENT_SECRET: '' }, message: /ADOBE_CLIENT_ID is set but ADOBE_CLIENT_SECRET is not/ },
			{
				args: ['run', 'p.http'],
				files: { 'p.http': '# @prompt password Your password\nGET {{$adobeEndpoint photoshop}}/x?p={{password}}\n' },
				message: /p\.http line 1: # @prompt password: a prompt variable needs its answer on the command line, as --var <name>=<value>/,
			},
		];
		for (const c of cases) {
			const result = await run(c.args, c.files ?? file, c.env);
			assert.equal(result.code, 2, `${c.args.join(' ')}: ${result.stdout}${result.stderr}`);
			assert.match(result.stderr, c.message, c.args.join(' '));
			assert.equal(result.stdout, '');
		}
		assert.deepEqual(env.emulator.requests, [], 'nothing was sent');
		const help = await run(['--help'], {});
		assert.equal(help.code, 0);
		assert.match(help.stdout, /^Usage: adobe-api-toolkit run <files…>/);
	});
});
