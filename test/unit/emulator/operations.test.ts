/**
 * The emulator's Photoshop API v2 and Firefly v3 operations (test/emulator/operations.js), spoken to over HTTP
 * as Adobe's specs describe them (test/contract/photoshop-v2/photoshopv2-api.json, test/contract/firefly/
 * firefly-api.json). Contract mode is on (useEmulator): request bodies are judged by the specs too.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { request } from 'undici';
import { DEMO_PSD_PATH } from '../../emulator/operations';
import { validateOperationBody } from '../../emulator/opsContract';
import { AdobeEmulator, DEMO_CLIENTS } from '../../emulator/server';
import { useEmulator } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the specs type these bodies, not TypeScript
type Loose = any;

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Loose;
	bytes: Buffer;
}

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];

function harness(env: { emulator: AdobeEmulator }) {
	const demo = DEMO_CLIENTS.demo;
	const serverToServer = () => env.emulator.issueToken(demo.clientId);
	const userToken = () =>
		env.emulator.mint(env.emulator.clients.get(demo.clientId)!, demo.scopes, 3600, {
			userId: 'F00DCAFE@AdobeID',
			grantId: 'emu-test-grant',
		});
	async function call(
		method: string,
		url: string,
		body?: unknown,
		options: { token?: string | null; headers?: Record<string, string>; raw?: Buffer } = {},
	): Promise<Answer> {
		const token = options.token === undefined ? serverToServer() : options.token;
		const headers: Record<string, string> = {
			...(token ? { authorization: `Bearer ${token}`, 'x-api-key': demo.clientId } : {}),
			...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			...options.headers,
		};
		const res = await request(url.startsWith('http') ? url : `${env.emulator.url}${url}`, {
			method: method as 'GET',
			headers,
			body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
		});
		const bytes = Buffer.from(await res.body.arrayBuffer());
		const type = String(res.headers['content-type'] ?? '');
		return {
			status: res.statusCode,
			headers: res.headers,
			bytes,
			body: type.includes('json') && bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined,
		};
	}
	/** Polls a status URL until the job ends; returns the last answer and how many polls it took. */
	async function finish(statusUrl: string, token?: string): Promise<{ body: Loose; polls: number; states: string[] }> {
		const states: string[] = [];
		for (let polls = 1; polls <= 50; polls++) {
			const answer = await call('GET', statusUrl, undefined, { token });
			assert.equal(answer.status, 200, JSON.stringify(answer.body));
			states.push(answer.body.status);
			if (!['not_started', 'pending', 'running'].includes(answer.body.status)) return { body: answer.body, polls, states };
		}
		return assert.fail('the job never ended');
	}
	const asset = (path: string) => [...env.emulator.content.byId.values()].find((a) => a.path === path && a.state === 'active');
	const project = (name: string) => env.emulator.content.projects.find((p) => p.name === name)!;
	/** A pre-signed download URL of the store's file, as downloadFile answers it. */
	async function downloadUrl(path: string): Promise<string> {
		const file = asset(path) ?? assert.fail(`no ${path}`);
		const answer = await call('GET', `/v1/files/${encodeURIComponent(file.assetId)}/download`);
		if (answer.status === 200) return answer.body.url;
		// A large file is prepared by a job (202, then /v1/status/{jobId} with downloadResponse).
		assert.equal(answer.status, 202);
		for (let polls = 0; polls < 10; polls++) {
			const status = await call('GET', `/v1/status/${answer.body.jobId}`);
			if (status.body.status === 'succeeded') return status.body.downloadResponse.url;
		}
		return assert.fail('the download job never ended');
	}
	return { call, finish, asset, project, downloadUrl, serverToServer, userToken };
}

