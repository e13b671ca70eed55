/** Async jobs: detection of each documented shape, status reading, and following against the emulator. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import {
	FollowJobDeps,
	FollowJobOptions,
	JOB_APIS,
	JobApi,
	JobRef,
	JobStatus,
	MAX_STATUS_BODY_BYTES,
	apiOfJob,
	apiOfStatusUrl,
	cancelJob,
	detectJob,
	followJob,
	interpretJobStatus,
} from '../../../src/core/jobs';
import { AdobeApiError } from '../../../src/core/common/errors';
import { HttpClient } from '../../../src/core/common/http';
import { ASYNC_DOWNLOAD_BYTES } from '../../emulator/server';
import { DEMO_CLIENTS, FakeClock, assertNoLeak, rejection, settle, useEmulator } from '../helpers';

const clientId = DEMO_CLIENTS.demo.clientId;

describe('async jobs', () => {
	// Photoshop API v1 jobs (renditionCreate) ended with v1 on 31 July 2026; these tests follow their mechanics, so the emulator serves v1.
	const env = useEmulator({ photoshopV1: true });
	const httpClient = new HttpClient({ timeoutMs: 5000 });
	after(() => httpClient.close());

	/** What one follow did: tokens handed out, refreshes asked for, origins checked, updates seen. */
	interface Harness {
		deps: FollowJobDeps;
		clock: FakeClock;
		tokens: string[];
		refreshes: number;
		checked: string[];
		updates: Array<{ state: JobStatus['state']; polls: number }>;
		controller: AbortController;
	}

	/** Deps for followJob: emulator tokens (a fresh one on forceRefresh), an origin check that admits only the emulator. */
	function harness(): Harness {
		const h: Harness = {
			clock: new FakeClock(),
			tokens: [env.emulator.issueToken(clientId)],
			refreshes: 0,
			checked: [],
			updates: [],
			controller: new AbortController(),
			deps: undefined as unknown as FollowJobDeps,
		};
		h.deps = {
			http: httpClient,
			clock: h.clock,
			signal: h.controller.signal,
			authHeaders: async (forceRefresh) => {
				if (forceRefresh) {
					h.refreshes++;
					h.tokens.push(env.emulator.issueToken(clientId));
				}
				return { authorization: `Bearer ${h.tokens[h.tokens.length - 1]}`, 'x-api-key': clientId };
			},
			checkOrigin: async (url) => {
				h.checked.push(url.origin);
				if (url.origin !== new URL(env.emulator.url).origin) {
					throw new AdobeApiError(`The job status address ${url.origin} is not one of your Adobe endpoints; no token was sent to it.`, {
						kind: 'config',
					});
				}
			},
			onUpdate: (status, polls) => h.updates.push({ state: status.state, polls }),
			get secrets() {
				return h.tokens;
			},
		};
		return h;
	}

	/** Submits through the emulator as a client would, returning what detectJob makes of the answer. */
	async function submit(
		path: string,
		body: unknown,
		method: 'POST' | 'GET' = 'POST',
	): Promise<{ ref: JobRef | undefined; status: number; body: unknown }> {
		const url = `${env.emulator.url}${path}`;
		const res = await httpClient.send({
			service: 'photoshop',
			method,
			url,
			headers: { authorization: `Bearer ${env.emulator.issueToken(clientId)}`, 'x-api-key': clientId, 'content-type': 'application/json' },
			...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
		});
		const parsed: unknown = res.text ? JSON.parse(res.text) : undefined;
		return { ref: detectJob(res.status, res.headers, parsed, url), status: res.status, body: parsed };
	}

	const firefly = () => submit('/v3/images/generate-async', { prompt: 'a lighthouse at dusk' });
	const photoshopV1 = () =>
		submit('/pie/psdService/renditionCreate', {
			inputs: [{ href: 'https://example.com/in.psd', storage: 'external' }],
			outputs: [{ href: 'https://example.com/out.png', storage: 'external', type: 'image/png' }],
		});
	const photoshopV2 = () =>
		submit('/v2/create-composite', {
			image: { source: { url: 'https://example.com/in.psd' } },
			outputs: [{ destination: { url: 'https://example.com/out.png' }, mediaType: 'image/png' }],
		});

	const video = () => submit('/v3/videos/generate', { prompt: 'waves at dusk', seeds: [7] });
	const upscale = () =>
		submit('/v3/images/upscale', {
			image: { source: { uploadId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890' } },
			seeds: [1, 2],
			upscaleFactor: 2,
		});
	const rendition = (outputs?: unknown[]) =>
		submit('/v3/create-rendition', {
			assets: [{ source: { url: 'https://example.com/brochure.indd' }, destination: 'brochure.indd' }],
			params: { targetDocuments: ['brochure.indd'], outputMediaType: 'image/png' },
			...(outputs ? { outputs } : {}),
		});

	async function follow(ref: JobRef | undefined, h = harness(), options: FollowJobOptions = {}): Promise<JobStatus> {
		assert.ok(ref, 'the answer was recognised as a job');
		return followJob(ref, h.deps, options);
	}

	describe('detectJob', () => {
		it('recognises Firefly v3 generate-async: 202 { jobId, statusUrl, cancelUrl }', async () => {
			const { ref, status } = await firefly();
			assert.equal(status, 202);
			assert.equal(ref?.api, 'firefly');
			assert.match(ref?.jobId ?? '', /^urn:ff:jobs:/);
			assert.equal(ref?.statusUrl, `${env.emulator.url}/v3/status/${ref?.jobId}`);
			assert.equal(ref?.cancelUrl, `${env.emulator.url}/v3/cancel/${ref?.jobId}`);
		});

		it('recognises Photoshop v1 psdService: 202 { _links.self.href }', async () => {
			const { ref, status } = await photoshopV1();
			assert.equal(status, 202);
			assert.equal(ref?.api, 'photoshop');
			assert.match(ref?.statusUrl ?? '', /\/pie\/psdService\/status\/[0-9a-f-]{36}$/);
			assert.equal(ref?.cancelUrl, undefined);
		});

		it('recognises Photoshop v2: 202 { jobId, statusUrl }', async () => {
			const { ref } = await photoshopV2();
			assert.equal(ref?.api, 'photoshopV2');
			assert.equal(ref?.statusUrl, `${env.emulator.url}/v2/status/${ref?.jobId}`);
		});

		it('recognises a Cloud Storage download job: 202 { jobId } polled at {base}/status/{jobId}', async () => {
			const file =
				[...env.emulator.content.byId.values()].find((a) => a.assetType === 'file' && (a.size ?? 0) >= ASYNC_DOWNLOAD_BYTES) ??
				assert.fail('no large file');
			const token = env.emulator.issueToken(clientId);
			const url = `${env.emulator.url}/v1/files/${encodeURIComponent(file.assetId)}/download`;
			const res = await httpClient.send({
				service: 'cloudStorage',
				method: 'GET',
				url,
				headers: { authorization: `Bearer ${token}`, 'x-api-key': clientId },
			});
			assert.equal(res.status, 202);
			const ref = detectJob(res.status, res.headers, JSON.parse(res.text), url);
			const jobId = (JSON.parse(res.text) as { jobId: string }).jobId;
			assert.deepEqual(ref, { statusUrl: `${env.emulator.url}/v1/status/${jobId}`, jobId, api: 'cloudStorage' });
			const h = harness();
			const status = await follow(ref, h);
			assert.equal(status.state, 'succeeded');
			assert.equal(status.outputs[0]?.label, 'download');
			assert.match(status.outputs[0]?.url ?? '', /\/__download\//);
		});

		it('recognises Firefly v4 { links: { result, cancel } } answered with 200', () => {
			const ref = detectJob(
				200,
				{},
				{ links: { result: { href: '/v3/status/abc' }, cancel: { href: '/v3/cancel/abc' } }, progress: 0 },
				'https://firefly-api.adobe.io/v4/images/generate-async',
			);
			assert.deepEqual(ref, {
				statusUrl: 'https://firefly-api.adobe.io/v3/status/abc',
				cancelUrl: 'https://firefly-api.adobe.io/v3/cancel/abc',
				api: 'firefly',
			});
		});

		it('resolves a relative Location of a 202 against the request URL', () => {
			assert.deepEqual(detectJob(202, { location: '/v3/status/xyz' }, undefined, 'https://firefly-api.adobe.io/v3/images/generate-async'), {
				statusUrl: 'https://firefly-api.adobe.io/v3/status/xyz',
				api: 'firefly',
			});
			assert.deepEqual(detectJob(202, { location: 'status/42' }, '', 'https://image.adobe.io/pie/psdService/renditionCreate'), {
				statusUrl: 'https://image.adobe.io/pie/psdService/status/42',
				api: 'photoshop',
			});
		});

		it('is undefined for answers that start no job', () => {
			assert.equal(detectJob(200, {}, { custom_models: [] }, 'https://firefly-api.adobe.io/v3/custom-models'), undefined);
			assert.equal(detectJob(202, {}, {}, 'https://firefly-api.adobe.io/v3/images/generate-async'), undefined);
			assert.equal(
				detectJob(400, { location: '/v3/status/x' }, { statusUrl: '/v3/status/x' }, 'https://firefly-api.adobe.io/v3/x'),
				undefined,
			);
			// A status answer names itself; that is not a new job.
			assert.equal(
				detectJob(
					202,
					{},
					{ _links: { self: { href: 'https://image.adobe.io/pie/psdService/status/1' } } },
					'https://image.adobe.io/pie/psdService/status/1',
				),
				undefined,
			);
			// Only http(s) status URLs.
			assert.equal(
				detectJob(202, { location: 'javascript:alert(1)' }, undefined, 'https://image.adobe.io/pie/psdService/renditionCreate'),
				undefined,
			);
			assert.equal(
				detectJob(202, {}, { statusUrl: 'file:///etc/passwd', cancelUrl: 'x' }, 'https://firefly-api.adobe.io/v3/images/generate-async'),
				undefined,
			);
			// A bare jobId outside Cloud Storage's paths says nowhere to poll.
			assert.equal(detectJob(202, {}, { jobId: 'abc' }, 'https://firefly-api.adobe.io/v3/images/generate-async'), undefined);
		});
	});

	describe('which API issued a job', () => {
		it('labels a job by the host that issued it at Adobe: InDesign is not Firefly, though both poll /v3/status/', () => {
			const indesign = detectJob(
				202,
				{},
				{ jobId: 'b50a4f99', statusUrl: 'https://indesign.adobe.io/v3/status/b50a4f99' },
				'https://indesign.adobe.io/v3/merge-data',
			);
			assert.equal(indesign?.api, 'indesign');
			const firefly = detectJob(
				202,
				{},
				{
					jobId: 'urn:ff:jobs:x',
					statusUrl: 'https://firefly-api.adobe.io/v3/status/urn:ff:jobs:x',
					cancelUrl: 'https://firefly-api.adobe.io/v3/cancel/urn:ff:jobs:x',
				},
				'https://firefly-api.adobe.io/v3/videos/generate',
			);
			assert.equal(firefly?.api, 'firefly');
			const cases: Array<[string, string, string]> = [
				['https://indesign.adobe.io/v3/create-rendition', 'https://indesign.adobe.io/v3/status/1', 'indesign'],
				['https://firefly-api.adobe.io/v3/images/upscale', 'https://firefly-api.adobe.io/v3/status/1', 'firefly'],
				['https://photoshop-api.adobe.io/v2/create-composite', 'https://photoshop-api.adobe.io/v2/status/1', 'photoshopV2'],
				['https://photoshop-api.adobe.io/v1/auto-crop', 'https://photoshop-api.adobe.io/v2/status/1', 'photoshopV2'],
				['https://image.adobe.io/pie/psdService/renditionCreate', 'https://image.adobe.io/pie/psdService/status/1', 'photoshop'],
				// A gateway or emulator serving every API at one base: the submitting path says which.
				['https://gateway.example.com/v3/create-rendition', 'https://gateway.example.com/v3/status/1', 'indesign'],
				['https://gateway.example.com/v3/merge-data-tags', 'https://gateway.example.com/v3/status/1', 'indesign'],
				['https://gateway.example.com/v3/videos/generate', 'https://gateway.example.com/v3/status/1', 'firefly'],
				['https://gateway.example.com/v2/edit', 'https://gateway.example.com/v2/status/1', 'photoshopV2'],
				// Nothing in the submit: the status URL's path, as before.
				['https://gateway.example.com/jobs', 'https://gateway.example.com/v2/status/1', 'photoshopV2'],
				['https://gateway.example.com/jobs', 'https://gateway.example.com/elsewhere/1', 'other'],
			];
			assert.deepEqual(
				cases.map(([request, status]) => apiOfJob(request, status)),
				cases.map(([, , api]) => api),
			);
			// adobe_get_job has only the status URL: Adobe's InDesign host is enough.
			assert.equal(apiOfStatusUrl('https://indesign.adobe.io/v3/status/b50a4f99'), 'indesign');
			assert.equal(apiOfStatusUrl('https://firefly-api.adobe.io/v3/status/urn:ff:jobs:x'), 'firefly');
			assert.equal(JOB_APIS.indesign.title, 'The InDesign API');
		});

		it("recognises the emulator's video (statusUrl), upscale (links) and InDesign (statusUrl) answers, each by its API", async () => {
			const v = await video();
			assert.equal(v.status, 202);
			assert.equal(v.ref?.api, 'firefly');
			assert.match(v.ref?.cancelUrl ?? '', /\/v3\/cancel\/urn:ff:jobs:/);
			const u = await upscale();
			assert.equal(u.status, 202);
			assert.deepEqual(Object.keys(u.body as object), ['links']);
			assert.equal(u.ref?.api, 'firefly');
			assert.match(u.ref?.statusUrl ?? '', /\/v3\/status\/urn:ff:jobs:/);
			const r = await rendition();
			assert.equal(r.status, 202);
			assert.equal(r.ref?.api, 'indesign');
			assert.equal(r.ref?.statusUrl, `${env.emulator.url}/v3/status/${r.ref?.jobId}`);
			assert.match(r.ref?.jobId ?? '', /^[0-9a-f-]{36}$/);
		});

		it('knows each API by the hosts its JOB_APIS entry declares, and no host belongs to two APIs', () => {
			const apis = Object.keys(JOB_APIS) as JobApi[];
			const hosts = apis.flatMap((api) => (JOB_APIS[api].hosts ?? []).map((host) => ({ host, api })));
			assert.equal(new Set(hosts.map(({ host }) => host)).size, hosts.length, 'a host is declared by two APIs');
			assert.deepEqual(
				hosts.map(({ host }) => apiOfStatusUrl(`https://${host.toUpperCase()}/anything/1`)),
				hosts.map(({ api }) => api),
			);
			assert.deepEqual(
				hosts.map(({ host }) => apiOfJob(`https://${host}/anything`, 'https://gateway.example.com/elsewhere/1')),
				hosts.map(({ api }) => api),
			);
		});
	});

	describe('interpretJobStatus', () => {
		it('reads Firefly video outputs (outputs[].video.url) and upscale outputs (outputs[].presignedUrl)', () => {
			const videoStatus = interpretJobStatus('firefly', {
				status: 'succeeded',
				jobId: 'j',
				result: { outputs: [{ seed: 5, video: { url: 'https://pre-signed.example.com/v.mp4?X-Amz-Signature=abc' } }] },
			});
			assert.deepEqual(videoStatus.outputs, [
				{ label: 'video 1 (seed 5)', url: 'https://pre-signed.example.com/v.mp4?X-Amz-Signature=abc', video: true },
			]);
			const upscaled = interpretJobStatus('firefly', {
				status: 'succeeded',
				jobId: 'j',
				result: {
					outputs: [
						{ id: 'i1', presignedUrl: 'https://pre-signed.example.com/u1' },
						{ id: 'i2', presignedUrl: 'https://pre-signed.example.com/u2' },
					],
					version: '3',
				},
			});
			assert.deepEqual(
				upscaled.outputs.map((o) => [o.label, o.url, o.image]),
				[
					['image 1', 'https://pre-signed.example.com/u1', true],
					['image 2', 'https://pre-signed.example.com/u2', true],
				],
			);
			// A job that has not succeeded lists nothing, whatever its body holds.
			assert.deepEqual(
				interpretJobStatus('firefly', { status: 'running', result: { outputs: [{ video: { url: 'https://x.example.com/v' } }] } }).outputs,
				[],
			);
		});

		it('reads Photoshop v2 destinations: a URL, a Creative Cloud path or file id (no URL: where it was written), inline content', () => {
			const status = interpretJobStatus('photoshopV2', {
				jobId: 'j',
				status: 'succeeded',
				result: {
					outputs: [
						{ url: 'https://hosted.example.com/out.jpg?expires=1', mediaType: 'image/jpeg' },
						{
							destination: { creativeCloudPath: 'renders/out.psd', creativeCloudProjectId: 'urn:aaid:sc:US:p1' },
							mediaType: 'image/vnd.adobe.photoshop',
						},
						{ destination: { creativeCloudFileId: 'urn:aaid:sc:US:f1' }, mediaType: 'image/png' },
						{ destination: { embedded: 'json', content: { document: { width: 10 } } }, mediaType: 'application/json' },
						{ destination: { embedded: 'string', content: 'plain text' }, mediaType: 'text/plain' },
					],
				},
			});
			assert.equal(status.state, 'succeeded');
			assert.deepEqual(status.outputs[0], {
				label: 'output 1',
				url: 'https://hosted.example.com/out.jpg?expires=1',
				mediaType: 'image/jpeg',
			});
			assert.deepEqual(status.outputs[1], {
				label: 'output 2',
				mediaType: 'image/vnd.adobe.photoshop',
				location: 'Creative Cloud: renders/out.psd, in project urn:aaid:sc:US:p1',
			});
			assert.deepEqual(status.outputs[2], { label: 'output 3', mediaType: 'image/png', location: 'file urn:aaid:sc:US:f1' });
			assert.ok(!('url' in status.outputs[1]), 'nothing to fetch');
			assert.deepEqual(JSON.parse(status.outputs[3].content ?? ''), { document: { width: 10 } });
			assert.deepEqual([status.outputs[4].content, status.outputs[4].url], ['plain text', undefined]);
			assert.equal(interpretJobStatus('photoshopV2', { status: 'not_started' }).state, 'pending');
		});

		it('reads InDesign: not_started, running, succeeded with outputs and dataURL, failed and partial_success (terminal, with errors)', () => {
			assert.deepEqual(
				[
					interpretJobStatus('indesign', { status: 'not_started' }).state,
					interpretJobStatus('indesign', { status: 'not_started' }).terminal,
				],
				['pending', false],
			);
			assert.equal(interpretJobStatus('indesign', { status: 'running', message: 'rendering' }).terminal, false);
			const succeeded = interpretJobStatus('indesign', {
				jobId: 'b5',
				status: 'succeeded',
				outputs: [{ destination: { url: 'https://bucket.example.com/test1.jpg?sig=1' }, source: 'test\\test1.jpg' }],
				dataURL: 'https://bucket.example.com/data.json?sig=2',
			});
			assert.deepEqual(succeeded.outputs, [
				{ label: 'test\\test1.jpg', url: 'https://bucket.example.com/test1.jpg?sig=1', mediaType: 'image/jpeg' },
				{ label: 'data', url: 'https://bucket.example.com/data.json?sig=2', mediaType: 'application/json' },
			]);
			// The spec types outputs as an object: its keys name the files.
			const asObject = interpretJobStatus('indesign', {
				status: 'succeeded',
				outputs: { 'page1.png': 'https://bucket.example.com/p1', 'page2.png': { destination: { url: 'https://bucket.example.com/p2' } } },
				data: { pages: 2 },
			});
			assert.deepEqual(
				asObject.outputs.map((o) => [o.label, o.url ?? o.content]),
				[
					['page1.png', 'https://bucket.example.com/p1'],
					['page2.png', 'https://bucket.example.com/p2'],
					['data', '{"pages":2}'],
				],
			);
			const partial = interpretJobStatus('indesign', {
				status: 'partial_success',
				outputs: [{ destination: { url: 'https://bucket.example.com/a.pdf' }, source: 'a.pdf' }],
				errors: [
					{
						error_code: 'missing_link',
						message: 'A linked image is missing.',
						source: 'b.pdf',
						url: 'https://bucket.example.com/b?sig=secret',
					},
				],
			});
			assert.deepEqual([partial.state, partial.terminal], ['partially_succeeded', true]);
			assert.deepEqual(
				partial.outputs.map((o) => o.label),
				['a.pdf'],
			);
			assert.deepEqual(partial.errors, [{ code: 'missing_link', message: 'b.pdf: A linked image is missing.' }]);
			// Read with only the status URL on a host that does not say (taken for Firefly's), a status Firefly never answers is still read as InDesign's.
			assert.deepEqual(
				interpretJobStatus('firefly', {
					status: 'partial_success',
					outputs: [{ destination: { url: 'https://bucket.example.com/a.pdf' }, source: 'a.pdf' }],
					errors: [{ message: 'b failed' }],
				}).errors,
				[{ message: 'b failed' }],
			);
			const failed = interpretJobStatus('indesign', {
				status: 'failed',
				errors: [{ error_code: 'invalid_asset', message: 'The document could not be opened.' }],
			});
			assert.deepEqual(
				[failed.state, failed.errors, failed.outputs],
				['failed', [{ code: 'invalid_asset', message: 'The document could not be opened.' }], []],
			);
		});

		it('reads Firefly pending, running, cancel_pending, cancelled and timeout', () => {
			assert.equal(interpretJobStatus('firefly', { status: 'pending', jobId: 'j' }).state, 'pending');
			assert.equal(interpretJobStatus('firefly', { status: 'running', jobId: 'j' }).terminal, false);
			assert.equal(interpretJobStatus('firefly', { status: 'cancel_pending', jobId: 'j' }).state, 'running');
			assert.deepEqual(interpretJobStatus('firefly', { status: 'cancelled', jobId: 'j' }).terminal, true);
			const timedOut = interpretJobStatus('firefly', { status: 'timeout', jobId: 'j' });
			assert.equal(timedOut.state, 'failed');
			assert.deepEqual(timedOut.errors, [{ code: 'timeout', message: 'The job timed out.' }]);
		});

		it('treats an undocumented status as still running, and bounds progress to 0–100', () => {
			const status = interpretJobStatus('other', { status: 'warming_up', progress: 250 });
			assert.equal(status.state, 'running');
			assert.equal(status.terminal, false);
			assert.equal(status.progress, 100);
		});

		it('lists only http(s) output URLs, at most 100, and clips long error text', () => {
			const outputs = [
				{ image: { url: 'javascript:alert(1)' } },
				...Array.from({ length: 150 }, (_, i) => ({ seed: i, image: { url: `https://pre-signed.example.com/${i}` } })),
			];
			const status = interpretJobStatus('firefly', { status: 'succeeded', result: { outputs } });
			assert.equal(status.outputs.length, 100);
			assert.equal(status.outputs[0].url, 'https://pre-signed.example.com/0');
			assert.equal(status.outputs[0].label, 'image 2 (seed 0)');
			const failed = interpretJobStatus('photoshopV2', {
				status: 'failed',
				errorDetails: [{ errorCode: '400401', message: 'x'.repeat(5000) }],
			});
			assert.equal(failed.errors[0].code, '400401');
			assert.ok(failed.errors[0].message.length <= 501);
		});

		it('reads Photoshop v1 output statuses: one failed and one succeeded is partially_succeeded', () => {
			const status = interpretJobStatus('photoshop', {
				outputs: [
					{ status: 'succeeded', _links: { renditions: [{ href: 'https://s.example.com/a.png', type: 'image/png' }] } },
					{ status: 'failed', errors: { type: 'InputValidationError', title: 'bad layer', code: '400' } },
				],
			});
			assert.equal(status.state, 'partially_succeeded');
			assert.deepEqual(status.outputs, [{ label: 'output 1', url: 'https://s.example.com/a.png', mediaType: 'image/png' }]);
			assert.deepEqual(status.errors, [{ code: '400', message: 'bad layer' }]);
			assert.equal(interpretJobStatus('photoshop', { outputs: [{ status: 'uploading' }] }).state, 'running');
		});
	});

	describe('followJob', () => {
		it('follows a Firefly job to success; its output is a pre-signed PNG fetched without credentials', async () => {
			const { ref } = await firefly();
			const h = harness();
			const status = await follow(ref, h);
			assert.equal(status.state, 'succeeded');
			assert.deepEqual(
				h.updates.map((u) => u.state),
				['pending', 'running', 'succeeded'],
			);
			assert.equal(env.emulator.count('firefly.status'), 3);
			assert.equal(status.outputs.length, 1);
			assert.equal(status.outputs[0].label, 'image 1 (seed 1000)');
			const png = await httpClient.send({
				service: 'photoshop',
				method: 'GET',
				url: status.outputs[0].url ?? assert.fail('no URL'),
				binary: true,
			});
			assert.equal(png.status, 200);
			assert.deepEqual([...(png.bytes ?? Buffer.alloc(0)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
			assert.deepEqual(h.checked, [new URL(env.emulator.url).origin]);
		});

		it('follows Photoshop v1 and v2 jobs to their renditions', async () => {
			const v1 = await follow((await photoshopV1()).ref);
			assert.equal(v1.state, 'succeeded');
			assert.equal(v1.outputs[0].mediaType, 'image/png');
			assert.match(v1.outputs[0].url ?? '', /\/__jobs\/output\//);
			const v2 = await follow((await photoshopV2()).ref);
			assert.equal(v2.state, 'succeeded');
			assert.deepEqual(
				v2.outputs.map((o) => [o.label, o.mediaType]),
				[['output 1', 'image/png']],
			);
		});

		it('follows a Firefly video job to its video, and an upscale to its images; the outputs are fetched without credentials', async () => {
			const v = await follow((await video()).ref);
			assert.equal(v.state, 'succeeded');
			assert.deepEqual(
				v.outputs.map((o) => [o.label, o.video]),
				[['video 1 (seed 2000)', true]],
			);
			const mp4 = await httpClient.send({
				service: 'photoshop',
				method: 'GET',
				url: v.outputs[0].url ?? assert.fail('no URL'),
				binary: true,
			});
			assert.deepEqual([mp4.status, mp4.headers['content-type']], [200, 'video/mp4']);
			const u = await follow((await upscale()).ref);
			assert.deepEqual(
				u.outputs.map((o) => [o.label, o.image, /\/__jobs\/output\/.*X-Amz-Signature=/.test(o.url ?? '')]),
				[
					['image 1', true, true],
					['image 2', true, true],
				],
			);
		});

		it('follows an InDesign job to success, and one that ends in partial_success with its errors', async () => {
			const h = harness();
			const ok = await follow((await rendition()).ref, h);
			assert.deepEqual(
				h.updates.map((u) => u.state),
				['pending', 'running', 'succeeded'],
			);
			assert.equal(env.emulator.count('indesign.status'), 3);
			assert.equal(env.emulator.count('firefly.status'), 0, "InDesign's polls are not Firefly's");
			assert.deepEqual(
				ok.outputs.map((o) => [o.label, o.mediaType]),
				[['brochure.png', 'image/png']],
			);
			env.emulator.inject('indesign.submit', { type: 'jobPartial' }, 1);
			const partial = await follow(
				(
					await rendition([
						{ destination: { url: 'https://bucket.example.com/p1.png' }, source: 'p1.png' },
						{ destination: { url: 'https://bucket.example.com/p2.png' }, source: 'p2.png' },
					])
				).ref,
			);
			assert.deepEqual([partial.state, partial.terminal], ['partially_succeeded', true]);
			assert.deepEqual(
				partial.outputs.map((o) => o.label),
				['p1.png'],
			);
			assert.deepEqual(partial.errors, [
				{ code: 'rendition_failed', message: 'p2.png: This page could not be rendered: a linked image is missing.' },
			]);
		});

		it('follows a Photoshop v2 job whose output went to Creative Cloud: no URL, the path it was written to', async () => {
			const { ref } = await submit('/v2/create-composite', {
				// A file of the emulator's store: the emulator reads Creative Cloud inputs (test/emulator/operations.js).
				image: {
					source: { creativeCloudFileId: [...env.emulator.content.byId.values()].find((a) => a.name === 'hero-banner.psd')!.assetId },
				},
				outputs: [{ destination: { creativeCloudPath: 'temp/output.psd' }, mediaType: 'image/vnd.adobe.photoshop' }],
			});
			const status = await follow(ref);
			assert.equal(status.state, 'succeeded');
			assert.deepEqual(status.outputs, [
				{ label: 'output 1', mediaType: 'image/vnd.adobe.photoshop', location: 'Creative Cloud: temp/output.psd' },
			]);
		});

		it("waits 5 s before the first Photoshop v2 poll (Adobe's guide), 1 s for Firefly, and an explicit first delay wins", async () => {
			const v2 = harness();
			await follow((await photoshopV2()).ref, v2);
			assert.equal(v2.clock.sleeps[0], 5000);
			assert.equal(v2.clock.sleeps[1], 7500, 'then backing off from there');
			const ff = harness();
			await follow((await firefly()).ref, ff);
			assert.equal(ff.clock.sleeps[0], 1000);
			const asked = harness();
			await follow((await photoshopV2()).ref, asked, { firstDelayMs: 0 });
			assert.equal(asked.clock.sleeps[0], 0);
		});

		it('waits longer after each unchanged poll, and honours the emulator pollsToFinish control', async () => {
			await controlPost('/__emulator/jobs/config', { pollsToFinish: 5 });
			const h = harness();
			await follow((await firefly()).ref, h);
			assert.deepEqual(h.clock.sleeps, [1000, 1500, 2250, 3375, 5062.5]);
			assert.equal(env.emulator.count('firefly.status'), 5);
		});

		it('returns a failed job with its errors, in each API dialect', async () => {
			const errors = [{ error_code: 'content_policy', message: 'The prompt was refused.' }];
			env.emulator.inject('firefly.generateAsync', { type: 'jobFailed', errors }, 1);
			const ff = await follow((await firefly()).ref);
			assert.equal(ff.state, 'failed');
			assert.equal(ff.terminal, true);
			assert.deepEqual(ff.errors, [{ code: 'content_policy', message: 'The prompt was refused.' }]);

			env.emulator.inject(
				'photoshop.v2Submit',
				{ type: 'jobFailed', errors: [{ error_code: '400401', message: 'The value provided is not valid.' }] },
				1,
			);
			const v2 = await follow((await photoshopV2()).ref);
			assert.deepEqual([v2.state, v2.errors], ['failed', [{ code: '400401', message: 'The value provided is not valid.' }]]);

			env.emulator.inject('photoshop.psdStatus', { type: 'jobFailed' }, 1);
			const v1 = await follow((await photoshopV1()).ref);
			assert.deepEqual([v1.state, v1.errors[0].code], ['failed', 'runtime_error']);
			assert.equal(v1.outputs.length, 0);
		});

		it('honours a 429 Retry-After, then succeeds', async () => {
			const { ref } = await firefly();
			env.emulator.inject('firefly.status', { type: 'status', status: 429, retryAfter: 7 }, 1);
			const h = harness();
			const status = await follow(ref, h);
			assert.equal(status.state, 'succeeded');
			assert.equal(h.clock.sleeps[1], 7000);
			assert.equal(env.emulator.count('firefly.status'), 4);
		});

		it('caps a huge Retry-After (seconds or HTTP-date) at maxDelayMs', async () => {
			const { ref } = await firefly();
			env.emulator.inject('firefly.status', { type: 'status', status: 429, retryAfter: 86_400 }, 1);
			env.emulator.inject('firefly.status', { type: 'status', status: 503, retryAfter: 'Fri, 31 Dec 2027 23:59:59 GMT' }, 1);
			const h = harness();
			await follow(ref, h, { maxDelayMs: 20_000 });
			assert.deepEqual(h.clock.sleeps.slice(1, 3), [20_000, 20_000]);
			assert.ok(Math.max(...h.clock.sleeps) <= 20_000);
		});

		it('backs off on 5xx without Retry-After and keeps going', async () => {
			const { ref } = await firefly();
			env.emulator.inject('firefly.status', { type: 'status', status: 503 }, 2);
			env.emulator.inject('firefly.status', { type: 'status', status: 500 }, 1);
			const h = harness();
			const status = await follow(ref, h);
			assert.equal(status.state, 'succeeded');
			assert.deepEqual(h.clock.sleeps.slice(0, 4), [1000, 1500, 2250, 3375]);
			assert.equal(env.emulator.count('firefly.status'), 6);
		});

		it('refreshes the token once after a 401 mid-poll, then succeeds', async () => {
			const { ref } = await firefly();
			const h = harness();
			h.deps.onUpdate = (status, polls) => {
				h.updates.push({ state: status.state, polls });
				if (polls === 1) env.emulator.inject('firefly.status', { type: 'expiredToken' }, 1);
			};
			const status = await follow(ref, h);
			assert.equal(status.state, 'succeeded');
			assert.equal(h.refreshes, 1);
			const polls = env.emulator.requests.filter((r) => r.route === 'firefly.status').map((r) => r.status);
			assert.deepEqual(polls, [200, 401, 200, 200]);
		});

		it('fails after a second 401 in a row, naming the refresh, without the token in the message', async () => {
			const { ref } = await firefly();
			env.emulator.inject('firefly.status', { type: 'expiredToken' }, 2);
			const h = harness();
			const error = await rejection(follow(ref, h));
			assert.equal(error.kind, 'http');
			assert.equal(error.status, 401);
			assert.equal(error.code, '401013');
			assert.match(error.message, /HTTP 401\) even after a refresh/);
			assert.equal(h.refreshes, 1);
			assert.equal(env.emulator.count('firefly.status'), 2);
			assertNoLeak(h.tokens, error);
		});

		it('stops on Cancel: rejects as cancelled and the emulator sees no further polls', async () => {
			env.emulator.inject('firefly.generateAsync', { type: 'jobHold' }, 1);
			const { ref } = await firefly();
			const h = harness();
			h.deps.onUpdate = (_status, polls) => {
				if (polls === 3) h.controller.abort();
			};
			const error = await rejection(follow(ref, h));
			assert.equal(error.kind, 'cancelled');
			assert.equal(env.emulator.count('firefly.status'), 3);
			await settle();
			assert.equal(env.emulator.count('firefly.status'), 3, 'no poll after Cancel');
		});

		it('cancels at Adobe with PUT cancelUrl; the job then reads cancelled, and a second cancel is a no-op', async () => {
			env.emulator.inject('firefly.generateAsync', { type: 'jobHold' }, 1);
			const { ref } = await firefly();
			assert.ok(ref);
			const h = harness();
			assert.equal(await cancelJob(ref, h.deps), true);
			const status = await follow(ref, h);
			assert.deepEqual([status.state, status.terminal], ['canceled', true]);
			assert.equal(await cancelJob(ref, h.deps), false);
			assert.deepEqual(
				env.emulator.requests.filter((r) => r.route === 'firefly.cancel').map((r) => [r.method, r.status]),
				[
					['PUT', 200],
					['PUT', 409],
				],
			);
			const v1 = (await photoshopV1()).ref;
			assert.ok(v1);
			assert.equal((await rejection(cancelJob(v1, h.deps))).kind, 'invalidInput');
		});

		it('gives up after maxPolls on a job that never ends; a released job then finishes', async () => {
			env.emulator.inject('firefly.generateAsync', { type: 'jobHold' }, 1);
			const { ref } = await firefly();
			const error = await rejection(follow(ref, harness(), { maxPolls: 4 }));
			assert.equal(error.kind, 'timeout');
			assert.equal(
				error.message,
				"The Firefly API's job was still running after 4 status requests, the most allowed; follow it again later.",
			);
			assert.equal(env.emulator.count('firefly.status'), 4);
			const jobs = (await controlGet('/__emulator/jobs')) as { jobs: Array<{ jobId: string; state: string; held: boolean }> };
			assert.deepEqual(
				jobs.jobs.map((j) => [j.jobId, j.state, j.held]),
				[[ref?.jobId, 'running', true]],
			);
			assert.deepEqual(await controlPost('/__emulator/jobs/release', { jobId: ref?.jobId }), { released: [ref?.jobId] });
			const h = harness();
			assert.equal((await follow(ref, h)).state, 'succeeded');
			assert.equal(h.updates.length, 1);
		});

		it('gives up at the deadline without sleeping past it', async () => {
			env.emulator.inject('firefly.generateAsync', { type: 'jobHold' }, 1);
			const { ref } = await firefly();
			const h = harness();
			const started = h.clock.now();
			const error = await rejection(follow(ref, h, { deadlineMs: 5000 }));
			assert.equal(error.kind, 'timeout');
			assert.match(error.message, /still running after 5 s of following \(3 status requests\)/);
			assert.ok(h.clock.now() - started <= 5000);
		});

		it("refuses a lying server's statusUrl on another origin: nothing is sent there, no token is fetched", async () => {
			const elsewhere = await countingServer();
			try {
				env.emulator.inject('firefly.generateAsync', { type: 'lyingStatusUrl', origin: elsewhere.url }, 1);
				const { ref } = await firefly();
				assert.equal(new URL(ref?.statusUrl ?? '').origin, new URL(elsewhere.url).origin);
				const h = harness();
				let asked = 0;
				const authHeaders = h.deps.authHeaders;
				h.deps.authHeaders = (force, signal) => {
					asked++;
					return authHeaders(force, signal);
				};
				const error = await rejection(follow(ref, h));
				assert.equal(error.kind, 'config');
				assert.match(error.message, /not one of your Adobe endpoints/);
				assert.equal(asked, 0);
				assert.ok(ref);
				await rejection(cancelJob(ref, h.deps));
				assert.equal(elsewhere.hits(), 0);
			} finally {
				await elsewhere.close();
			}
		});

		it('refuses a status URL that is not http(s) before checking anything', async () => {
			const h = harness();
			const error = await rejection(followJob({ statusUrl: 'ftp://example.com/x', api: 'other' }, h.deps));
			assert.equal(error.kind, 'badResponse');
			assert.deepEqual(h.checked, []);
		});

		it('bounds the status body: an endless answer stops at 1 MB', async () => {
			const { ref } = await firefly();
			env.emulator.inject('firefly.status', { type: 'endlessBody' }, 1);
			const error = await rejection(follow(ref));
			assert.equal(error.kind, 'badResponse');
			assert.equal(MAX_STATUS_BODY_BYTES, 1024 * 1024);
			assert.match(error.message, /sent more than 1 MB in one response/);
		});

		it('reports the gateway refusing a poll, without echoing the token back', async () => {
			const { ref } = await firefly();
			env.emulator.inject('firefly.status', { type: 'echo', status: 400 }, 1);
			const h = harness();
			const error = await rejection(follow(ref, h));
			assert.equal(error.kind, 'http');
			assert.equal(error.status, 400);
			assertNoLeak(h.tokens, error, error.detail ?? '');
		});

		it("answers 404 for another client's job, as for an unknown one", async () => {
			const { ref } = await firefly();
			const h = harness();
			const other = DEMO_CLIENTS.olderStorage.clientId;
			h.deps.authHeaders = async () => ({ authorization: `Bearer ${env.emulator.issueToken(other)}`, 'x-api-key': other });
			const error = await rejection(follow(ref, h));
			assert.equal(error.status, 404);
			assert.match(error.message, /^The Firefly API does not know this job \(HTTP 404\)/);
		});
	});

	describe('emulator submit validation', () => {
		it('refuses what Adobe refuses', async () => {
			assert.equal((await submit('/v3/images/generate-async', { prompt: '' })).status, 422);
			assert.equal((await submit('/v3/images/generate-async', { prompt: 'x'.repeat(1025) })).status, 422);
			assert.equal((await submit('/v3/images/generate-async', 'not an object')).status, 400);
			assert.equal((await submit('/pie/psdService/renditionCreate', { inputs: [] })).status, 400);
			assert.equal((await submit('/v2/create-composite', { outputs: [] })).status, 400);
			const noKey = await httpClient.send({
				service: 'photoshop',
				method: 'POST',
				url: `${env.emulator.url}/v3/images/generate-async`,
				body: '{"prompt":"x"}',
				headers: { 'content-type': 'application/json' },
			});
			assert.deepEqual([noKey.status, JSON.parse(noKey.text).error_code], [403, '403000']);
			assert.equal((await submit('/v2/status/no-such-job', undefined, 'GET')).status, 404);
			assert.equal((await submit('/v3/videos/generate', { prompt: 'x', seeds: [1, 2] })).status, 422, 'one seed at most');
			assert.equal((await submit('/v3/videos/generate', { bitRateFactor: 64 })).status, 422);
			assert.equal((await submit('/v3/images/upscale', { image: { source: { uploadId: 'u' } } })).status, 422, 'seeds are required');
			assert.equal(
				(await submit('/v3/images/upscale', { image: { source: { uploadId: 'u' } }, seeds: [1], upscaleFactor: 5 })).status,
				422,
			);
			assert.equal(
				(await submit('/v3/create-rendition', { params: { targetDocuments: ['a.indd'], outputMediaType: 'image/png' } })).status,
				400,
				'assets are required',
			);
			assert.equal(
				(
					await submit('/v3/create-rendition', {
						assets: [{ source: { url: 'https://e.example/a.indd' } }],
						params: { targetDocuments: ['a.indd'], outputMediaType: 'image/gif' },
					})
				).status,
				400,
			);
			assert.deepEqual(
				[(await submit('/v3/status/5b0b9c7e-0000-4000-8000-000000000000', undefined, 'GET')).status, env.emulator.count('indesign.status')],
				[404, 1],
			);
		});
	});

	async function controlPost(path: string, body: unknown): Promise<unknown> {
		const res = await httpClient.send({
			service: 'photoshop',
			method: 'POST',
			url: `${env.emulator.url}${path}`,
			body: JSON.stringify(body),
			headers: { 'content-type': 'application/json' },
		});
		assert.equal(res.status, 200, res.text);
		return JSON.parse(res.text);
	}

	async function controlGet(path: string): Promise<unknown> {
		const res = await httpClient.send({ service: 'photoshop', method: 'GET', url: `${env.emulator.url}${path}` });
		assert.equal(res.status, 200, res.text);
		return JSON.parse(res.text);
	}
});

/** A server on another origin that counts what reaches it. */
async function countingServer(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
	let hits = 0;
	const server = http.createServer((_req, res) => {
		hits++;
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"status":"succeeded"}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, hits: () => hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
