import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { request } from 'undici';
import * as zlib from 'node:zlib';
import { AdobeEmulator, DEMO_CLIENTS, fileBytes } from '../../emulator/server';
import { createDemoContent } from '../../emulator/content';
import { useEmulator } from '../helpers';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('Adobe emulator', () => {
	const env = useEmulator();

	it('seeds the same content, with the same ids, every time', () => {
		const a = createDemoContent({ largeFolderSize: 50 });
		const b = createDemoContent({ largeFolderSize: 50 });
		assert.deepEqual([...a.byId.keys()], [...b.byId.keys()]);
		assert.equal(a.children.get(a.largeFolderId)?.length, 50);
		const types = new Set([...a.byId.values()].map((x) => x.mediaType).filter(Boolean));
		assert.ok(types.size >= 6, `several media types (${[...types].join(', ')})`);
	});

	it("serves the demo's images as pictures of their listed size (npm start opens them in the image preview)", () => {
		const images = [...createDemoContent({ largeFolderSize: 0 }).byId.values()].filter((a) =>
			['image/png', 'image/jpeg', 'image/svg+xml'].includes(a.mediaType ?? ''),
		);
		const types = new Set(images.map((a) => a.mediaType));
		assert.deepEqual([...types].sort(), ['image/jpeg', 'image/png', 'image/svg+xml']);
		for (const image of images) {
			const bytes = fileBytes(image);
			assert.equal(bytes.length, image.size, image.name);
			if (image.mediaType === 'image/png') {
				// Every chunk's CRC holds and the last is IEND: a decoder reads it whole.
				assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', image.name);
				let at = 8;
				let type = '';
				while (at < bytes.length) {
					const length = bytes.readUInt32BE(at);
					type = bytes.subarray(at + 4, at + 8).toString('latin1');
					const crc = zlib.crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0;
					assert.equal(bytes.readUInt32BE(at + 8 + length), crc, `${image.name}: ${type}'s CRC`);
					at += 12 + length;
				}
				assert.equal(type, 'IEND', image.name);
			} else if (image.mediaType === 'image/jpeg') {
				assert.deepEqual([...bytes.subarray(0, 2), ...bytes.subarray(-2)], [0xff, 0xd8, 0xff, 0xd9], image.name);
			} else {
				assert.match(bytes.toString('latin1'), /^<svg [^]*<\/svg>\n$/, image.name);
			}
		}
	});

	it('answers an unsupported grant type with unsupported_grant_type', async () => {
		const res = await request(`${env.emulator.url}/ims/token/v3`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=password',
		});
		assert.equal(res.statusCode, 400);
		assert.equal(((await res.body.json()) as { error: string }).error, 'unsupported_grant_type');
	});

	it("rejects a page size outside 1–100 and cursor with sortBy, with Adobe's messages", async () => {
		const token = env.emulator.issueToken(DEMO_CLIENTS.demo.clientId);
		const get = async (query: string) => {
			const res = await request(`${env.emulator.url}/v1/projects?${query}`, { headers: { authorization: `Bearer ${token}` } });
			return { status: res.statusCode, body: (await res.body.json()) as { message: string } };
		};
		const big = await get('limit=1000');
		assert.equal(big.status, 422);
		assert.equal(big.body.message, 'Provided value: (1000) for query parameter: limit is out of the allowed range. Allowed Range is 1-100');
		const both = await get('cursor=abc&sortBy=name');
		assert.equal(both.body.message, 'Following query parameters: [cursor and sortBy] are not allowed together');
		assert.deepEqual(
			env.emulator.takeViolations().map((v) => v.message),
			[big.body.message, both.body.message],
			'contract mode records the bad requests it refused',
		);
	});

	it('refuses the same parameters without contract mode, by the same spec', async () => {
		const plain = new AdobeEmulator({ largeFolderSize: 1 });
		await plain.start();
		try {
			const token = plain.issueToken(DEMO_CLIENTS.demo.clientId);
			const res = await request(`${plain.url}/v1/projects?filter=mediaType%3D%3Dimage%2Fpng`, {
				headers: { authorization: `Bearer ${token}` },
			});
			assert.equal(res.statusCode, 422);
			assert.match(
				((await res.body.json()) as { message: string }).message,
				/mediaType==image\/png\) for query parameter: filter is not supported; allowed: state/,
			);
			assert.deepEqual(plain.violations, [], 'nothing is recorded outside contract mode');
		} finally {
			await plain.stop();
		}
	});

	it('takes faults and reports requests over its control API', async () => {
		const post = await request(`${env.emulator.url}/__emulator/faults`, {
			method: 'POST',
			body: JSON.stringify({ route: 'photoshop.hello', fault: { type: 'status', status: 503 }, times: 1 }),
		});
		assert.equal(post.statusCode, 200);
		await post.body.dump();
		const hello = await request(`${env.emulator.url}/pie/psdService/hello`);
		assert.equal(hello.statusCode, 503);
		await hello.body.dump();
		const again = await request(`${env.emulator.url}/pie/psdService/hello`);
		assert.equal(again.statusCode, 403, 'the fault applied once, then normal handling (no API key → 403)');
		await again.body.dump();
		const log = await request(`${env.emulator.url}/__emulator/requests?route=photoshop.hello`);
		const { requests } = (await log.body.json()) as { requests: Array<{ status: number; fault?: string }> };
		assert.deepEqual(
			requests.map((r) => [r.status, r.fault]),
			[
				[503, 'status'],
				[403, undefined],
			],
		);
	});

	it('refuses to listen anywhere but loopback', async () => {
		await assert.rejects(new AdobeEmulator({ largeFolderSize: 1 }).start(0, '0.0.0.0'), /loopback only/);
	});

	it('runs from the CLI on the given port and prints its URL', async function () {
		const child = spawn(process.execPath, [path.join(repoRoot, 'test/emulator/cli.js'), '--port', '0', '--large-folder', '10'], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		try {
			const firstLine = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					if (out.includes('\n')) resolve(out.split('\n')[0]);
				});
				child.once('exit', (code) => reject(new Error(`CLI exited with ${code}`)));
			});
			const match = /^Adobe emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine);
			assert.ok(match, firstLine);
			const info = await request(`${match[1]}/__emulator/info`);
			const body = (await info.body.json()) as { endpoints: { cloudStorage: string } };
			assert.equal(body.endpoints.cloudStorage, `${match[1]}/v1`);
		} finally {
			child.kill('SIGTERM');
		}
	});
});