describe('Emulator: Photoshop v2 and Firefly operations on storage files', () => {
	const env = useEmulator({ largeFolderSize: 5 });
	const h = harness(env);
	const out = (destination: Record<string, unknown>, mediaType = 'image/png') => ({ destination, mediaType });

	describe('Photoshop v2 inputs', () => {
		it("reads source.url as the emulator's own pre-signed storage URL, and its hosted output is a PNG fetched without Authorization", async () => {
			const url = await h.downloadUrl('/Brand Refresh 2026/Social/Instagram/post-01.jpg');
			const submit = await h.call('POST', '/v2/create-composite', { image: { source: { url } }, outputs: [out({ validityPeriod: 600 })] });
			assert.equal(submit.status, 202, JSON.stringify(submit.body));
			assert.match(submit.body.statusUrl, /\/v2\/status\//);
			const { body } = await h.finish(submit.body.statusUrl);
			assert.equal(body.status, 'succeeded');
			const [output] = body.result.outputs;
			assert.equal(output.mediaType, 'image/png');
			assert.match(output.url, /\/__jobs\/output\/.*X-Amz-Expires=600/);
			const png = await h.call('GET', output.url, undefined, { token: null });
			assert.deepEqual([png.status, png.headers['content-type'], [...png.bytes.subarray(0, 4)]], [200, 'image/png', PNG]);
			assert.equal(env.emulator.authorizationOnPresigned, 0);
			const withToken = await h.call('GET', output.url);
			assert.equal(withToken.status, 400, 'a token on a hosted output is refused, as S3 does');
			assert.equal(env.emulator.authorizationOnPresigned, 1);
			assert.equal(env.emulator.operations.authorizationOnOutputs, 1);
		});

		it('reads creativeCloudFileId, and creativeCloudPath inside a project (no leading slash)', async () => {
			const file = h.asset('/Brand Refresh 2026/Social/LinkedIn/banner.png')!;
			const byId = await h.call('POST', '/v2/edit', {
				image: { source: { creativeCloudFileId: file.assetId } },
				edits: { autoTone: true },
				outputs: [out({ embedded: 'base64' }, 'image/jpeg')],
			});
			assert.equal(byId.status, 202, JSON.stringify(byId.body));
			const edited = (await h.finish(byId.body.statusUrl)).body;
			assert.equal(edited.status, 'succeeded', JSON.stringify(edited));
			assert.deepEqual([...Buffer.from(edited.result.outputs[0].destination.content, 'base64').subarray(0, 3)], JPEG);
			const byPath = await h.call('POST', '/v2/create-composite', {
				image: {
					source: { creativeCloudPath: 'Social/LinkedIn/banner.png', creativeCloudProjectId: h.project('Brand Refresh 2026').assetId },
				},
				outputs: [out({ embedded: 'base64' })],
			});
			assert.equal((await h.finish(byPath.body.statusUrl)).body.status, 'succeeded');
		});

		it('fetches a loopback URL elsewhere (another bucket) without Authorization, and PUTs the output to any pre-signed URL', async () => {
			const received: Array<{ method: string; authorization?: string; type?: string; bytes: Buffer }> = [];
			const bucket = http.createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c: Buffer) => chunks.push(c));
				req.on('end', () => {
					received.push({
						method: req.method ?? '',
						authorization: req.headers.authorization,
						type: req.headers['content-type'],
						bytes: Buffer.concat(chunks),
					});
					if (req.method === 'GET' && req.url?.startsWith('/in.png')) {
						res.writeHead(200, { 'content-type': 'image/png' });
						return res.end(env.emulator.fileContent(h.asset('/Brand Refresh 2026/Social/LinkedIn/banner.png')!.assetId));
					}
					res.writeHead(req.method === 'PUT' && req.url?.startsWith('/out.jpg') ? 200 : 404);
					return res.end();
				});
			});
			await new Promise<void>((resolve) => bucket.listen(0, '127.0.0.1', resolve));
			const base = `http://127.0.0.1:${(bucket.address() as AddressInfo).port}`;
			try {
				const submit = await h.call('POST', '/v2/create-composite', {
					image: { source: { url: `${base}/in.png?X-Amz-Signature=abc` } },
					outputs: [out({ url: `${base}/out.jpg?X-Amz-Signature=def` }, 'image/jpeg'), out({ url: `${base}/elsewhere.png` })],
				});
				const done = (await h.finish(submit.body.statusUrl)).body;
				assert.equal(done.status, 'partially_succeeded', 'the second PUT was answered 404');
				assert.deepEqual(
					received.map((r) => [r.method, r.authorization, r.type]),
					[
						['GET', undefined, undefined],
						['PUT', undefined, 'image/jpeg'],
						['PUT', undefined, 'image/png'],
					],
				);
				assert.deepEqual([...received[1].bytes.subarray(0, 3)], JPEG);
				assert.match(done.errorDetails[0].message, /answered 404/);
				const missing = await h.call('POST', '/v2/create-composite', {
					image: { source: { url: `${base}/gone.png` } },
					outputs: [out({ validityPeriod: 60 })],
				});
				assert.match((await h.finish(missing.body.statusUrl)).body.errorDetails[0].message, /answered 404/);
			} finally {
				await new Promise((resolve) => bucket.close(resolve));
			}
		});

		it('fails the job, with errorDetails 400401, when an input cannot be read: a missing file, a wrong path, an expired URL', async () => {
			const brand = h.project('Brand Refresh 2026').assetId;
			for (const source of [
				{ creativeCloudFileId: 'urn:aaid:sc:US:00000000-0000-0000-0000-000000000000' },
				{ creativeCloudPath: 'Social/nothing-here.png', creativeCloudProjectId: brand },
				{ url: `${env.emulator.url}/__download/not-signed?X-Amz-Expires=60` },
			]) {
				const submit = await h.call('POST', '/v2/create-composite', { image: { source }, outputs: [out({ validityPeriod: 60 })] });
				assert.equal(submit.status, 202);
				const { body } = await h.finish(submit.body.statusUrl);
				assert.equal(body.status, 'failed');
				assert.equal(body.errorDetails[0].errorCode, '400401');
				assert.equal(body.result, undefined);
			}
		});

		it('refuses a body that is not JSON (415 invalid_content_type) or not valid JSON (400 invalid_json)', async () => {
			const raw = Buffer.from('image=whatever');
			const form = await h.call('POST', '/v2/edit', undefined, { raw, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
			assert.deepEqual([form.status, form.body], [415, { error_code: 'invalid_content_type', message: 'Unsupported media type' }]);
			const broken = await h.call('POST', '/v2/generate-manifest', undefined, {
				raw: Buffer.from('{"image":'),
				headers: { 'content-type': 'application/json' },
			});
			assert.deepEqual([broken.status, broken.body.error_code], [400, 'invalid_json']);
		});

		it('refuses a creativeCloudPath with a leading slash at submit, in the validation_error shape', async () => {
			const submit = await h.call('POST', '/v2/edit', {
				image: {
					source: { creativeCloudPath: '/Social/LinkedIn/banner.png', creativeCloudProjectId: h.project('Brand Refresh 2026').assetId },
				},
				outputs: [out({ validityPeriod: 60 }, 'image/jpeg')],
			});
			assert.equal(submit.status, 400);
			assert.equal(submit.body.error_code, 'validation_error');
			assert.match(submit.body.errors[0].message, /must not start with "\/"/);
		});
	});

	describe('Photoshop v2 outputs', () => {
		it('writes a creativeCloudPath destination as a new file in the store, making missing folders; a taken name fails that output', async () => {
			const brand = h.project('Brand Refresh 2026').assetId;
			const file = h.asset('/Brand Refresh 2026/Social/Instagram/post-02.jpg')!;
			const body = {
				image: { source: { creativeCloudFileId: file.assetId } },
				edits: { autoTone: true },
				outputs: [out({ creativeCloudPath: 'Social/Instagram/post-02 (auto tone).jpg', creativeCloudProjectId: brand }, 'image/jpeg')],
			};
			const submit = await h.call('POST', '/v2/edit', body);
			const done = (await h.finish(submit.body.statusUrl)).body;
			assert.equal(done.status, 'succeeded', JSON.stringify(done));
			assert.deepEqual(done.result.outputs[0], {
				destination: { creativeCloudPath: 'Social/Instagram/post-02 (auto tone).jpg', creativeCloudProjectId: brand },
				mediaType: 'image/jpeg',
			});
			const made = h.asset('/Brand Refresh 2026/Social/Instagram/post-02 (auto tone).jpg') ?? assert.fail('no new file');
			assert.equal(made.mediaType, 'image/jpeg');
			assert.deepEqual([...env.emulator.fileContent(made.assetId).subarray(0, 3)], JPEG);
			assert.equal(env.emulator.fileContent(file.assetId).length, file.size, 'the source is as it was');

			const again = await h.call('POST', '/v2/edit', body);
			const clash = (await h.finish(again.body.statusUrl)).body;
			assert.equal(clash.status, 'failed');
			assert.equal(clash.errorDetails[0].errorCode, '422404');
			assert.match(clash.errorDetails[0].message, /already exists/);

			const nested = await h.call('POST', '/v2/create-composite', {
				image: { source: { creativeCloudFileId: file.assetId } },
				outputs: [out({ creativeCloudPath: 'Exports/2026/post-02.tif', creativeCloudProjectId: brand }, 'image/tiff')],
			});
			assert.equal((await h.finish(nested.body.statusUrl)).body.status, 'succeeded');
			const tiff = h.asset('/Brand Refresh 2026/Exports/2026/post-02.tif') ?? assert.fail('no TIFF');
			assert.equal(env.emulator.fileContent(tiff.assetId).toString('latin1', 0, 4), 'II*\0');
		});

		it('PUTs an output to destination.url, e.g. a Cloud Storage transfer link, which then finalizes into a file', async () => {
			const folder = h.asset('/Brand Refresh 2026/Social/LinkedIn')!;
			const init = await h.call('POST', '/v1/files/upload/init', {
				parentId: folder.assetId,
				name: 'banner (converted).png',
				size: 1024,
				mediaType: 'image/png',
			});
			assert.equal(init.status, 200, JSON.stringify(init.body));
			const link = init.body.transferLinks[0].url;
			const submit = await h.call('POST', '/v2/create-composite', {
				image: { source: { url: await h.downloadUrl('/Brand Refresh 2026/Social/LinkedIn/banner.png') } },
				outputs: [out({ url: link })],
			});
			const done = (await h.finish(submit.body.statusUrl)).body;
			assert.equal(done.status, 'succeeded', JSON.stringify(done));
			assert.deepEqual(done.result.outputs, [{ url: link, mediaType: 'image/png' }]);
			assert.equal(env.emulator.operations.deliveries[0].status, 200);
			const finalize = await h.call('POST', '/v1/files/upload/finalize', { uploadId: init.body.uploadId, usedTransferLinks: [1] });
			assert.equal(finalize.status, 202);
			for (let polls = 0; polls < 5 && (await h.call('GET', `/v1/status/${finalize.body.jobId}`)).body.status !== 'succeeded'; polls++);
			const made = h.asset('/Brand Refresh 2026/Social/LinkedIn/banner (converted).png') ?? assert.fail('not finalized');
			assert.deepEqual([...env.emulator.fileContent(made.assetId).subarray(0, 4)], PNG);
			assert.equal(env.emulator.authorizationOnPresigned, 0, 'the PUT carried no Authorization');
		});

		it('makes a new version (same asset id) for a taken creativeCloudPath with shouldOverwrite: true', async () => {
			const brand = h.project('Brand Refresh 2026').assetId;
			const target = h.asset('/Brand Refresh 2026/Social/LinkedIn/carousel-1.png')!;
			const before = env.emulator.fileContent(target.assetId);
			const submit = await h.call('POST', '/v2/create-composite', {
				image: { source: { creativeCloudFileId: target.assetId } },
				outputs: [
					{ ...out({ creativeCloudPath: 'Social/LinkedIn/carousel-1.png', creativeCloudProjectId: brand }), shouldOverwrite: true },
				],
			});
			assert.equal((await h.finish(submit.body.statusUrl)).body.status, 'succeeded');
			const after = h.asset('/Brand Refresh 2026/Social/LinkedIn/carousel-1.png')!;
			assert.equal(after.assetId, target.assetId);
			assert.notDeepEqual(env.emulator.fileContent(after.assetId), before);
			assert.deepEqual([...env.emulator.fileContent(after.assetId).subarray(0, 4)], PNG);
		});

		it('refuses to write where the token may only comment (the read-only Logos folder): the output fails 422404', async () => {
			const submit = await h.call('POST', '/v2/create-composite', {
				image: { width: 16, height: 16 },
				outputs: [out({ creativeCloudPath: 'Logos/logo (new).png', creativeCloudProjectId: h.project('Brand Refresh 2026').assetId })],
			});
			const done = (await h.finish(submit.body.statusUrl)).body;
			assert.deepEqual([done.status, done.errorDetails[0].errorCode], ['failed', '422404']);
			assert.match(done.errorDetails[0].message, /User not authorized/);
		});

		it("writes a creativeCloudPath without a project to the token's own files, readable back by the same path", async () => {
			const write = await h.call('POST', '/v2/create-composite', {
				image: { width: 16, height: 16 },
				outputs: [out({ creativeCloudPath: 'temp/out.png' })],
			});
			assert.deepEqual((await h.finish(write.body.statusUrl)).body.result.outputs, [
				{ destination: { creativeCloudPath: 'temp/out.png' }, mediaType: 'image/png' },
			]);
			const read = await h.call('POST', '/v2/create-composite', {
				image: { source: { creativeCloudPath: 'temp/out.png' } },
				outputs: [out({ embedded: 'base64' })],
			});
			assert.equal((await h.finish(read.body.statusUrl)).body.status, 'succeeded');
			assert.deepEqual((await h.call('GET', '/__emulator/operations', undefined, { token: null })).body.personalFiles, ['temp/out.png']);
		});

		it('stops serving a hosted output after its validityPeriod (403, as an expired S3 URL)', async () => {
			const submit = await h.call('POST', '/v2/create-composite', {
				image: { width: 16, height: 16 },
				outputs: [out({ validityPeriod: 60 })],
			});
			const url = (await h.finish(submit.body.statusUrl)).body.result.outputs[0].url;
			assert.equal((await h.call('GET', url, undefined, { token: null })).status, 200);
			for (const signed of env.emulator.asyncJobs.outputs.values()) signed.expiresAt = Date.now() - 1;
			assert.equal((await h.call('GET', url, undefined, { token: null })).status, 403);
		});

		it('pads image outputs to operationOutputBytes (benchmarks of large results), still pictures of their type', async () => {
			const config = await h.call('POST', '/__emulator/operations/config', { outputBytes: 2_000_000 }, { token: null });
			assert.equal(config.body.outputBytes, 2_000_000);
			try {
				const submit = await h.call('POST', '/v2/create-composite', {
					image: { width: 16, height: 16 },
					outputs: ['image/png', 'image/jpeg', 'image/vnd.adobe.photoshop'].map((t) => out({ validityPeriod: 60 }, t)),
				});
				for (const output of (await h.finish(submit.body.statusUrl)).body.result.outputs) {
					const got = await h.call('GET', output.url, undefined, { token: null });
					assert.equal(got.bytes.length, 2_000_000, output.mediaType);
				}
				assert.equal((await h.call('POST', '/__emulator/operations/config', { outputBytes: -1 }, { token: null })).status, 400);
			} finally {
				env.emulator.operations.paddedOutputBytes = 0;
			}
		});

		it('fails an output whose destination URL refuses the PUT (an expired transfer link)', async () => {
			const submit = await h.call('POST', '/v2/create-composite', {
				image: { width: 32, height: 32 },
				outputs: [out({ url: `${env.emulator.url}/__blocks/nope/1?sig=bad` })],
			});
			const done = (await h.finish(submit.body.statusUrl)).body;
			assert.equal(done.status, 'failed');
			assert.match(done.errorDetails[0].message, /answered 403/);
		});

		it('makes each media type: JPEG, PNG, TIFF and PSD bytes of that type, embedded as base64', async () => {
			const submit = await h.call('POST', '/v2/create-composite', {
				image: { width: 64, height: 64 },
				outputs: ['image/jpeg', 'image/png', 'image/tiff', 'image/vnd.adobe.photoshop'].map((t) => out({ embedded: 'base64' }, t)),
			});
			const done = (await h.finish(submit.body.statusUrl)).body;
			const heads = done.result.outputs.map((o: Loose) => [
				o.mediaType,
				Buffer.from(o.destination.content, 'base64').toString('latin1', 0, 4),
			]);
			assert.deepEqual(heads, [
				['image/jpeg', '\xff\xd8\xff\xfe'],
				['image/png', '\x89PNG'],
				['image/tiff', 'II*\0'],
				['image/vnd.adobe.photoshop', '8BPS'],
			]);
		});
	});

	describe('generate-manifest and auto-crop', () => {
		it(`answers the demo PSD (${DEMO_PSD_PATH}) with a layer tree: groups, text layers with text, bounds, a smart object`, async () => {
			const psd = h.asset(DEMO_PSD_PATH) ?? assert.fail('no demo PSD');
			assert.equal(env.emulator.fileContent(psd.assetId).toString('latin1', 0, 4), '8BPS');
			const submit = await h.call('POST', '/v2/generate-manifest', {
				image: {
					source: { creativeCloudPath: 'Campaign/key-visual.psd', creativeCloudProjectId: h.project('Brand Refresh 2026').assetId },
				},
				outputs: [out({ embedded: 'json' }, 'application/json')],
			});
			assert.equal(submit.status, 202, JSON.stringify(submit.body));
			const done = (await h.finish(submit.body.statusUrl)).body;
			const manifest = done.result.outputs[0].destination.content;
			assert.equal(manifest.document.title, 'key-visual.psd');
			assert.deepEqual(manifest.document.bounds, { left: 0, top: 0, right: 1200, bottom: 800 });
			const headline = manifest.layers.find((l: Loose) => l.type === 'group_layer' && l.name === 'Headline');
			assert.deepEqual(
				headline.children.map((l: Loose) => [l.type, l.text.content]),
				[
					['text_layer', 'Brand Refresh 2026'],
					['text_layer', 'Same brand, new light.'],
				],
			);
			assert.ok(manifest.layers.some((l: Loose) => l.type === 'smart_object_layer' && l.smartObjectData.fileInfo.name === 'shoe-01.psd'));

			const hosted = await h.call('POST', '/v2/generate-manifest', {
				image: { source: { url: await h.downloadUrl(DEMO_PSD_PATH) } },
				outputs: [out({ validityPeriod: 60 }, 'application/json')],
			});
			const url = (await h.finish(hosted.body.statusUrl)).body.result.outputs[0].url;
			const fetched = await h.call('GET', url, undefined, { token: null });
			assert.equal(fetched.body.layers.length, manifest.layers.length);
		});

		it('answers another PSD with its background layer, and auto-crop with crops and their images', async () => {
			const other = await h.call('POST', '/v2/generate-manifest', {
				image: { source: { creativeCloudFileId: h.asset('/Summer Campaign/hero-banner.psd')!.assetId } },
				outputs: [out({ embedded: 'json' }, 'application/json')],
			});
			const manifest = (await h.finish(other.body.statusUrl)).body.result.outputs[0].destination.content;
			assert.deepEqual(
				manifest.layers.map((l: Loose) => l.type),
				['background_layer'],
			);
			const crop = await h.call('POST', '/v1/auto-crop', {
				image: { source: { url: await h.downloadUrl('/Brand Refresh 2026/Social/Instagram/story-01.jpg') } },
				mode: 'smartCrop',
				aspectRatio: ['1:1', '16:9'],
			});
			assert.equal(crop.status, 202, JSON.stringify(crop.body));
			const result = (await h.finish(crop.body.statusUrl)).body.result.outputs[0].destination.content;
			assert.equal(result.crops.length, 2);
			const image = await h.call('GET', result.crops[1].boundingBoxes[0].url, undefined, { token: null });
			assert.deepEqual([...image.bytes.subarray(0, 4)], PNG);
		});
	});

	describe('execute-actions and create-artboard', () => {
		it('reads the .atn from storage like an input, and an artboard of several images', async () => {
			const brand = h.project('Brand Refresh 2026').assetId;
			const actions = await h.call('POST', '/v2/execute-actions', {
				image: { source: { creativeCloudFileId: h.asset('/Brand Refresh 2026/Social/Instagram/post-01.jpg')!.assetId } },
				options: { actions: [{ source: { url: await h.downloadUrl('/Brand Refresh 2026/creative-brief.docx') } }] },
				outputs: [out({ creativeCloudPath: 'Social/Instagram/post-01 (actions).png', creativeCloudProjectId: brand })],
			});
			assert.equal(actions.status, 202, JSON.stringify(actions.body));
			assert.equal((await h.finish(actions.body.statusUrl)).body.status, 'succeeded');
			assert.ok(h.asset('/Brand Refresh 2026/Social/Instagram/post-01 (actions).png'));
			const artboard = await h.call('POST', '/v2/create-artboard', {
				images: [
					{ source: { creativeCloudFileId: h.asset('/Brand Refresh 2026/Social/Instagram/post-01.jpg')!.assetId } },
					{ source: { url: await h.downloadUrl('/Brand Refresh 2026/Social/Instagram/post-02.jpg') } },
				],
				outputs: [out({ validityPeriod: 60 }, 'image/vnd.adobe.photoshop')],
			});
			assert.equal(artboard.status, 202, JSON.stringify(artboard.body));
			assert.equal((await h.finish(artboard.body.statusUrl)).body.result.outputs[0].mediaType, 'image/vnd.adobe.photoshop');
		});
	});

	describe('the Creative Cloud switch (server-to-server tokens)', () => {
		afterEach(() => {
			env.emulator.operations.refuseCreativeCloud = 'off';
		});
		const brand = () => h.project('Brand Refresh 2026').assetId;
		const ccBody = () => ({
			image: { source: { creativeCloudFileId: h.asset('/Brand Refresh 2026/Social/Instagram/post-01.jpg')!.assetId } },
			outputs: [out({ creativeCloudPath: 'Social/Instagram/post-01 (refused).png', creativeCloudProjectId: brand() })],
		});

		it('\'job\': accepts the submit, then fails the job with errorDetails 403401 "User not authorized", writing nothing', async () => {
			env.emulator.operations.refuseCreativeCloud = 'job';
			const submit = await h.call('POST', '/v2/create-composite', ccBody());
			assert.equal(submit.status, 202);
			const { body, polls } = await h.finish(submit.body.statusUrl);
			assert.deepEqual([body.status, body.errorDetails], ['failed', [{ errorCode: '403401', message: 'User not authorized' }]]);
			assert.equal(polls, 3, 'it fails when it would have ended');
			assert.equal(h.asset('/Brand Refresh 2026/Social/Instagram/post-01 (refused).png'), undefined);
		});

		it("'submit': refuses synchronously, 403 unauthorized_forbidden in the spec's ErrorResponse", async () => {
			const config = await h.call('POST', '/__emulator/operations/config', { refuseCreativeCloud: 'submit' }, { token: null });
			assert.equal(config.body.refuseCreativeCloud, 'submit');
			const submit = await h.call('POST', '/v2/edit', { ...ccBody(), outputs: [out({ validityPeriod: 60 }, 'image/jpeg')] });
			assert.deepEqual([submit.status, submit.body], [403, { error_code: 'unauthorized_forbidden', message: 'User not authorized' }]);
		});

		it('lets the fallback through (pre-signed input, hosted output), and a signed-in user through on either route', async () => {
			env.emulator.operations.refuseCreativeCloud = 'submit';
			const fallback = await h.call('POST', '/v2/create-composite', {
				image: { source: { url: await h.downloadUrl('/Brand Refresh 2026/Social/Instagram/post-01.jpg') } },
				outputs: [out({ validityPeriod: 60 })],
			});
			assert.equal((await h.finish(fallback.body.statusUrl)).body.status, 'succeeded');
			const user = h.userToken();
			const direct = await h.call('POST', '/v2/create-composite', ccBody(), { token: user });
			assert.equal(direct.status, 202);
			assert.equal((await h.finish(direct.body.statusUrl, user)).body.status, 'succeeded');
			assert.ok(h.asset('/Brand Refresh 2026/Social/Instagram/post-01 (refused).png'));
		});

		it('is switched on from the CLI with --refuse-creative-cloud [job|submit], and says so', async () => {
			const cli = path.join(__dirname, '../../../../test/emulator/cli.js');
			for (const [args, expected] of [
				[['--refuse-creative-cloud'], 'job'],
				[['--refuse-creative-cloud', 'submit'], 'submit'],
			] as const) {
				const child = spawn(process.execPath, [cli, '--port', '0', '--large-folder', '1', ...args], {
					stdio: ['ignore', 'pipe', 'inherit'],
				});
				try {
					const lines = await new Promise<string[]>((resolve, reject) => {
						let text = '';
						child.stdout.on('data', (chunk: Buffer) => {
							text += chunk.toString();
							if (text.split('\n').length > 3) resolve(text.split('\n'));
						});
						child.once('exit', (code) => reject(new Error(`CLI exited with ${code}`)));
					});
					assert.match(lines[2], /^Photoshop v2 refuses Creative Cloud inputs and outputs for server-to-server tokens/);
					const url = /listening on (\S+)$/.exec(lines[0])?.[1];
					const info = await request(`${url}/__emulator/operations`);
					assert.equal(((await info.body.json()) as { refuseCreativeCloud: string }).refuseCreativeCloud, expected);
				} finally {
					child.kill('SIGTERM');
				}
			}
		});

		it('refuses a Creative Cloud action file and image of an artboard too (every Creative Cloud input)', async () => {
			env.emulator.operations.refuseCreativeCloud = 'submit';
			const cc = { creativeCloudFileId: h.asset('/Brand Refresh 2026/Social/Instagram/post-01.jpg')!.assetId };
			const url = await h.downloadUrl('/Brand Refresh 2026/Social/Instagram/post-02.jpg');
			const actions = await h.call('POST', '/v2/execute-actions', {
				image: { source: { url } },
				options: { actions: [{ source: cc }] },
				outputs: [out({ validityPeriod: 60 })],
			});
			assert.equal(actions.status, 403);
			const artboard = await h.call('POST', '/v2/create-artboard', {
				images: [{ source: { url } }, { source: cc }],
				outputs: [out({ validityPeriod: 60 })],
			});
			assert.equal(artboard.status, 403);
			const firefly = await h.call('POST', '/v3/images/expand-async', { image: { source: { url } } });
			assert.equal(firefly.status, 202, 'Firefly takes no Creative Cloud reference: nothing to refuse');
		});

		it('is off by default, and reset() keeps the switch (a setting)', async () => {
			assert.equal((await h.call('GET', '/__emulator/operations', undefined, { token: null })).body.refuseCreativeCloud, false);
			const off = await h.call('POST', '/v2/create-composite', ccBody());
			assert.equal((await h.finish(off.body.statusUrl)).body.status, 'succeeded');
			env.emulator.operations.refuseCreativeCloud = 'job';
			env.emulator.reset();
			assert.equal(env.emulator.operations.refuseCreativeCloud, 'job');
			env.emulator.operations.refuseCreativeCloud = 'off';
		});
	});

	describe('Firefly', () => {
		async function upload(bytes: Buffer, type = 'image/png'): Promise<string> {
			const answer = await h.call('POST', '/v2/storage/image', undefined, { raw: bytes, headers: { 'content-type': type } });
			assert.equal(answer.status, 200, JSON.stringify(answer.body));
			return answer.body.images[0].id;
		}
		const input = () => env.emulator.fileContent(h.asset('/Brand Refresh 2026/Social/LinkedIn/banner.png')!.assetId);

		it('takes an image at /v2/storage/image and answers { images: [{ id }] }; refuses other types, empty and over 15 MB', async () => {
			assert.match(await upload(input()), /^[0-9a-f-]{36}$/);
			const gif = await h.call('POST', '/v2/storage/image', undefined, {
				raw: Buffer.from('GIF89a'),
				headers: { 'content-type': 'image/gif' },
			});
			assert.equal(gif.status, 415);
			const empty = await h.call('POST', '/v2/storage/image', undefined, {
				raw: Buffer.alloc(0),
				headers: { 'content-type': 'image/png' },
			});
			assert.equal(empty.status, 400);
			const big = await h.call('POST', '/v2/storage/image', undefined, {
				raw: Buffer.alloc(15 * 1024 * 1024 + 1),
				headers: { 'content-type': 'image/png' },
			});
			assert.deepEqual([big.status, big.body.error_code], [400, 'bad_request']);
			const anonymous = await h.call('POST', '/v2/storage/image', undefined, {
				token: null,
				raw: input(),
				headers: { 'content-type': 'image/png' },
			});
			assert.equal(anonymous.status, 403);
		});

		it('runs fill (with a mask), expand, generate-similar, object composite and upscale on uploads and pre-signed URLs; outputs are PNGs without Authorization', async () => {
			const image = await upload(input());
			const mask = await upload(input());
			const url = await h.downloadUrl('/Brand Refresh 2026/Social/Instagram/post-01.jpg');
			const jobs: Array<[string, Loose, number]> = [
				[
					'/v3/images/fill-async',
					{ image: { source: { uploadId: image } }, mask: { source: { uploadId: mask } }, prompt: 'a red door' },
					1,
				],
				['/v3/images/expand-async', { image: { source: { url } }, numVariations: 2 }, 2],
				['/v3/images/generate-similar-async', { image: { source: { uploadId: image } }, numVariations: 3 }, 3],
				['/v3/images/generate-object-composite-async', { image: { source: { uploadId: image } }, prompt: 'on a beach' }, 1],
			];
			for (const [path, body, count] of jobs) {
				const submit = await h.call('POST', path, body);
				assert.equal(submit.status, 202, `${path}: ${JSON.stringify(submit.body)}`);
				assert.match(submit.body.jobId, /^urn:ff:jobs:/);
				assert.match(submit.body.cancelUrl, /\/v3\/cancel\//);
				const done = (await h.finish(submit.body.statusUrl)).body;
				assert.equal(done.status, 'succeeded');
				assert.equal(done.result.outputs.length, count, path);
				const png = await h.call('GET', done.result.outputs[0].image.url, undefined, { token: null });
				assert.deepEqual([png.status, [...png.bytes.subarray(0, 4)]], [200, PNG]);
			}
			const upscale = await h.call('POST', '/v3/images/upscale', {
				image: { source: { uploadId: image } },
				seeds: [1, 2],
				upscaleFactor: 4,
			});
			assert.equal(upscale.status, 202);
			const upscaled = (await h.finish(upscale.body.links.result.href)).body;
			assert.equal(upscaled.result.outputs.length, 2);
			const big = await h.call('GET', upscaled.result.outputs[0].presignedUrl, undefined, { token: null });
			assert.equal(big.bytes.readUInt32BE(16), 256, 'a 4× upscale of the 64-pixel picture');
			assert.equal(env.emulator.operations.unknownUploadIds, 0);
			assert.equal(env.emulator.authorizationOnPresigned, 0);
		});

		it('cancels a held job (PUT cancelUrl), which then reads cancelled and makes no outputs', async () => {
			env.emulator.inject('firefly.similar', { type: 'jobHold' }, 1);
			const submit = await h.call('POST', '/v3/images/generate-similar-async', { image: { source: { uploadId: await upload(input()) } } });
			assert.equal((await h.call('GET', submit.body.statusUrl)).body.status, 'running');
			const cancel = await h.call('PUT', submit.body.cancelUrl);
			assert.equal(cancel.status, 200);
			const after = await h.call('GET', submit.body.statusUrl);
			assert.deepEqual([after.body.status, after.body.result], ['cancelled', undefined]);
		});

		it('refuses fill without a mask and object composite without a prompt (422 validation_error)', async () => {
			const image = { source: { uploadId: await upload(input()) } };
			const fill = await h.call('POST', '/v3/images/fill-async', { image });
			assert.deepEqual(
				[fill.status, fill.body.error_code, fill.body.validation_errors[0].loc],
				[422, 'validation_error', ['body', 'mask']],
			);
			const composite = await h.call('POST', '/v3/images/generate-object-composite-async', { image });
			assert.deepEqual([composite.status, composite.body.validation_errors[0].loc], [422, ['body', 'prompt']]);
			const text = await h.call('POST', '/v3/images/fill-async', undefined, {
				raw: Buffer.from('{}'),
				headers: { 'content-type': 'text/plain' },
			});
			assert.equal(text.status, 415);
		});
	});

	describe('faults', () => {
		const composite = (outputs: unknown[]) => ({ image: { width: 32, height: 32 }, outputs });

		it("jobFailed: the job fails with the fault's errors; nothing is written", async () => {
			env.emulator.inject(
				'photoshop.v2Edit',
				{ type: 'jobFailed', errors: [{ error_code: '500600', message: 'Internal server error' }] },
				1,
			);
			const brand = h.project('Brand Refresh 2026').assetId;
			const submit = await h.call('POST', '/v2/edit', {
				image: { source: { creativeCloudFileId: h.asset('/Brand Refresh 2026/Social/Instagram/post-01.jpg')!.assetId } },
				outputs: [out({ creativeCloudPath: 'Social/failed.jpg', creativeCloudProjectId: brand }, 'image/jpeg')],
			});
			const done = (await h.finish(submit.body.statusUrl)).body;
			assert.deepEqual([done.status, done.errorDetails], ['failed', [{ errorCode: '500600', message: 'Internal server error' }]]);
			assert.equal(h.asset('/Brand Refresh 2026/Social/failed.jpg'), undefined);
		});

		it('jobPartial: every output but the last is made; the status is partially_succeeded with the failed output in errorDetails', async () => {
			env.emulator.inject('photoshop.v2Submit', { type: 'jobPartial' }, 1);
			const submit = await h.call(
				'POST',
				'/v2/create-composite',
				composite([out({ validityPeriod: 60 }), out({ validityPeriod: 60 }, 'image/jpeg')]),
			);
			const done = (await h.finish(submit.body.statusUrl)).body;
			assert.equal(done.status, 'partially_succeeded');
			assert.deepEqual(
				done.result.outputs.map((o: Loose) => o.mediaType),
				['image/png'],
			);
			assert.equal(done.errorDetails[0].errorCode, '422404');
			env.emulator.inject('firefly.similar', { type: 'jobPartial' }, 1);
			const ff = await h.call('POST', '/v3/images/generate-similar-async', {
				image: { source: { url: await h.downloadUrl('/Brand Refresh 2026/Social/LinkedIn/banner.png') } },
				numVariations: 3,
			});
			assert.equal((await h.finish(ff.body.statusUrl)).body.result.outputs.length, 2);
		});

		it('slowJob: that many running answers before the job ends', async () => {
			env.emulator.inject('photoshop.v2Manifest', { type: 'slowJob', polls: 6 }, 1);
			const submit = await h.call('POST', '/v2/generate-manifest', {
				image: { source: { creativeCloudFileId: h.asset(DEMO_PSD_PATH)!.assetId } },
				outputs: [out({ embedded: 'json' }, 'application/json')],
			});
			const { states } = await h.finish(submit.body.statusUrl);
			assert.deepEqual(states, ['not_started', 'running', 'running', 'running', 'running', 'running', 'succeeded']);
		});
	});

	describe('contract mode', () => {
		it('refuses what the spec refuses (an edit output of image/gif) with 400 validation_error, and records the violation', async () => {
			const submit = await h.call('POST', '/v2/edit', {
				image: { source: { url: 'https://example.com/in.jpg' } },
				outputs: [out({ validityPeriod: 60 }, 'image/gif')],
			});
			assert.equal(submit.status, 400);
			assert.equal(submit.body.error_code, 'validation_error');
			assert.ok(
				submit.body.errors.some((e: Loose) => /mediaType must be equal to one of the allowed values/.test(e.message)),
				JSON.stringify(submit.body),
			);
			const violations = env.emulator.takeViolations();
			assert.ok(violations.some((v) => v.path === '/v2/edit' && /^edit: /.test(v.message)));
		});

		it('refuses a Firefly body the spec refuses (numVariations 5) with 422, and validates the bodies it accepts', async () => {
			const answer = await h.call('POST', '/v3/images/expand-async', {
				image: { source: { url: 'https://x.amazonaws.com/a.png' } },
				numVariations: 5,
			});
			assert.equal(answer.status, 422);
			env.emulator.takeViolations();
			assert.deepEqual(
				validateOperationBody('firefly', 'POST', '/v3/images/expand-async', { image: { source: { url: 'https://x.amazonaws.com/a.png' } } })
					.problems,
				[],
			);
			assert.deepEqual(
				validateOperationBody('photoshopV2', 'POST', '/v2/generate-manifest', {
					image: { source: { creativeCloudFileId: 'urn:aaid:sc:US:1' } },
					outputs: [out({ embedded: 'json' }, 'application/json')],
				}).problems,
				[],
			);
		});
	});
});
