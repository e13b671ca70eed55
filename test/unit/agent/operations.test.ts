/**
 * adobe_run_operation (core/agent/tools/operations.ts): its schema and description generated from the
 * operations' catalogue, the confirmation it asks, what is refused before any token is fetched, the
 * request it hands the runner, and its answer (no token, no pre-signed URL); then the real runner
 * against the emulator.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
	AGENT_TOOLS,
	AgentToolHost,
	AgentToolResult,
	STORAGE_WRITE_TOOLS,
	agentToolConfirmation,
	agentToolDefinition,
	agentToolProgress,
	invokeAgentTool,
	mcpAgentTools,
} from '../../../src/core/agent';
import { OPERATIONS } from '../../../src/core/operations/catalogue';
import type { OperationResult, OperationRunner, RunOperationRequest } from '../../../src/core/operations/types';
import type { AdobeClients } from '../../../src/core/clients';
import { FakeClock, clientsFor, useEmulator } from '../helpers';
import { demoToolHost } from './demoHost';

const SPRING = 'Product Shots/Spring';

/** A runner that records each request and answers `answer` (a job whose output had a pre-signed URL). */
function recordingRunner(answer: (request: RunOperationRequest) => OperationResult): OperationRunner & { requests: RunOperationRequest[] } {
	const requests: RunOperationRequest[] = [];
	return {
		requests,
		list: () => [...OPERATIONS],
		run: async (request: RunOperationRequest) => {
			requests.push(request);
			return answer(request);
		},
		resume: async () => {
			throw new Error('not used');
		},
		requestFile: () => '',
	};
}

function fakeResult(request: RunOperationRequest): OperationResult {
	const name = request.file.name.replace(/\.jpg$/, ' (auto tone).jpg');
	return {
		job: {
			state: 'succeeded',
			jobId: 'job-123',
			outputs: [
				{ label: 'auto tone', mediaType: 'image/jpeg', location: 'https://outputs.example/out.jpg?X-Amz-Signature=abcdef0123456789' },
			],
		},
		results: [
			{
				asset: { assetType: 'file', assetId: 'urn:aaid:sc:US:result', name, mediaType: 'image/jpeg', size: 2048 },
				newVersion: request.saveAs === 'newVersion',
			},
		],
		route: 'presignedUrl',
		fellBack: { code: 'creative_cloud_refused', message: 'A server-to-server token may not read Creative Cloud files.' },
		notSaved: [],
	};
}

