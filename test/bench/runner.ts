/**
 * `npm run bench`'s request-file runner rows (issue #21):
 * - the runner's rate on a 500-request file (core/requests/runner.ts runRequestFile: parse done once,
 *   then per request resolve, send, the answer redacted, its `?? status == 200` checked) against the same
 *   500 GETs sent one after another with raw undici, to the same local server (a plain Node http server in a
 *   child process, so that its work is not counted on either side). Requests per second, ratio ours / raw
 *   (target: at least 0.8×). Best of 15 rounds each, alternated, after 10 uncounted rounds each: our
 *   longer path kept getting faster for about 5,000 requests (V8 optimizing it), and one round of 500 on
 *   a shared machine can be a third slower than the next. These requests need nothing from earlier
 *   answers, so each is resolved while the one before it is on its way (runner.ts prepareEarly).
 * - the same with each request reading the answer before it (`X-Previous: {{r<i-1>.response.headers.content-type}}`),
 *   so that each is resolved only once that answer has come, as a request with a credential is too:
 *   what a file of chained requests gets. Same rounds, against the same raw loop's best.
 * - the CLI's start-up: from spawning `node dist/cli.js run one.http` to its request reaching the server,
 *   against spawning `node -e` with one http.get to the same server (what Node alone costs). Median of 10.
 *
 * Alone: `npm run compile-tests && node out/test/bench/runner.js` (builds dist/cli.js when it is missing).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { HttpClient } from '../../src/core/common/http';
import { Redactor } from '../../src/core/common/redact';
import { invalidInput } from '../../src/core/common/errors';
import { PRODUCTION_ENDPOINTS, requestEndpoints } from '../../src/core/common/endpoints';
import { MemoryExchangeStore } from '../../src/core/requests/exchanges';
import { parseRequestFile } from '../../src/core/requests/parse';
import { RunnerDeps, runRequestFile } from '../../src/core/requests/runner';
import { sendRequest } from '../../src/core/requests/send';
import { Row, runAlone } from './rows';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const REQUESTS = 500;
const ROUNDS = 15;
/** Uncounted rounds first: the JIT needs about 5,000 requests before our side settles. */
const WARM_UP_ROUNDS = 10;
const STARTS = 10;

