/** Running a request file's requests in order against the emulator: assertions, a Firefly job, errors, bail, Cancel, a selection. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpClient } from '../../../src/core/common/http';
import { AdobeApiError } from '../../../src/core/common/errors';
import { requestEndpoints } from '../../../src/core/common/endpoints';
import { redact } from '../../../src/core/common/redact';
import { followJob } from '../../../src/core/jobs';
import { parseRequestFile } from '../../../src/core/requests/parse';
import { RunnerDeps, runRequestFile, summaryLine } from '../../../src/core/requests/runner';
import { sendRequest } from '../../../src/core/requests/send';
import { MemoryExchangeStore } from '../../../src/core/requests/exchanges';
import type { RequestRunResult, VariableSources } from '../../../src/core/requests/types';
import { DEMO_CLIENTS, FakeClock, assertNoLeak, useEmulator } from '../helpers';

const clientId = DEMO_CLIENTS.demo.clientId;

describe('running a request file', () => {
	const env = useEmulator({ photoshopV1: true });
	const httpClient = new HttpClient({ timeoutMs: 5000 });
	after(() => httpClient.close());

	/** Deps as a front door makes them: emulator tokens, an origin check that admits only the emulator, jobs followed on a fake clock. */
	function deps(extra: Partial<RunnerDeps> = {}): RunnerDeps & { tokens: string[]; checked: string[] } {
		const tokens: string[] = [];
		const checked: string[] = [];
		const emulatorOrigin = () => new URL(env.emulator.url).origin;
		const d: RunnerDeps & { tokens: string[]; checked: string[] } = {
			tokens,
			checked,
			builtins: () => ({
				token: async () => {
					tokens.push(env.emulator.issueToken(clientId));
					return tokens[tokens.length - 1];
				},
				clientId: async () => clientId,
				endpoint: (name) => requestEndpoints(env.emulator.endpoints)[name],
			}),
			checkOrigin: async (url) => {
				checked.push(url.origin);
				if (url.origin !== emulatorOrigin()) throw new AdobeApiError(`refused: ${url.host} is not an approved origin.`, { kind: 'config' });
			},
			http: httpClient,
			endpoints: env.emulator.endpoints,
			redact: (text, secrets) => redact(text, [...secrets, ...tokens]),
			send: sendRequest,
			followJob: (ref, _request, signal) =>
				followJob(ref, {
					http: httpClient,
					clock: new FakeClock(),
					signal,
					secrets: tokens,
					checkOrigin: d.checkOrigin,
					authHeaders: async () => ({ authorization: `Bearer ${env.emulator.issueToken(clientId)}`, 'x-api-key': clientId }),
				}),
			...extra,
		};
		return d;
	}

	const HEADERS = 'Authorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}';
	const hello = (name: string, assertions: string) =>
		`### ${name}\n# @name ${name}\nGET {{ps}}/pie/psdService/hello\n${HEADERS}\n\n${assertions}\n`;
	const generate = (assertions: string) =>
		`### generate\n# @name generate\nPOST {{ff}}/v3/images/generate-async\n${HEADERS}\nContent-Type: application/json\n\n{"prompt": "a lighthouse at dusk"}\n\n${assertions}\n`;
	const VARS = '@ps = {{$adobeEndpoint photoshop}}\n@ff = {{$adobeEndpoint firefly}}\n';

	it('runs the requests in order and checks their assertions, following a Firefly job to its end', async () => {
		const file = parseRequestFile(
			VARS +
				hello('hello', '?? status == 200\n?? header content-type includes text\n?? body includes Welcome\n?? duration < 5000') +
				generate('?? status == 202\n?? body $.jobId startsWith urn:ff:jobs:\n?? job state == succeeded\n?? job outputs count >= 1'),
		);
		const seen: RequestRunResult[] = [];
		const d = deps();
		const summary = await runRequestFile(file, d, { onResult: (r) => seen.push(r) });
		assert.equal(summaryLine(summary), '2 passed, 0 failed, 0 skipped', JSON.stringify(summary.results, null, 1));
		assert.deepEqual(
			summary.results.map((r) => [r.label, r.state, r.status]),
			[
				['hello', 'passed', 200],
				['generate', 'passed', 202],
			],
		);
		assert.deepEqual(seen, summary.results);
		const [, job] = summary.results;
		assert.equal(job.assertions.length, 4);
		assert.ok(job.assertions.every((a) => a.passed));
		assert.equal(job.job?.state, 'succeeded');
		assert.ok((job.job?.outputs ?? 0) >= 1);
		assert.equal(job.job?.ref.api, 'firefly');
		assertNoLeak(d.tokens, summary);
	});

	it('chains requests: a later request reads an earlier one of the run through request variables', async () => {
		const requests = new MemoryExchangeStore();
		const file = parseRequestFile(
			VARS +
				generate('?? status == 202') +
				`### status\nGET {{generate.response.body.$.statusUrl}}\n${HEADERS}\n\n?? status == 200\n?? body $.jobId startsWith urn:ff:jobs:\n`,
		);
		const d = deps({ sources: { requests } });
		const summary = await runRequestFile(file, d);
		assert.deepEqual(
			summary.results.map((r) => [r.state, r.message]),
			[
				['passed', undefined],
				['passed', undefined],
			],
		);
		assert.ok(requests.get('generate'), 'the named request was stored for the ones after it');
		assert.equal(summary.results[1].status, 200);
		assert.ok(d.checked.length >= 2, 'the chained request went through the origin check (it reads a sensitive exchange)');
	});

	it('does not follow a job nobody asked about', async () => {
		let followed = 0;
		const d = deps({
			followJob: async () => {
				followed++;
				throw new Error('not asked');
			},
		});
		const summary = await runRequestFile(parseRequestFile(VARS + generate('?? status == 202')), d);
		assert.equal(summary.passed, 1);
		assert.equal(followed, 0);
		assert.equal(summary.results[0].job, undefined);
	});

	it('fails a request whose assertion fails, says what was found, and goes on', async () => {
		const file = parseRequestFile(VARS + hello('first', '?? status == 404\n?? status == 200') + hello('second', '?? status == 200'));
		const summary = await runRequestFile(file, deps());
		assert.equal(summaryLine(summary), '1 passed, 1 failed, 0 skipped');
		const [first] = summary.results;
		assert.equal(first.state, 'failed');
		assert.equal(first.message, 'status was 200; expected == 404');
		assert.deepEqual(
			first.assertions.map((a) => a.passed),
			[false, true],
		);
	});

	it("fails job assertions when the job fails, with the job's state", async () => {
		env.emulator.inject('firefly.generateAsync', { type: 'jobFailed' }, 1);
		const summary = await runRequestFile(parseRequestFile(VARS + generate('?? job state == succeeded')), deps());
		assert.equal(summary.results[0].state, 'failed');
		assert.equal(summary.results[0].job?.state, 'failed');
		assert.equal(summary.results[0].message, 'job state was "failed"; expected == succeeded');
	});

	it('reports a block with a problem as an error, line-numbered, and runs the others', async () => {
		const file = parseRequestFile(
			`${VARS}### broken\nFROB {{ps}}/x y\n\n${hello('ok', '?? status == 200')}### bad assertion\nGET {{ps}}/pie/psdService/hello\n${HEADERS}\n\n?? status is 200\n`,
		);
		const summary = await runRequestFile(file, deps());
		assert.deepEqual(
			summary.results.map((r) => r.state),
			['error', 'passed', 'error'],
		);
		assert.match(summary.results[0].message ?? '', /^Line 4: /);
		assert.match(summary.results[2].message ?? '', /^Line \d+: "is" is not a condition/);
		assert.equal(summaryLine(summary), '1 passed, 2 failed (2 errors), 0 skipped');
	});

	it('refuses a credential to an origin the front door does not approve, and that server receives nothing', async () => {
		let received = 0;
		const server = http.createServer((_req, res) => {
			received++;
			res.end('{}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const d = deps();
			const file = parseRequestFile(`GET ${url}/steal\n${HEADERS}\n\n?? status == 200\n###\nGET ${url}/plain\n\n?? status == 200\n`);
			const summary = await runRequestFile(file, d);
			assert.equal(summary.results[0].state, 'error');
			assert.match(summary.results[0].message ?? '', /^refused: 127\.0\.0\.1:\d+ is not an approved origin/);
			assert.equal(summary.results[1].state, 'passed');
			assert.equal(received, 1, 'only the request without a credential reached the server');
			assert.deepEqual(d.tokens, [], 'no token was even asked for');
		} finally {
			server.close();
		}
	});

	it('stops at the first failure with bail: the rest are skipped', async () => {
		const file = parseRequestFile(VARS + hello('a', '?? status == 200') + hello('b', '?? status == 500') + hello('c', '?? status == 200'));
		const summary = await runRequestFile(file, deps(), { bail: true });
		assert.deepEqual(
			summary.results.map((r) => r.state),
			['passed', 'failed', 'skipped'],
		);
		assert.match(summary.results[2].message ?? '', /^b \(line \d+\) failed, and the run stops at the first failure \(bail\)$/);
		assert.equal(summaryLine(summary), '1 passed, 1 failed, 1 skipped');
	});

	it('skips what has not ended when cancelled', async () => {
		const controller = new AbortController();
		const file = parseRequestFile(VARS + hello('a', '?? status == 200') + hello('b', '') + hello('c', ''));
		const summary = await runRequestFile(file, deps(), { signal: controller.signal, onResult: () => controller.abort() });
		assert.deepEqual(
			summary.results.map((r) => [r.state, r.message]),
			[
				['passed', undefined],
				['skipped', 'cancelled'],
				['skipped', 'cancelled'],
			],
		);
	});

	it('cancels a job being followed', async () => {
		const controller = new AbortController();
		const d = deps();
		const follow = d.followJob!;
		d.followJob = (ref, request, signal) => {
			controller.abort();
			return follow(ref, request, signal);
		};
		const summary = await runRequestFile(parseRequestFile(VARS + generate('?? job state == succeeded') + hello('after', '')), d, {
			signal: controller.signal,
		});
		assert.deepEqual(
			summary.results.map((r) => [r.state, r.message]),
			[
				['skipped', 'cancelled while following the job'],
				['skipped', 'cancelled'],
			],
		);
	});

	it('runs only the requests a selection touches', async () => {
		const text = VARS + hello('a', '') + hello('b', '') + hello('c', '');
		const file = parseRequestFile(text);
		const b = file.requests[1];
		const summary = await runRequestFile(file, deps(), { lines: { from: b.startLine + 1, to: b.startLine + 2 } });
		assert.deepEqual(
			summary.results.map((r) => r.label),
			['b'],
		);
	});

	it('asks each prompt once before sending, and a cancelled prompt skips the rest', async () => {
		const asked: Array<[string, boolean]> = [];
		const sources: VariableSources = {
			prompt: async (name, _description, password) => {
				asked.push([name, password]);
				return name === 'stop' ? undefined : 'x';
			},
		};
		const file = parseRequestFile(
			`${VARS}### one\n# @prompt user Your name\n# @prompt password\nGET {{ps}}/pie/psdService/hello\n${HEADERS}\n\n### two\n# @prompt stop\nGET {{ps}}/pie/psdService/hello\n\n### three\nGET {{ps}}/pie/psdService/hello\n`,
		);
		const summary = await runRequestFile(file, deps({ sources }));
		assert.deepEqual(asked, [
			['user', false],
			['password', true],
			['stop', false],
		]);
		assert.deepEqual(
			summary.results.map((r) => r.state),
			['passed', 'skipped', 'skipped'],
		);
	});

	it('errors a request with prompts when nothing can ask', async () => {
		const file = parseRequestFile(`${VARS}# @prompt user\nGET {{ps}}/pie/psdService/hello\n`);
		const summary = await runRequestFile(file, deps());
		assert.equal(summary.results[0].state, 'error');
		assert.match(summary.results[0].message ?? '', /^Line 3: # @prompt user: prompts cannot be asked here/);
	});

	describe('checking an answer while the next request is on its way', () => {
		/** A local server that notes each request's arrival in `events`, answering `?status=N` with N. */
		async function server(events: string[]): Promise<{ url: string; close(): Promise<void> }> {
			const s = http.createServer((req, res) => {
				events.push(`arrived ${new URL(req.url ?? '/', 'http://x').pathname.slice(1)}`);
				req.resume();
				res.statusCode = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
				res.end('{}');
			});
			await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
			return {
				url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
				close: () => new Promise((resolve) => s.close(() => resolve())),
			};
		}
		const file = (url: string, statuses: number[]) =>
			parseRequestFile(
				statuses.map((status, i) => `### r${i}\n# @name r${i}\nGET ${url}/r${i}?status=${status}\n\n?? status == 200\n`).join(''),
			);

		it('without bail, checks an answer after the next request has gone, and still reports every result once, in file order', async () => {
			const events: string[] = [];
			const local = await server(events);
			try {
				const summary = await runRequestFile(file(local.url, [200, 404, 200, 200]), deps(), {
					onResult: (r) => events.push(`checked ${r.label} ${r.state}`),
				});
				assert.equal(summaryLine(summary), '3 passed, 1 failed, 0 skipped');
				assert.deepEqual(
					events.filter((e) => e.startsWith('checked')),
					['checked r0 passed', 'checked r1 failed', 'checked r2 passed', 'checked r3 passed'],
				);
				// Once the connection is kept alive, each answer is checked after the next request has arrived (the first
				// one opens the connection, where undici takes more turns of the event loop; the last is checked at the end).
				for (let i = 1; i < 3; i++) {
					assert.ok(
						events.indexOf(`arrived r${i + 1}`) < events.indexOf(`checked r${i} ${i === 1 ? 'failed' : 'passed'}`),
						events.join(', '),
					);
				}
			} finally {
				await local.close();
			}
		});

		it('rejects the run when onResult throws, and leaves no rejection unhandled while the next request is sent', async () => {
			const events: string[] = [];
			const local = await server(events);
			const unhandled: unknown[] = [];
			const onUnhandled = (reason: unknown) => unhandled.push(reason);
			process.on('unhandledRejection', onUnhandled);
			try {
				await assert.rejects(
					runRequestFile(file(local.url, [200, 200, 200]), deps(), {
						onResult: () => {
							throw new Error('the front door broke');
						},
					}),
					/the front door broke/,
				);
				await new Promise((resolve) => setImmediate(resolve));
				assert.deepEqual(unhandled, []);
			} finally {
				process.off('unhandledRejection', onUnhandled);
				await local.close();
			}
		});

		it('with bail, checks each answer before the next request goes, and a failure stops the run with nothing more sent', async () => {
			const events: string[] = [];
			const local = await server(events);
			try {
				const summary = await runRequestFile(file(local.url, [200, 404, 200]), deps(), {
					bail: true,
					onResult: (r) => events.push(`checked ${r.label} ${r.state}`),
				});
				assert.equal(summaryLine(summary), '1 passed, 1 failed, 1 skipped');
				assert.deepEqual(events, ['arrived r0', 'checked r0 passed', 'arrived r1', 'checked r1 failed', 'checked r2 skipped']);
			} finally {
				await local.close();
			}
		});
	});

	describe('resolving the next request while one is on its way', () => {
		/**
		 * A local server noting arrivals and answers in `events`. With `holdFirst`, the answer to /r0 waits
		 * for `release` (a guard of 5 s ends the wait, so a regression fails on the order, not by hanging).
		 */
		async function server(events: string[], holdFirst: Promise<void> | undefined) {
			const s = http.createServer((req, res) => {
				const path = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
				events.push(`arrived ${path}`);
				req.resume();
				let guard: NodeJS.Timeout | undefined;
				const held =
					path === 'r0' && holdFirst ? Promise.race([holdFirst, new Promise<void>((r) => (guard = setTimeout(r, 5000)))]) : undefined;
				void Promise.resolve(held).then(() => {
					clearTimeout(guard);
					events.push(`answered ${path}`);
					res.setHeader('content-type', 'application/json');
					res.end(JSON.stringify({ id: `id-of-${path}` }));
				});
			});
			await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
			return {
				url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
				close: () => new Promise<void>((resolve) => s.close(() => resolve())),
			};
		}
		/**
		 * Deps that note when the second request resolves, by its {{$adobeEndpoint photoshop}} (the local
		 * server) or its {{$timestamp}} (the sources' clock), whichever it reads.
		 */
		function watched(events: string[], url: string, onRead = () => {}): RunnerDeps {
			const resolved = () => {
				events.push('resolved r1');
				onRead();
			};
			const d = deps();
			return {
				...d,
				builtins: (forceRefresh, signal) => ({
					...d.builtins(forceRefresh, signal),
					endpoint: () => {
						resolved();
						return url;
					},
				}),
				sources: {
					requests: new MemoryExchangeStore(),
					now: () => {
						resolved();
						return new Date();
					},
				},
			};
		}

		it('resolves a request that needs nothing from the one before while that one waits for its answer', async () => {
			const events: string[] = [];
			let release = () => {};
			const local = await server(events, new Promise<void>((resolve) => (release = resolve)));
			try {
				const text = `# @name r0\nGET ${local.url}/r0\n\n###\n# @name r1\nGET {{$adobeEndpoint photoshop}}/r1\nX-Id: {{$guid}}\n`;
				const summary = await runRequestFile(
					parseRequestFile(text),
					watched(events, local.url, () => release()),
				);
				assert.equal(summaryLine(summary), '2 passed, 0 failed, 0 skipped');
				assert.deepEqual(events, ['arrived r0', 'resolved r1', 'answered r0', 'arrived r1', 'answered r1']);
			} finally {
				await local.close();
			}
		});

		it('resolves a request after the answer it reads, one that reads the clock when it goes, and every request after its answer with bail', async () => {
			for (const [why, second, options] of [
				['a request variable', 'GET {{$adobeEndpoint photoshop}}/r1?id={{r0.response.body.$.id}}', {}],
				['the clock', 'GET {{url}}/r1\nX-At: {{$timestamp}}', {}],
				['bail', 'GET {{$adobeEndpoint photoshop}}/r1', { bail: true }],
			] as const) {
				const events: string[] = [];
				const local = await server(events, undefined);
				try {
					const text = `@url = ${local.url}\n# @name r0\nGET {{url}}/r0\n\n###\n# @name r1\n${second}\n\n?? status == 200\n`;
					const summary = await runRequestFile(parseRequestFile(text), watched(events, local.url), options);
					assert.equal(summaryLine(summary), '2 passed, 0 failed, 0 skipped', why);
					assert.deepEqual(events, ['arrived r0', 'answered r0', 'resolved r1', 'arrived r1', 'answered r1'], why);
				} finally {
					await local.close();
				}
			}
		});

		it('runs on past a request whose file variables chain past the bound, reporting it at its turn', async () => {
			const results: string[] = [];
			const local = await server([], undefined);
			try {
				const chain = Array.from({ length: 6000 }, (_, i) => `@v${i} = {{v${i + 1}}}`).join('\n');
				const text = `${chain}\n@v6000 = x\n\n# @name r0\nGET ${local.url}/r0\n\n###\n# @name r1\nGET ${local.url}/{{v0}}\n\n###\n# @name r2\nGET ${local.url}/r2\n`;
				const summary = await runRequestFile(parseRequestFile(text), deps(), { onResult: (r) => results.push(`${r.label} ${r.state}`) });
				assert.deepEqual(results, ['r0 passed', 'r1 error', 'r2 passed']);
				assert.match(summary.results[1].message ?? '', /expanded more than 1000 times/);
			} finally {
				await local.close();
			}
		});

		it("reports an early resolution's failure at that request's turn, in file order, and runs on", async () => {
			const results: string[] = [];
			const local = await server([], undefined);
			try {
				const text = `# @name r0\nGET ${local.url}/r0\n\n###\n# @name r1\nGET ${local.url}/{{missing}}\n\n###\n# @name r2\nGET ${local.url}/r2\n`;
				const summary = await runRequestFile(parseRequestFile(text), deps(), { onResult: (r) => results.push(`${r.label} ${r.state}`) });
				assert.deepEqual(results, ['r0 passed', 'r1 error', 'r2 passed']);
				assert.match(summary.results[1].message ?? '', /\{\{missing\}\} is not defined/);
			} finally {
				await local.close();
			}
		});
	});
});