describe('agent run operation: the tool', () => {
	const env = useEmulator();
	let clients: AdobeClients;
	let ws: { root: string; cleanup(): void };
	before(() => (clients = clientsFor(env.emulator)));
	after(() => clients.close());
	beforeEach(() => {
		const base = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-op-'));
		fs.mkdirSync(path.join(base, 'ws'));
		fs.writeFileSync(path.join(base, 'ws', 'mask.png'), Buffer.from('PNG-mask'));
		fs.writeFileSync(path.join(base, 'secret.atn'), 'outside');
		ws = { root: path.join(base, 'ws'), cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
	});
	afterEach(() => ws.cleanup());

	function host(
		runner: OperationRunner | undefined,
		overrides: Partial<AgentToolHost> = {},
	): AgentToolHost & { tokens: string[]; runners: string[] } {
		const runners: string[] = [];
		const operations: Partial<AgentToolHost> = runner
			? {
					operations: (_source, profileName, title) => {
						runners.push(`${profileName}: ${title}`);
						return runner;
					},
				}
			: {};
		return { ...demoToolHost(clients, [ws.root], { ...operations, ...overrides }), runners };
	}

	const failed = (result: AgentToolResult, pattern: RegExp) => {
		assert.equal(result.isError, true, `expected an error, got ${result.text}`);
		assert.match(result.text, /^Error: /);
		assert.match(result.text, pattern);
	};

	it("takes its operation ids, and lists each operation's options, from the catalogue", () => {
		const tool = agentToolDefinition('adobe_run_operation');
		assert.ok(AGENT_TOOLS.includes(tool));
		const operation = tool.inputSchema.properties.operation as { enum: string[] };
		assert.deepEqual(
			operation.enum,
			OPERATIONS.map((spec) => spec.id),
		);
		for (const spec of OPERATIONS) {
			assert.ok(tool.modelDescription.includes(`${spec.id}: ${spec.title}`), spec.id);
			const line = tool.modelDescription.split('\n').find((text) => text.startsWith(`- ${spec.id}: `))!;
			const shared = /; options: as ([\w.]+)\)$/.exec(line)?.[1];
			const listed = shared ? tool.modelDescription.split('\n').find((text) => text.startsWith(`- ${shared}: `))! : line;
			for (const option of spec.options) assert.ok(listed.includes(`${option.key} (`), `${spec.id}.${option.key}`);
		}
		assert.equal(tool.readOnly, false);
		assert.ok(STORAGE_WRITE_TOOLS.includes('adobe_run_operation'));
		// The MCP server's description says what it does instead of VS Code's confirmation.
		const refusing = mcpAgentTools({ writesAllowed: false, maxJobWaitSeconds: 50 }).find((t) => t.name === 'adobe_run_operation')!;
		assert.doesNotMatch(refusing.modelDescription, /VS Code asks/);
		assert.match(refusing.modelDescription, /refuses it .* unless it is started with ADOBE_MCP_ALLOW_WRITES=1/);
		assert.match(refusing.modelDescription, /photoshop\.autoTone: Auto Tone/);
	});

	it('asks first, saying what goes where, with the options given, redacted', () => {
		const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
		const beside = agentToolConfirmation('adobe_run_operation', {
			path: `${SPRING}/shoe-02.jpg`,
			operation: 'photoshop.autoTone',
			options: { quality: 9, secret: token },
		})!;
		assert.equal(beside.action, 'Run');
		assert.match(beside.title, /^Run Auto Tone on "Product Shots\/Spring\/shoe-02\.jpg"\?$/);
		assert.match(beside.text, /to Auto Tone \(Adobe Photoshop\) and saves the result as a new file beside it \(nothing is overwritten\)/);
		assert.match(beside.text, /options\.quality: 9/);
		assert.ok(!beside.text.includes(token) && !beside.markdown.includes(token));
		const version = agentToolConfirmation('adobe_run_operation', {
			assetId: 'urn:aaid:sc:US:x',
			operation: 'firefly.fill',
			saveAs: 'newVersion',
			options: { mask: { workspaceFile: 'mask.png' } },
		})!;
		assert.match(
			version.text,
			/Adobe Firefly.*as a new version of the same file \(the previous version stays in Adobe's version history\)/s,
		);
		assert.match(version.text, /options\.mask: mask\.png \(workspace file\)/);
		assert.match(
			agentToolProgress('adobe_run_operation', { path: 'P/a.jpg', operation: 'firefly.upscale' }),
			/^Running Upscale on Adobe Cloud Storage \/P\/a\.jpg$/,
		);
	});

	it('refuses an unknown operation, a missing or malformed file, an unknown option or a bad value before any token is fetched', async () => {
		const runner = recordingRunner(fakeResult);
		const h = host(runner);
		failed(
			await invokeAgentTool('adobe_run_operation', { path: `${SPRING}/shoe-02.jpg`, operation: 'photoshop.nope' }, h),
			/operation must be one of/,
		);
		failed(await invokeAgentTool('adobe_run_operation', { operation: 'photoshop.autoTone' }, h), /needs one of path, uri, assetId/);
		failed(
			await invokeAgentTool('adobe_run_operation', { uri: 'file:///etc/passwd', operation: 'photoshop.autoTone' }, h),
			/uri must be an adobe-storage: URI, not file:/,
		);
		failed(
			await invokeAgentTool('adobe_run_operation', { path: 'hero.jpg', operation: 'photoshop.autoTone' }, h),
			/must name a file inside a project/,
		);
		failed(
			await invokeAgentTool(
				'adobe_run_operation',
				{ path: `${SPRING}/shoe-02.jpg`, operation: 'photoshop.autoTone', options: { colour: 1 } },
				h,
			),
			/photoshop\.autoTone has no option "colour"; its options are/,
		);
		failed(
			await invokeAgentTool(
				'adobe_run_operation',
				{ path: `${SPRING}/shoe-02.jpg`, operation: 'firefly.upscale', options: { upscaleFactor: '5' } },
				h,
			),
			/must be one of 2, 3, 4, 6/,
		);
		failed(
			await invokeAgentTool(
				'adobe_run_operation',
				{ path: `${SPRING}/shoe-02.jpg`, operation: 'firefly.fill', options: { mask: { workspaceFile: '../secret.atn' } } },
				h,
			),
			/contains "\.\."/,
		);
		failed(
			await invokeAgentTool(
				'adobe_run_operation',
				{ uri: 'adobe-storage://Other/Product%20Shots/a.jpg', profile: 'Demo', operation: 'firefly.upscale' },
				h,
			),
			/names profile "Other" but profile is "Demo"/,
		);
		assert.deepEqual(h.tokens, []);
		assert.deepEqual(runner.requests, []);
	});

	it('refuses a file whose media type the operation does not take, naming those that do, and runs nothing', async () => {
		const runner = recordingRunner(fakeResult);
		const h = host(runner);
		const result = await invokeAgentTool(
			'adobe_run_operation',
			{ path: 'Product Shots/shot-list.txt', operation: 'photoshop.autoTone' },
			h,
		);
		failed(result, /takes .* and "shot-list\.txt" is text\/plain\. No operation takes it\. Nothing was changed\./);
		assert.equal((result.data.error as { code?: string }).code, 'unsupported_media_type');
		const psd = await invokeAgentTool('adobe_run_operation', { path: `${SPRING}/shoe-01.psd`, operation: 'firefly.similar' }, h);
		failed(psd, /Operations that take it: .*photoshop\.manifest/);
		assert.deepEqual(runner.requests, []);
	});

	it('finds the file by path, uri or assetId and hands the runner its folder, project, path and version, and file options as attachments', async () => {
		const runner = recordingRunner(fakeResult);
		const h = host(runner);
		const shoe = [...env.emulator.content.byId.values()].find((a) => a.path === `/${SPRING}/shoe-02.jpg`)!;
		const spring = [...env.emulator.content.byId.values()].find((a) => a.path === `/${SPRING}`)!;
		const shots = env.emulator.content.projects.find((p) => p.name === 'Product Shots')!;
		for (const target of [
			{ path: `${SPRING}/shoe-02.jpg` },
			{ uri: `adobe-storage://Demo/Product%20Shots/Spring/shoe-02.jpg` },
			{ assetId: shoe.assetId },
		]) {
			const result = await invokeAgentTool(
				'adobe_run_operation',
				{ ...target, operation: 'photoshop.autoTone', options: { quality: 'high' } },
				h,
			);
			assert.ok(!result.isError, result.text);
			const request = runner.requests.at(-1)!;
			assert.equal(request.operation, 'photoshop.autoTone');
			assert.equal(request.saveAs, 'beside');
			assert.deepEqual(
				{ ...request.file, version: undefined },
				{
					assetId: shoe.assetId,
					name: 'shoe-02.jpg',
					mediaType: 'image/jpeg',
					size: shoe.size,
					parentId: spring.assetId,
					projectId: shots.assetId,
					pathInProject: 'Spring/shoe-02.jpg',
					version: undefined,
				},
			);
			assert.equal(request.file.version?.modifiedDate, shoe.modifiedDate);
			assert.equal(request.options?.quality, 'high');
		}
		assert.deepEqual(h.runners, Array(3).fill('Demo: Auto Tone on shoe-02.jpg'));

		const fill = await invokeAgentTool(
			'adobe_run_operation',
			{ path: `${SPRING}/shoe-02.jpg`, operation: 'firefly.fill', options: { mask: { workspaceFile: 'mask.png' }, prompt: 'a red shoe' } },
			h,
		);
		assert.ok(!fill.isError, fill.text);
		const attachment = runner.requests.at(-1)!.attachments?.mask as { name: string; source: { size: number } };
		assert.equal(attachment.name, 'mask.png');
		assert.equal(attachment.source.size, 8);
		assert.equal(runner.requests.at(-1)!.options?.mask, undefined);
		const stored = await invokeAgentTool(
			'adobe_run_operation',
			{ path: `${SPRING}/shoe-02.jpg`, operation: 'firefly.fill', options: { mask: `${SPRING}/shoe-03.jpg` } },
			h,
		);
		assert.ok(!stored.isError, stored.text);
		assert.equal((runner.requests.at(-1)!.attachments?.mask as { file: { name: string } }).file.name, 'shoe-03.jpg');
	});

	it('answers with the job, what was saved and the route, and no token or pre-signed URL', async () => {
		const runner = recordingRunner(fakeResult);
		const h = host(runner);
		const result = await invokeAgentTool('adobe_run_operation', { path: `${SPRING}/shoe-02.jpg`, operation: 'photoshop.autoTone' }, h);
		assert.ok(!result.isError, result.text);
		assert.match(
			result.text,
			/^Ran Auto Tone \(photoshop\.autoTone\) on "\/Product Shots\/Spring\/shoe-02\.jpg" · urn:.* \(profile "Demo"\): job succeeded · jobId job-123\./,
		);
		assert.match(result.text, /Route: pre-signed link .*; the Creative Cloud route was refused \(creative_cloud_refused: /);
		assert.match(result.text, /- \/Product Shots\/Spring\/shoe-02 \(auto tone\)\.jpg · urn:aaid:sc:US:result · image\/jpeg · 2,048 bytes/);
		const data = result.data as {
			job: { outputs: Array<Record<string, unknown>> };
			results: Array<Record<string, unknown>>;
			route: string;
		};
		assert.deepEqual(data.job.outputs, [{ label: 'auto tone', mediaType: 'image/jpeg' }]);
		assert.equal(data.results[0].path, '/Product Shots/Spring/shoe-02 (auto tone).jpg');
		assert.equal(data.route, 'presignedUrl');
		const all = JSON.stringify(result);
		assert.ok(!/X-Amz-Signature|outputs\.example/.test(all), all);
		for (const token of h.tokens) assert.ok(!all.includes(token));

		const partial = recordingRunner((request) => ({
			...fakeResult(request),
			job: { state: 'failed', jobId: 'job-9', outputs: [] },
			results: [],
			notSaved: [{ label: 'auto tone', reason: 'Adobe failed the job: InputValidationError' }],
		}));
		const bad = await invokeAgentTool(
			'adobe_run_operation',
			{ path: `${SPRING}/shoe-02.jpg`, operation: 'photoshop.autoTone' },
			host(partial),
		);
		failed(bad, /job failed · jobId job-9[\s\S]*Nothing was saved; the source is as it was\.[\s\S]*- auto tone: Adobe failed the job/);
	});
});

describe('agent run operation: against the emulator, with the real runner', () => {
	const env = useEmulator();
	let clients: AdobeClients;
	// Jobs' retry-after waits pass at once (FakeClock), so the tests take no real seconds.
	before(() => (clients = clientsFor(env.emulator, { clock: new FakeClock() })));
	after(() => clients.close());

	const host = () => demoToolHost(clients, []);

	const byPath = (p: string) => [...env.emulator.content.byId.values()].find((a) => a.path === p && a.state === 'active');

	/** Nothing of a token or a pre-signed URL in what the model reads. */
	function assertClean(result: AgentToolResult, tokens: string[]): void {
		const all = JSON.stringify(result);
		for (const token of tokens) assert.ok(!all.includes(token), 'a token in the result');
		assert.ok(!/__download|__jobs\/output|__blocks|X-Amz-|sig=/i.test(all), `a pre-signed URL in the result: ${all}`);
	}

	it('runs Auto Tone on a JPEG and saves "shoe-02 (auto tone).jpg" beside it, the source unchanged, the answer clean', async () => {
		const h = host();
		const source = byPath(`/${SPRING}/shoe-02.jpg`)!;
		const before = { size: source.size, modified: source.modifiedDate };
		const result = await invokeAgentTool('adobe_run_operation', { path: `${SPRING}/shoe-02.jpg`, operation: 'photoshop.autoTone' }, h);
		assert.ok(!result.isError, result.text);
		const saved = (result.data.results as Array<{ assetId: string; name: string; path: string; newVersion: boolean }>)[0];
		assert.equal(saved.name, 'shoe-02 (auto tone).jpg');
		assert.equal(saved.path, `/${SPRING}/shoe-02 (auto tone).jpg`);
		assert.equal(saved.newVersion, false);
		const made = env.emulator.content.byId.get(saved.assetId)!;
		assert.equal(made.ancestors[0], source.ancestors[0], 'beside the source');
		const bytes = env.emulator.fileContent(saved.assetId);
		assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8], 'a JPEG');
		assert.equal((result.data.job as { state: string }).state, 'succeeded');
		assert.ok(['creativeCloud', 'presignedUrl'].includes(result.data.route as string));
		assert.deepEqual({ size: source.size, modified: source.modifiedDate }, before, 'the source is as it was');
		assertClean(result, h.tokens);
	});

	it('saves a new version that keeps the asset id when asked', async () => {
		const h = host();
		const source = byPath(`/${SPRING}/shoe-02.jpg`)!;
		const result = await invokeAgentTool(
			'adobe_run_operation',
			{ assetId: source.assetId, operation: 'photoshop.autoTone', saveAs: 'newVersion' },
			h,
		);
		assert.ok(!result.isError, result.text);
		const saved = (result.data.results as Array<{ assetId: string; newVersion: boolean }>)[0];
		assert.equal(saved.assetId, source.assetId);
		assert.equal(saved.newVersion, true);
		assert.match(result.text, /\(new version, same assetId\)/);
		assertClean(result, h.tokens);
	});

	it('upscales with Firefly through its upload, and answers a failed job as an error, the source unchanged', async () => {
		const h = host();
		const up = await invokeAgentTool('adobe_run_operation', { path: `${SPRING}/shoe-02.jpg`, operation: 'firefly.upscale' }, h);
		assert.ok(!up.isError, up.text);
		assert.equal(up.data.route, 'fireflyUpload');
		assert.match(up.text, /shoe-02 \(upscaled 2x\)\.(jpg|png)/);
		assertClean(up, h.tokens);

		const count = env.emulator.content.byId.size;
		env.emulator.inject('firefly.upscale' as never, { type: 'jobFailed' } as never, 1);
		const failedRun = await invokeAgentTool('adobe_run_operation', { path: `${SPRING}/shoe-03.jpg`, operation: 'firefly.upscale' }, h);
		assert.equal(failedRun.isError, true, failedRun.text);
		assert.match(
			failedRun.text,
			/^Error: Upscale failed; nothing was saved and shoe-03\.jpg is unchanged\. Adobe says: .* Fix: Read Adobe's message/s,
		);
		assert.equal(env.emulator.content.byId.size, count, 'nothing was saved');
		assertClean(failedRun, h.tokens);
	});

	it('falls back to the pre-signed route when Adobe refuses Creative Cloud to this token, and says so', async () => {
		const ops = (env.emulator as unknown as { operations: { refuseCreativeCloud: string } }).operations;
		const previous = ops.refuseCreativeCloud;
		ops.refuseCreativeCloud = 'job';
		try {
			const h = host();
			const result = await invokeAgentTool('adobe_run_operation', { path: `${SPRING}/shoe-05.jpg`, operation: 'photoshop.autoTone' }, h);
			assert.ok(!result.isError, result.text);
			assert.equal(result.data.route, 'presignedUrl');
			assert.ok(result.data.fellBack, 'the answer says it fell back');
			assert.match(result.text, /the Creative Cloud route was refused \(.*\), so the pre-signed route was used/);
			assert.ok(byPath(`/${SPRING}/shoe-05 (auto tone).jpg`), 'the result is beside the source');
			assertClean(result, h.tokens);
		} finally {
			ops.refuseCreativeCloud = previous;
		}
	});

	it("answers generate manifest with the demo PSD's layer tree and saves nothing", async () => {
		const h = host();
		const count = env.emulator.content.byId.size;
		const result = await invokeAgentTool(
			'adobe_run_operation',
			{ path: 'Brand Refresh 2026/Campaign/key-visual.psd', operation: 'photoshop.manifest' },
			h,
		);
		assert.ok(!result.isError, result.text);
		const manifest = result.data.manifest as { layers: string[] };
		assert.ok(manifest.layers.length > 1, result.text);
		assert.match(result.text, /; layers:\n- /);
		assert.deepEqual(result.data.results, []);
		assert.equal(env.emulator.content.byId.size, count, 'nothing saved');
		assertClean(result, h.tokens);
	});
});