/** A server answering every request with a small JSON body, in a child process; resolves with its URL. */
async function startServer(): Promise<{ url: string; child: ChildProcess }> {
	const script = `const s=require('http').createServer((q,r)=>{q.resume();q.on('end',()=>{r.setHeader('content-type','application/json');r.end('{"ok":true,"items":[1,2,3]}')})});s.keepAliveTimeout=60000;s.listen(0,'127.0.0.1',()=>{console.log(s.address().port)});process.stdin.on('end',()=>process.exit(0));process.stdin.resume()`;
	const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
	const port = await new Promise<string>((resolve, reject) => {
		child.stdout!.setEncoding('utf8').once('data', (line: string) => resolve(line.trim()));
		child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before it listened`)));
	});
	return { url: `http://127.0.0.1:${port}`, child };
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** Milliseconds from spawning `args` to `hit` resolving, and the process's end awaited. */
async function timeToFirstRequest(args: string[], cwd: string, hit: () => Promise<void>): Promise<number> {
	const started = performance.now();
	const child = spawn(process.execPath, args, { cwd, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: cwd } });
	const ended = new Promise<void>((resolve) => child.once('close', () => resolve()));
	await hit();
	const ms = performance.now() - started;
	await ended;
	return ms;
}

export async function runnerRows(row: Row): Promise<void> {
	if (!fs.existsSync(CLI)) execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'ignore' });
	const { url, child } = await startServer();
	const httpClient = new HttpClient({ timeoutMs: 10_000 });
	const redactor = new Redactor();
	try {
		const block = (i: number) => `# @name r${i}\nGET ${url}/items/${i}\nAccept: application/json\n\n?? status == 200\n\n###\n`;
		const file = parseRequestFile(Array.from({ length: REQUESTS }, (_, i) => block(i)).join(''));
		const chainedBlock = (i: number) =>
			`# @name r${i}\nGET ${url}/items/${i}\nAccept: application/json\n${i > 0 ? `X-Previous: {{r${i - 1}.response.headers.content-type}}\n` : ''}\n?? status == 200\n\n###\n`;
		const chained = parseRequestFile(Array.from({ length: REQUESTS }, (_, i) => chainedBlock(i)).join(''));
		if (file.requests.length !== REQUESTS || file.problems.length > 0) throw new Error('the bench file did not parse as 500 requests');
		const noCredential = async (): Promise<string> => {
			throw invalidInput('the bench file uses no credential');
		};
		const endpoints = requestEndpoints(PRODUCTION_ENDPOINTS);
		const deps: RunnerDeps = {
			builtins: () => ({ token: noCredential, clientId: noCredential, endpoint: (name) => endpoints[name] }),
			checkOrigin: async () => undefined,
			http: httpClient,
			endpoints: PRODUCTION_ENDPOINTS,
			redact: (text, secrets) => redactor.redact(text, secrets),
			send: (sendDeps) => sendRequest(sendDeps),
			sources: { requests: new MemoryExchangeStore() },
		};
		const run = (which: typeof file) => async () => {
			const started = performance.now();
			const summary = await runRequestFile(which, deps);
			if (summary.passed !== REQUESTS) {
				throw new Error(
					`the runner passed ${summary.passed} of ${REQUESTS}: ${summary.results.find((r) => r.state !== 'passed')?.message}`,
				);
			}
			return performance.now() - started;
		};
		const ours = run(file);
		const oursChained = run(chained);
		const raw = async () => {
			const started = performance.now();
			for (let i = 0; i < REQUESTS; i++) {
				const res = await request(`${url}/items/${i}`, { headers: { accept: 'application/json' } });
				await res.body.text();
				if (res.statusCode !== 200) throw new Error(`raw got ${res.statusCode}`);
			}
			return performance.now() - started;
		};
		for (let round = 0; round < WARM_UP_ROUNDS; round++) {
			await ours();
			await oursChained();
			await raw();
		}
		const oursMs: number[] = [];
		const chainedMs: number[] = [];
		const rawMs: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			oursMs.push(await ours());
			chainedMs.push(await oursChained());
			rawMs.push(await raw());
		}
		const oursRate = REQUESTS / (Math.min(...oursMs) / 1000);
		const rawRate = REQUESTS / (Math.min(...rawMs) / 1000);
		row(
			`runner: ${REQUESTS}-request file, best of ${ROUNDS}`,
			`${oursRate.toFixed(0)} req/s`,
			`${rawRate.toFixed(0)} req/s raw`,
			oursRate / rawRate,
		);
		const chainedRate = REQUESTS / (Math.min(...chainedMs) / 1000);
		row(
			`runner: ${REQUESTS} chained requests, best of ${ROUNDS}`,
			`${chainedRate.toFixed(0)} req/s`,
			`${rawRate.toFixed(0)} req/s raw`,
			chainedRate / rawRate,
		);

		// Start-up: the first request's arrival at a server in this process.
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-bench-cli-'));
		let waiting: (() => void) | undefined;
		const local = http.createServer((req, res) => {
			req.resume();
			res.setHeader('content-type', 'application/json');
			res.end('{"ok":true}');
			waiting?.();
			waiting = undefined;
		});
		await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
		const localUrl = `http://127.0.0.1:${(local.address() as { port: number }).port}`;
		fs.writeFileSync(path.join(dir, 'one.http'), `GET ${localUrl}/first\n\n?? status == 200\n`);
		const hit = () => new Promise<void>((resolve) => (waiting = resolve));
		try {
			const cli: number[] = [];
			const node: number[] = [];
			for (let i = 0; i < STARTS; i++) {
				cli.push(await timeToFirstRequest([CLI, 'run', 'one.http'], dir, hit));
				node.push(
					await timeToFirstRequest(['-e', `require('http').get(${JSON.stringify(`${localUrl}/first`)},(r)=>r.resume())`], dir, hit),
				);
			}
			const cliMs = median(cli);
			const nodeMs = median(node);
			row(
				`CLI start-up: spawn → first request (median ${STARTS})`,
				`${cliMs.toFixed(0)} ms`,
				`${nodeMs.toFixed(0)} ms node -e`,
				cliMs / nodeMs,
			);
		} finally {
			await new Promise<void>((resolve) => local.close(() => resolve()));
			fs.rmSync(dir, { recursive: true, force: true });
		}
	} finally {
		await httpClient.close();
		child.stdin!.end();
	}
}

if (require.main === module) runAlone(runnerRows);