describe('Adobe emulator, held to the specs', () => {
	const env = useEmulator();
	const clientId = DEMO_CLIENTS.demo.clientId;

	/** The fields these tests read from the emulator's JSON answers. */
	interface Answer {
		error_code?: string;
		message?: string;
		reason?: string;
		errors?: Array<{ error_code: string; message: string }>;
		validation_errors?: Array<{ loc: Array<string | number>; msg: string; type: string; ctx?: unknown }>;
		jobId?: string;
		statusUrl?: string;
		status?: string;
		result?: { outputs: unknown[] };
	}

	/** A request through the gateway (token and API key), answering status, text and the parsed JSON body ({} if not JSON). */
	async function call(
		path: string,
		init: { method?: 'GET' | 'POST'; body?: string; contentType?: string } = {},
	): Promise<{ status: number; text: string; body: Answer }> {
		const headers: Record<string, string> = { authorization: `Bearer ${env.emulator.issueToken(clientId)}`, 'x-api-key': clientId };
		if (init.contentType) headers['content-type'] = init.contentType;
		const res = await request(`${env.emulator.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body });
		const text = await res.body.text();
		return {
			status: res.statusCode,
			text,
			body: res.headers['content-type']?.toString().startsWith('application/json') ? (JSON.parse(text) as Answer) : {},
		};
	}
	const post = (path: string, body: unknown, contentType = 'application/json') =>
		call(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), contentType });

	describe('Photoshop API v1 (retired on 31 July 2026)', () => {
		it('answers every /pie/psdService/ path 410 by default, after the gateway checks', async () => {
			const hello = await call('/pie/psdService/hello');
			assert.equal(hello.status, 410);
			assert.deepEqual(hello.body, {
				error_code: '410000',
				message: 'Photoshop API v1 reached end of life on 31 July 2026; use Photoshop API v2 (https://photoshop-api.adobe.io/v2).',
			});
			const submit = await post('/pie/psdService/renditionCreate', {
				inputs: [{ href: 'https://example.com/a.psd' }],
				outputs: [{ href: 'https://example.com/b.png' }],
			});
			assert.equal(submit.status, 410);
			const noKey = await request(`${env.emulator.url}/pie/psdService/hello`);
			assert.equal(noKey.statusCode, 403, 'no API key: the gateway answers first');
			await noKey.body.dump();
		});

		it('serves v1 again when POST /__emulator/config turns photoshopV1 on, and retires it when turned off', async () => {
			const config = async (photoshopV1: boolean) => {
				const res = await request(`${env.emulator.url}/__emulator/config`, { method: 'POST', body: JSON.stringify({ photoshopV1 }) });
				assert.equal(((await res.body.json()) as { photoshopV1: boolean }).photoshopV1, photoshopV1);
			};
			try {
				await config(true);
				const hello = await call('/pie/psdService/hello');
				assert.deepEqual([hello.status, hello.text], [200, 'Welcome to the Photoshop API!']);
			} finally {
				await config(false);
			}
			assert.equal((await call('/pie/psdService/hello')).status, 410);
		});

		it('serves v1 from the CLI with --photoshop-v1, and says so', async () => {
			const child = spawn(
				process.execPath,
				[path.join(repoRoot, 'test/emulator/cli.js'), '--port', '0', '--large-folder', '1', '--photoshop-v1'],
				{ stdio: ['ignore', 'pipe', 'inherit'] },
			);
			try {
				const lines = await new Promise<string[]>((resolve, reject) => {
					let out = '';
					child.stdout.on('data', (chunk: Buffer) => {
						out += chunk.toString();
						if (out.split('\n').length > 2) resolve(out.split('\n'));
					});
					child.once('exit', (code) => reject(new Error(`CLI exited with ${code}`)));
				});
				assert.match(lines[1], /^Photoshop API v1 \(the hello call\): served as before its 31 July 2026 end of life/);
				const url = /listening on (\S+)$/.exec(lines[0])?.[1];
				const info = await request(`${url}/__emulator/config`, { method: 'POST', body: '{}' });
				assert.equal(((await info.body.json()) as { photoshopV1: boolean }).photoshopV1, true);
			} finally {
				child.kill('SIGTERM');
			}
		});
	});

	describe('Photoshop v2 create-composite', () => {
		const output = { destination: { url: 'https://example.com/out.png' }, mediaType: 'image/png' };

		it('accepts a source image, or a new document of width × height, with outputs that may be sized', async () => {
			for (const body of [
				{ image: { source: { url: 'https://example.com/in.psd' } }, outputs: [output] },
				{ image: { width: 800, height: 600 }, outputs: [output] },
				{
					image: { source: { creativeCloudFileId: 'urn:aaid:sc:US:1' } },
					outputs: [
						{ ...output, width: 400, height: 0 },
						{ destination: { embedded: 'base64' }, mediaType: 'image/jpeg' },
					],
				},
			]) {
				const answer = await post('/v2/create-composite', body);
				assert.equal(answer.status, 202, JSON.stringify(answer.body));
				assert.match(answer.body.statusUrl ?? '', /\/v2\/status\//);
			}
		});

		it("refuses missing or empty outputs, an output without destination or mediaType, and a bad image, in Adobe's validation_error shape", async () => {
			const refused = async (body: unknown, problem: RegExp) => {
				const answer = await post('/v2/create-composite', body);
				assert.equal(answer.status, 400);
				assert.equal(answer.body.error_code, 'validation_error');
				assert.equal(answer.body.message, 'Validation failed');
				assert.ok(
					answer.body.errors?.some((e) => e.error_code === 'validation_error' && problem.test(e.message)),
					answer.text,
				);
			};
			const image = { source: { url: 'https://example.com/in.psd' } };
			await refused({ image }, /^outputs is required/);
			await refused({ image, outputs: [] }, /^outputs is required/);
			await refused({ image, outputs: Array(26).fill(output) }, /^outputs is required: 1 to 25/);
			await refused({ image, outputs: [{ mediaType: 'image/png' }] }, /^outputs\[0\]\.destination is required$/);
			await refused(
				{ image, outputs: [output, { destination: { url: 'https://example.com/x' } }] },
				/^outputs\[1\]\.mediaType is required$/,
			);
			await refused({ image, outputs: [{ ...output, mediaType: 'image/gif' }] }, /^outputs\[0\]\.mediaType must be one of/);
			await refused({ image, outputs: [{ ...output, width: -1 }] }, /^outputs\[0\]\.width must be an integer of 0 or more$/);
			await refused({ outputs: [output] }, /^image is required/);
			await refused({ image: { width: 800 }, outputs: [output] }, /^image\.height must be an integer from 1 to 32000/);
			await refused({ image: { width: 0, height: 32001 }, outputs: [output] }, /^image\.width must be an integer from 1 to 32000/);
		});
	});

	describe('Firefly generate-async', () => {
		/** A multipart/form-data body with the given named parts. */
		function multipart(parts: Record<string, string>): { body: string; contentType: string } {
			const boundary = 'emu-boundary-42';
			const body =
				Object.entries(parts)
					.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
					.join('') + `--${boundary}--\r\n`;
			return { body, contentType: `multipart/form-data; boundary=${boundary}` };
		}

		it('accepts JSON and multipart/form-data (a request part and files), as the spec documents', async () => {
			const json = await post('/v3/images/generate-async', {
				prompt: 'a lighthouse',
				contentClass: 'art',
				numVariations: 2,
				seeds: [1, 2],
			});
			assert.equal(json.status, 202, JSON.stringify(json.body));
			const form = multipart({ request: JSON.stringify({ prompt: 'a lighthouse', contentClass: 'photo' }), files: 'PNG bytes' });
			const answer = await post('/v3/images/generate-async', form.body, form.contentType);
			assert.equal(answer.status, 202, JSON.stringify(answer.body));
			assert.match(answer.body.jobId ?? '', /^urn:ff:jobs:/);
		});

		it('makes as many images as seeds when numVariations is not given', async () => {
			env.emulator.asyncJobs.pollsToFinish = 1;
			const { body } = await post('/v3/images/generate-async', { prompt: 'x', seeds: [7, 8, 9] });
			const status = await call(new URL(body.statusUrl ?? '').pathname);
			assert.equal(status.body.status, 'succeeded');
			assert.equal(status.body.result?.outputs.length, 3);
		});

		it("refuses a contentClass other than photo or art with the spec's own example", async () => {
			const answer = await post('/v3/images/generate-async', { prompt: 'x', contentClass: 'painting' });
			assert.equal(answer.status, 422);
			assert.deepEqual(answer.body.validation_errors, [
				{
					ctx: { enum_values: ['photo', 'art'] },
					loc: ['body', 'contentClass'],
					msg: "value is not a valid enumeration member; permitted: 'photo', 'art'",
					type: 'type_error.enum',
				},
			]);
		});

		it('refuses seeds whose count is not numVariations, and seeds the schema forbids', async () => {
			const seedsError = async (body: unknown, msg: RegExp) => {
				const answer = await post('/v3/images/generate-async', body);
				assert.equal(answer.status, 422);
				assert.equal(answer.body.error_code, 'validation_error');
				assert.deepEqual(answer.body.validation_errors?.[0].loc, ['body', 'seeds']);
				assert.match(answer.body.validation_errors?.[0].msg ?? '', msg);
			};
			await seedsError({ prompt: 'x', numVariations: 2, seeds: [1] }, /^the number of seeds \(1\) must equal numVariations \(2\)$/);
			await seedsError({ prompt: 'x', seeds: [1, 2, 3, 4, 5] }, /^ensure this value has at most 4 items$/);
			await seedsError({ prompt: 'x', seeds: [] }, /^ensure this value has at least 1 items$/);
			await seedsError({ prompt: 'x', seeds: [1, 1] }, /duplicated/);
			await seedsError({ prompt: 'x', seeds: ['1'] }, /not a valid list of integers/);
		});

		it('refuses a multipart body without its request or files part, and other media types', async () => {
			const noFiles = multipart({ request: JSON.stringify({ prompt: 'x' }) });
			const missing = await post('/v3/images/generate-async', noFiles.body, noFiles.contentType);
			assert.equal(missing.status, 422);
			assert.deepEqual(missing.body.validation_errors, [{ loc: ['body', 'files'], msg: 'field required', type: 'value_error.missing' }]);
			const badRequest = multipart({ request: '{"prompt": "x", "contentClass": "sketch"}', files: 'x' });
			assert.equal(
				(await post('/v3/images/generate-async', badRequest.body, badRequest.contentType)).body.validation_errors?.[0].loc[1],
				'contentClass',
				'the request part is checked like a JSON body',
			);
			assert.equal((await post('/v3/images/generate-async', 'prompt=x', 'application/x-www-form-urlencoded')).status, 415);
		});
	});

	describe('Firefly custom models', () => {
		it('accepts start with a limit of 1–50, or neither', async () => {
			for (const query of ['', '?start=0&limit=1', '?start=10&limit=50', '?start=0', '?sortBy=-createdDate&publishedState=all']) {
				const answer = await call(`/v3/custom-models${query}`);
				assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
			}
		});

		it('refuses a limit without start and a limit outside 1–50 with 400 { reason, message }', async () => {
			for (const [query, message] of [
				['?limit=5', /^start is required when limit is given$/],
				['?start=0&limit=51', /^limit must be a whole number from 1 to 50/],
				['?start=0&limit=0', /^limit must be a whole number from 1 to 50/],
				['?start=-1', /^start must be a whole number/],
				['?sortBy=size', /^sortBy must be assetName, createdDate or modifiedDate/],
			] as const) {
				const answer = await call(`/v3/custom-models${query}`);
				assert.equal(answer.status, 400, query);
				assert.equal(answer.body.reason, 'invalid_request');
				assert.match(answer.body.message ?? '', message);
			}
		});
	});

	describe('Cloud Storage', () => {
		const image = () => [...env.emulator.content.byId.values()].find((a) => a.mediaType === 'image/png')!;
		const rendition = (id: string, query: string) =>
			request(`${env.emulator.url}/v1/files/${encodeURIComponent(id)}/image-rendition${query}`, {
				headers: { authorization: `Bearer ${env.emulator.issueToken(clientId)}` },
			});

		it('serves a rendition for size 1–8192', async () => {
			for (const size of ['1', '8192']) {
				const res = await rendition(image().assetId, `?size=${size}`);
				assert.equal(res.statusCode, 200);
				assert.equal(res.headers['content-type'], 'image/png');
				await res.body.dump();
			}
		});

		for (const contract of [true, false]) {
			it(`refuses a rendition size that is not an integer from 1 to 8192 as the spec says${contract ? ' (contract mode)' : ' without contract mode'}`, async () => {
				const emulator = contract ? env.emulator : new AdobeEmulator({ largeFolderSize: 1 });
				if (!contract) await emulator.start();
				try {
					for (const [size, message] of [
						['0', 'Provided value: (0) for query parameter: size is out of the allowed range. Allowed Range is 1-8192'],
						['8193', 'Provided value: (8193) for query parameter: size is out of the allowed range. Allowed Range is 1-8192'],
						['big', 'Provided value: (big) for query parameter: size is of invalid type. Allowed Type is Integer'],
					]) {
						const res = await request(`${emulator.url}/v1/files/${encodeURIComponent(image().assetId)}/image-rendition?size=${size}`, {
							headers: { authorization: `Bearer ${emulator.issueToken(clientId)}` },
						});
						assert.equal(res.statusCode, 422);
						assert.deepEqual(await res.body.json(), { error_code: 'validation_error', message });
					}
					if (contract) assert.equal(env.emulator.takeViolations().length, 3, 'contract mode records each');
				} finally {
					if (!contract) await emulator.stop();
				}
			});
		}

		it('answers a rendition 404 when the account may not read the file (storageDenied, or the noPermission fault)', async () => {
			const denied = await request(`${env.emulator.url}/v1/files/${encodeURIComponent(image().assetId)}/image-rendition`, {
				headers: { authorization: `Bearer ${env.emulator.issueToken(DEMO_CLIENTS.storageDenied.clientId)}` },
			});
			assert.equal(denied.statusCode, 404);
			assert.equal(((await denied.body.json()) as { error_code: string }).error_code, 'resource_not_found');
			env.emulator.inject('storage.rendition', { type: 'noPermission' }, 1);
			const faulted = await rendition(image().assetId, '');
			assert.equal(faulted.statusCode, 404);
			assert.deepEqual(await faulted.body.json(), {
				error_code: 'resource_not_found',
				message: `The requested resource (${image().assetId}) was not found.`,
			});
			const after = await rendition(image().assetId, '');
			assert.equal(after.statusCode, 200, 'the fault applied once');
			await after.body.dump();
		});

		it('refuses a cursor with filter (or sortBy) outside contract mode too, as "Only applicable for the first page" says', async () => {
			const plain = new AdobeEmulator({ largeFolderSize: 1 });
			await plain.start();
			try {
				const token = plain.issueToken(clientId);
				const first = await request(`${plain.url}/v1/projects?limit=1`, { headers: { authorization: `Bearer ${token}` } });
				const next = new URL(((await first.body.json()) as { paging: { nextUrl: string } }).paging.nextUrl);
				const cursor = next.searchParams.get('cursor') ?? '';
				for (const extra of ['filter=state%3D%3Dactive', 'sortBy=-name']) {
					const res = await request(`${plain.url}/v1/projects?cursor=${cursor}&${extra}`, {
						headers: { authorization: `Bearer ${token}` },
					});
					assert.equal(res.statusCode, 422);
					assert.deepEqual(await res.body.json(), {
						error_code: 'validation_error',
						message: `Following query parameters: [cursor and ${extra.split('=')[0]}] are not allowed together`,
					});
				}
				const ok = await request(`${plain.url}/v1/projects?cursor=${cursor}`, { headers: { authorization: `Bearer ${token}` } });
				assert.equal(ok.statusCode, 200, "the cursor alone carries the first page's filter");
				await ok.body.dump();
			} finally {
				await plain.stop();
			}
		});
	});
});
