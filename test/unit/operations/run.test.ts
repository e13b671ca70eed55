/**
 * The run pipeline (core/operations/run.ts) against the emulator in contract mode: routes, the fallback, the
 * remembered route, save-back beside and as a new version, clashes, failures, cancel, bounds, and where the token goes.
 */
import * as assert from 'node:assert/strict';
import type { AdobeEmulator } from '../../emulator/server';
import { DEMO_CLIENTS } from '../../emulator/server';
import type { ApiCaller, CallerSource } from '../../../src/core/common/caller';
import type { InputRoute, OperationFile, OperationProgress, PendingOperation, RouteMemory } from '../../../src/core/operations/types';
import type { StorageAsset } from '../../../src/core/storage/types';
import { followJob } from '../../../src/core/jobs';
import { requestEndpoints } from '../../../src/core/common/endpoints';
import { redact } from '../../../src/core/common/redact';
import { parseRequestFile } from '../../../src/core/requests/parse';
import { resolveRequest } from '../../../src/core/requests/resolve';
import { sendRequestFileRequest } from '../../../src/core/requests/send';
import type { UploadSource } from '../../../src/core/storage/writeTypes';
import { FakeClock, assertNoLeak, clientsFor, rejection, useEmulator } from '../helpers';

const demo = DEMO_CLIENTS.demo.clientId;

export function memory(initial?: InputRoute): RouteMemory & { value?: InputRoute } {
	const m: RouteMemory & { value?: InputRoute } = {
		value: initial,
		get: () => m.value,
		set: (route) => (m.value = route),
	};
	return m;
}

describe('operations: run against the emulator', () => {
	const env = useEmulator();
	const tokens: string[] = [];
	const callerSource =
		(emulator: AdobeEmulator = env.emulator): CallerSource =>
		async () => {
			const caller: ApiCaller = { accessToken: emulator.issueToken(demo), clientId: demo };
			tokens.push(caller.accessToken);
			return caller;
		};
	const asset = (name: string): StorageAsset & { ancestors?: string[]; path?: string } =>
		([...env.emulator.content.byId.values()].find((a) => a.name === name && a.state !== 'deleted') as StorageAsset | undefined) ??
		assert.fail(`no ${name}`);
	const childNames = (parentId: string) =>
		(env.emulator.content.children.get(parentId) ?? []).filter((a) => a.state === 'active').map((a) => a.name);
	const fileOf = (name: string): OperationFile => {
		const a = asset(name);
		const ancestors = a.ancestors ?? [];
		const projectId = ancestors[ancestors.length - 1];
		return {
			assetId: a.assetId,
			name: a.name,
			mediaType: a.mediaType ?? '',
			size: a.size,
			parentId: ancestors[0],
			projectId,
			pathInProject: (a.path ?? '').split('/').slice(2).join('/'),
			version: { modifiedDate: a.modifiedDate, size: a.size },
		};
	};
	const runner = (route?: RouteMemory) => clientsFor(env.emulator, { clock: new FakeClock() }).operations(callerSource(), route);

	it('converts a PSD through the pre-signed route: the result appears beside it, the source unchanged, the route remembered', async () => {
		const file = fileOf('shoe-01.psd');
		const before = { ...asset('shoe-01.psd') };
		const remembered = memory();
		const progress: OperationProgress[] = [];
		const pending: PendingOperation[] = [];
		const result = await runner(remembered).run(
			{ operation: 'photoshop.convert', file, options: { format: 'png' }, route: 'presignedUrl' },
			{ onProgress: (p) => progress.push(p), onSubmitted: (p) => pending.push(p) },
		);
		assert.equal(result.route, 'presignedUrl');
		assert.equal(result.job.state, 'succeeded');
		assert.equal(result.results.length, 1);
		assert.equal(result.results[0].asset.name, 'shoe-01 (converted).png');
		assert.equal(result.results[0].newVersion, false);
		assert.ok(childNames(file.parentId).includes('shoe-01 (converted).png'));
		const after = asset('shoe-01.psd');
		assert.equal(after.modifiedDate, before.modifiedDate);
		assert.equal(after.size, before.size);
		assert.equal(remembered.value, 'presignedUrl');
		assert.equal(pending.length, 1);
		assert.equal(pending[0].route, 'presignedUrl');
		assert.ok(pending[0].job.jobId);
		assert.deepEqual([...new Set(progress.map((p) => p.phase))], ['preparing', 'submitting', 'running', 'downloading', 'saving', 'done']);
		// Nothing a user sees carries the token or a pre-signed URL.
		assertNoLeak(tokens, result, progress, pending);
		for (const text of [JSON.stringify(result), JSON.stringify(progress), JSON.stringify(pending)]) {
			assert.ok(!/__download|__jobs\/output|sig=|Signature/.test(text), text.slice(0, 300));
		}
		assert.equal(env.emulator.authorizationOnPresigned, 0);
	});

	it('refuses a new version whose media type differs from the source, before anything is sent', async () => {
		const file = fileOf('shoe-01.psd');
		const error = await rejection(runner().run({ operation: 'photoshop.convert', file, options: { format: 'png' }, saveAs: 'newVersion' }));
		assert.equal(error.kind, 'invalidInput');
		assert.equal(error.code, 'media_type_mismatch');
		assert.match(error.message, /must keep its type/);
		const unversioned = await rejection(
			runner().run({ operation: 'photoshop.autoTone', file: { ...fileOf('post-01.jpg'), version: undefined }, saveAs: 'newVersion' }),
		);
		assert.equal(unversioned.code, 'version_required');
		assert.equal(env.emulator.count(), 0);
	});

	it('refuses a file the operation does not take, and an unknown operation, before anything is sent', async () => {
		const pdf = fileOf('copy-deck.pdf');
		const error = await rejection(runner().run({ operation: 'photoshop.convert', file: pdf }));
		assert.equal(error.code, 'unsupported_media_type');
		const unknown = await rejection(runner().run({ operation: 'photoshop.sharpen', file: pdf }));
		assert.equal(unknown.code, 'unknown_operation');
		assert.equal(env.emulator.count(), 0);
	});

	const statusPolls = () => env.emulator.requests.filter((r) => /^\/v2\/status\//.test(r.path)).length;
	const ops = () => (env.emulator as unknown as { operations: { refuseCreativeCloud: string; authorizationOnOutputs: number } }).operations;
	const withRefusal = async (mode: 'job' | 'submit', fn: () => Promise<void>) => {
		ops().refuseCreativeCloud = mode;
		try {
			await fn();
		} finally {
			ops().refuseCreativeCloud = 'off';
		}
	};
	const noLeakIn = (...values: unknown[]) => {
		assertNoLeak(tokens, ...values);
		for (const value of values) {
			const text = value instanceof Error ? `${value.message} ${JSON.stringify(value)}` : JSON.stringify(value);
			assert.ok(
				!/__download|__jobs\/output|__blocks|X-Amz|sig=/.test(text ?? ''),
				`a pre-signed URL leaked: ${(text ?? '').slice(0, 300)}`,
			);
		}
	};

	describe('the Creative Cloud route', () => {
		it('auto tone reads the asset by id and Adobe writes the result beside it (nothing moves through us); the route is remembered', async () => {
			const file = fileOf('post-01.jpg');
			const remembered = memory();
			const result = await runner(remembered).run({ operation: 'photoshop.autoTone', file });
			assert.equal(result.route, 'creativeCloud');
			assert.equal(result.fellBack, undefined);
			assert.equal(result.results[0].asset.name, 'post-01 (auto tone).jpg');
			assert.ok(childNames(file.parentId).includes('post-01 (auto tone).jpg'));
			assert.equal(remembered.value, 'creativeCloud');
			// No download link was asked for, no block went up: the bytes never came through us.
			assert.equal(env.emulator.requests.filter((r) => /\/download$|\/upload\//.test(r.path)).length, 0);
		});

		for (const mode of ['submit', 'job'] as const) {
			it(`falls back once to the pre-signed route when Adobe refuses Creative Cloud (${mode === 'submit' ? '403 at submit' : 'the job fails 403401'}), and remembers it`, async () => {
				await withRefusal(mode, async () => {
					const file = fileOf('post-01.jpg');
					const remembered = memory();
					const pending: PendingOperation[] = [];
					const result = await runner(remembered).run({ operation: 'photoshop.autoTone', file }, { onSubmitted: (p) => pending.push(p) });
					assert.equal(result.route, 'presignedUrl');
					assert.ok(result.fellBack);
					assert.equal(result.fellBack.code, mode === 'submit' ? 'unauthorized_forbidden' : '403401');
					assert.match(result.fellBack.message, /User not authorized/);
					assert.equal(result.results[0].asset.name, 'post-01 (auto tone).jpg');
					assert.equal(remembered.value, 'presignedUrl');
					assert.equal(pending[pending.length - 1].route, 'presignedUrl');
					assert.equal(env.emulator.count('photoshop.v2Edit'), 2, 'one refused try, one fallback: no loop');
					noLeakIn(result, pending);
				});
			});
		}

		it('uses the remembered pre-signed route without trying Creative Cloud again', async () => {
			await withRefusal('submit', async () => {
				const result = await runner(memory('presignedUrl')).run({ operation: 'photoshop.autoTone', file: fileOf('post-01.jpg') });
				assert.equal(result.route, 'presignedUrl');
				assert.equal(result.fellBack, undefined);
				assert.equal(env.emulator.count('photoshop.v2Edit'), 1);
			});
		});

		it('does not fall back on a failure that is not a refusal: the job\u2019s error is the answer and the source is unchanged', async () => {
			env.emulator.inject(
				'photoshop.v2Edit',
				{ type: 'jobFailed', errors: [{ error_code: 'runtime_error', message: 'The image could not be processed.' }] } as never,
				1,
			);
			const file = fileOf('post-01.jpg');
			const before = { ...asset('post-01.jpg') };
			const names = childNames(file.parentId);
			const error = await rejection(runner().run({ operation: 'photoshop.autoTone', file }));
			assert.match(
				error.message,
				/Auto Tone failed; nothing was saved and post-01\.jpg is unchanged\. Adobe says: runtime_error: The image could not be processed\./,
			);
			assert.equal(error.code, 'runtime_error');
			assert.equal(env.emulator.count('photoshop.v2Edit'), 1);
			assert.deepEqual(childNames(file.parentId), names);
			assert.equal(asset('post-01.jpg').modifiedDate, before.modifiedDate);
			noLeakIn(error);
		});
	});

	describe('failures', () => {
		it('a submit refused for another reason (500) is the answer on the Creative Cloud route: no fallback, nothing written', async () => {
			env.emulator.inject(
				'photoshop.v2Edit',
				{ type: 'status', status: 500, body: { error_code: 'runtime_error', message: 'Internal error' } } as never,
				1,
			);
			const file = fileOf('post-01.jpg');
			const names = childNames(file.parentId);
			const remembered = memory();
			const error = await rejection(runner(remembered).run({ operation: 'photoshop.autoTone', file }));
			assert.equal(error.status, 500);
			assert.equal(env.emulator.count('photoshop.v2Edit'), 1);
			assert.equal(remembered.value, undefined, 'nothing remembered from a failure');
			assert.deepEqual(childNames(file.parentId), names);
			noLeakIn(error);
		});

		it('Firefly refusing the upload (403 quota) stops before any job, with Adobe\u2019s reason', async () => {
			env.emulator.inject(
				'firefly.storageImage',
				{ type: 'status', status: 403, body: { error_code: 'quota_exhausted', message: 'Quota exhausted' } } as never,
				1,
			);
			const error = await rejection(runner().run({ operation: 'firefly.similar', file: fileOf('post-01.jpg') }));
			assert.equal(error.status, 403);
			assert.equal(env.emulator.count('firefly.similar'), 0);
			noLeakIn(error);
		});

		it('a slow job is followed to its end, with progress while it runs', async () => {
			env.emulator.inject('photoshop.v2Edit', { type: 'slowJob', polls: 3 } as never, 1);
			const running: OperationProgress[] = [];
			const result = await runner(memory('presignedUrl')).run(
				{ operation: 'photoshop.autoTone', file: fileOf('post-01.jpg') },
				{ onProgress: (p) => p.phase === 'running' && running.push(p) },
			);
			assert.equal(result.results.length, 1);
			assert.ok(running.length >= 4, `${running.length} running updates`);
			assert.ok(statusPolls() >= 4);
		});
	});

	describe('save-back', () => {
		it('a new version replaces the content and keeps the asset id (the replacement endpoints), only after the job succeeded', async () => {
			const file = fileOf('post-02.jpg');
			const before = { ...asset('post-02.jpg') };
			const names = childNames(file.parentId);
			const result = await runner(memory('presignedUrl')).run({ operation: 'photoshop.autoTone', file, saveAs: 'newVersion' });
			assert.equal(result.results.length, 1);
			assert.equal(result.results[0].newVersion, true);
			assert.equal(result.results[0].asset.assetId, file.assetId);
			const after = asset('post-02.jpg');
			assert.equal(after.assetId, before.assetId);
			assert.notEqual(after.modifiedDate, before.modifiedDate);
			assert.deepEqual(childNames(file.parentId), names, 'no new file');
		});

		it('a new version is refused when the file changed since it was read, and nothing is replaced', async () => {
			const file = fileOf('post-02.jpg');
			env.emulator.touchFile(file.assetId);
			const changed = { ...asset('post-02.jpg') };
			const error = await rejection(runner(memory('presignedUrl')).run({ operation: 'photoshop.autoTone', file, saveAs: 'newVersion' }));
			assert.equal(error.code, 'conflict');
			assert.equal(asset('post-02.jpg').modifiedDate, changed.modifiedDate);
		});

		it('a failed job leaves the source as it was on a new version too', async () => {
			env.emulator.inject('photoshop.v2Edit', { type: 'jobFailed' } as never, 1);
			const file = fileOf('post-02.jpg');
			const before = { ...asset('post-02.jpg') };
			const error = await rejection(runner(memory('presignedUrl')).run({ operation: 'photoshop.autoTone', file, saveAs: 'newVersion' }));
			assert.match(error.message, /nothing was saved/);
			const after = asset('post-02.jpg');
			assert.equal(after.modifiedDate, before.modifiedDate);
			assert.equal(after.size, before.size);
		});

		for (const answer of ['keepBoth', 'skip', 'replace'] as const) {
			it(`a result whose name is taken asks, and ${answer === 'keepBoth' ? 'keeps both (Adobe\u2019s autorename)' : answer === 'skip' ? 'skips it' : 'replaces that file (not the source)'}`, async () => {
				const file = fileOf('post-01.jpg');
				const first = await runner(memory('presignedUrl')).run({ operation: 'photoshop.autoTone', file });
				const existing = first.results[0].asset;
				const asked: string[] = [];
				const result = await runner(memory('presignedUrl')).run(
					{ operation: 'photoshop.autoTone', file },
					{ onClash: async (name) => (asked.push(name), answer) },
				);
				assert.deepEqual(asked, ['post-01 (auto tone).jpg']);
				const names = childNames(file.parentId).filter((n) => n.startsWith('post-01 (auto tone)'));
				if (answer === 'keepBoth') {
					assert.equal(names.length, 2);
					assert.notEqual(result.results[0].asset.assetId, existing.assetId);
				} else if (answer === 'skip') {
					assert.equal(names.length, 1);
					assert.deepEqual(result.results, []);
					assert.match(result.notSaved[0].reason, /already exists; skipped/);
				} else {
					assert.equal(names.length, 1);
					assert.equal(result.results[0].asset.assetId, existing.assetId);
				}
				assert.equal(asset('post-01.jpg').modifiedDate, file.version?.modifiedDate, 'the source is never the one replaced');
			});
		}

		it('replacing a clashing result finds it in a project\u2019s top level even when the project is not named', async () => {
			const file = { ...fileOf('hero-banner.psd'), projectId: undefined, pathInProject: undefined };
			const first = await runner(memory('presignedUrl')).run({ operation: 'photoshop.convert', file, options: { format: 'png' } });
			const result = await runner(memory('presignedUrl')).run(
				{ operation: 'photoshop.convert', file, options: { format: 'png' } },
				{ onClash: async () => 'replace' },
			);
			assert.equal(result.results[0].asset.assetId, first.results[0].asset.assetId);
			assert.deepEqual(
				childNames(file.parentId).filter((n) => n.startsWith('hero-banner (converted)')),
				['hero-banner (converted).png'],
			);
		});

		for (const inMemory of [true, false]) {
			it(`saves a larger result byte for byte ${inMemory ? 'from memory' : 'through a temporary file (past the in-memory bound)'}`, async () => {
				const ops2 = env.emulator as unknown as { operations: { paddedOutputBytes?: number } };
				ops2.operations.paddedOutputBytes = 300_000;
				try {
					const file = fileOf('post-01.jpg');
					const clients = clientsFor(env.emulator, { clock: new FakeClock() });
					const runner2 = clients.operations(callerSource(), memory('presignedUrl'), {
						limits: { inMemoryResultBytes: inMemory ? 1_000_000 : 10_000 },
					});
					const result = await runner2.run({ operation: 'photoshop.autoTone', file });
					const saved = result.results[0].asset;
					assert.equal(saved.size, 300_000);
					const link = await clients.cloudStorage.downloadLink(await callerSource()(false), saved.assetId);
					const bytes = await clients.http.fetchBytes({ service: 'cloudStorage', url: link.url }, { maxBytes: 1_000_000 });
					assert.equal(bytes.length, 300_000);
					assert.equal(bytes[0], 0xff, 'a JPEG');
				} finally {
					ops2.operations.paddedOutputBytes = 0;
				}
			});
		}

		it('refuses a result larger than the bound, saving nothing', async () => {
			const file = fileOf('post-01.jpg');
			const names = childNames(file.parentId);
			const clients = clientsFor(env.emulator, { clock: new FakeClock() });
			const error = await rejection(
				clients
					.operations(callerSource(), memory('presignedUrl'), { limits: { maxResultBytes: 100 } })
					.run({ operation: 'photoshop.autoTone', file }),
			);
			assert.equal(error.code, 'too_large');
			assert.deepEqual(childNames(file.parentId), names);
			noLeakIn(error);
		});
	});

	describe('Firefly', () => {
		it('generate similar: downloads the input, uploads it to Firefly storage, saves each output beside it as "(similar n)"', async () => {
			const file = fileOf('post-01.jpg');
			const result = await runner().run({ operation: 'firefly.similar', file, options: { numVariations: 2 } });
			assert.equal(result.route, 'fireflyUpload');
			assert.deepEqual(
				result.results.map((r) => r.asset.name),
				['post-01 (similar 1).png', 'post-01 (similar 2).png'],
			);
			assert.equal(env.emulator.count('firefly.storageImage'), 1);
			assert.equal(ops().authorizationOnOutputs, 0);
			assert.equal(env.emulator.authorizationOnPresigned, 0);
			noLeakIn(result);
		});

		it('fill takes a mask from storage, uploaded too', async () => {
			const file = fileOf('post-01.jpg');
			const result = await runner().run({
				operation: 'firefly.fill',
				file,
				options: { prompt: 'a red scarf' },
				attachments: { mask: { file: fileOf('logo-mono.png') } },
			});
			assert.equal(result.results.length, 1);
			assert.equal(env.emulator.count('firefly.storageImage'), 2);
		});

		it('a partial result saves what Firefly made and says what is missing', async () => {
			env.emulator.inject('firefly.similar', { type: 'jobPartial' } as never, 1);
			const file = fileOf('post-01.jpg');
			const result = await runner().run({ operation: 'firefly.similar', file, options: { numVariations: 3 } });
			assert.equal(result.results.length, 2);
			assert.ok(result.notSaved.some((n) => /2 of the 3/.test(n.reason)));
		});

		it('Cancel asks Firefly to cancel the job (PUT /v3/cancel) and saves nothing', async () => {
			env.emulator.inject('firefly.similar', { type: 'jobHold' } as never, 1);
			const file = fileOf('post-01.jpg');
			const names = childNames(file.parentId);
			const controller = new AbortController();
			const error = await rejection(
				runner().run(
					{ operation: 'firefly.similar', file },
					{ signal: controller.signal, onProgress: (p) => p.phase === 'running' && p.job && controller.abort() },
				),
			);
			assert.equal(error.kind, 'cancelled');
			assert.match(error.message, /Firefly cancelled the job/);
			assert.equal(env.emulator.count('firefly.cancel'), 1);
			assert.deepEqual(childNames(file.parentId), names);
		});

		it('an input larger than Firefly takes is refused before the upload', async () => {
			const clients = clientsFor(env.emulator, { clock: new FakeClock() });
			const error = await rejection(
				clients
					.operations(callerSource(), undefined, { limits: { maxFireflyInputBytes: 10 } })
					.run({ operation: 'firefly.similar', file: fileOf('post-01.jpg') }),
			);
			assert.equal(error.code, 'too_large');
			assert.equal(env.emulator.count('firefly.storageImage'), 0);
		});
	});

	describe('Photoshop cancel, resume and the manifest', () => {
		it('Cancel stops polling (Photoshop v2 has no cancel) and saves nothing', async () => {
			env.emulator.inject('photoshop.v2Edit', { type: 'jobHold' } as never, 1);
			const file = fileOf('post-01.jpg');
			const names = childNames(file.parentId);
			const controller = new AbortController();
			const error = await rejection(
				runner(memory('presignedUrl')).run(
					{ operation: 'photoshop.autoTone', file },
					{ signal: controller.signal, onProgress: (p) => p.phase === 'running' && p.job && controller.abort() },
				),
			);
			assert.equal(error.kind, 'cancelled');
			assert.match(error.message, /cannot cancel a job/);
			const polls = statusPolls();
			assert.deepEqual(childNames(file.parentId), names);
			await new Promise((resolve) => setImmediate(resolve));
			assert.equal(statusPolls(), polls, 'no poll after Cancel');
		});

		it('Cancel while the result is being saved leaves no file (the upload is never finalized)', async () => {
			const file = fileOf('post-01.jpg');
			const names = childNames(file.parentId);
			const controller = new AbortController();
			const error = await rejection(
				runner(memory('presignedUrl')).run(
					{ operation: 'photoshop.autoTone', file },
					{ signal: controller.signal, onProgress: (p) => p.phase === 'saving' && controller.abort() },
				),
			);
			assert.equal(error.kind, 'cancelled');
			assert.match(error.message, /nothing was saved and the source is unchanged/);
			assert.deepEqual(childNames(file.parentId), names);
			assert.equal(env.emulator.requests.filter((r) => r.path.endsWith('/files/upload/finalize')).length, 0);
		});

		it('Cancel between the results of one job keeps those saved and says so', async () => {
			const file = fileOf('post-01.jpg');
			const controller = new AbortController();
			const error = await rejection(
				runner().run(
					{ operation: 'firefly.similar', file, options: { numVariations: 3 } },
					{
						signal: controller.signal,
						onProgress: (p) => p.phase === 'downloading' && p.message.includes('similar 2') && controller.abort(),
					},
				),
			);
			assert.equal(error.kind, 'cancelled');
			assert.match(error.message, /1 result was saved before it \(post-01 \(similar 1\)\.png\)/);
			assert.deepEqual(
				childNames(file.parentId).filter((n) => n.startsWith('post-01 (similar')),
				['post-01 (similar 1).png'],
			);
		});

		it('resume follows a pending job after a reload and saves its result as the first run would have', async () => {
			env.emulator.inject('photoshop.v2Edit', { type: 'jobHold' } as never, 1);
			const file = fileOf('post-01.jpg');
			const controller = new AbortController();
			let pending: PendingOperation | undefined;
			await rejection(
				runner(memory('presignedUrl')).run(
					{ operation: 'photoshop.autoTone', file },
					{ signal: controller.signal, onSubmitted: (p) => ((pending = p), controller.abort()) },
				),
			);
			assert.ok(pending);
			// What a reload keeps is identities only.
			noLeakIn(pending);
			(env.emulator as unknown as { asyncJobs: { release(id?: string): string[] } }).asyncJobs.release();
			const result = await runner().resume(JSON.parse(JSON.stringify(pending)) as PendingOperation);
			assert.equal(result.results[0].asset.name, 'post-01 (auto tone).jpg');
			assert.ok(childNames(file.parentId).includes('post-01 (auto tone).jpg'));
		});

		it('generate manifest: the demo PSD\u2019s layer tree, nothing saved', async () => {
			const file = fileOf('key-visual.psd');
			const names = childNames(file.parentId);
			const result = await runner().run({ operation: 'photoshop.manifest', file });
			assert.ok(result.manifest);
			assert.deepEqual(result.results, []);
			assert.deepEqual(childNames(file.parentId), names);
			const headline = result.manifest.layers.find((l) => l.name === 'Headline');
			assert.ok(headline);
			assert.equal(headline.kind, 'group_layer');
			assert.deepEqual(headline.bounds, { left: 80, top: 60, width: 1040, height: 240 });
			assert.equal(headline.children.find((l) => l.name === 'Title')?.text, 'Brand Refresh 2026');
			assert.equal(result.manifest.document.width, 1200);
		});
	});

	describe('every operation end to end', () => {
		const cases: Array<{ id: string; file: string; options?: Record<string, unknown>; mask?: string; atn?: boolean; expect: RegExp }> = [
			{
				id: 'photoshop.convert',
				file: 'shoe-01.psd',
				options: { format: 'jpeg', quality: 'high' },
				expect: /^shoe-01 \(converted\)\.jpg$/,
			},
			{ id: 'photoshop.autoTone', file: 'post-01.jpg', expect: /^post-01 \(auto tone\)\.jpg$/ },
			{ id: 'photoshop.adjust', file: 'banner.png', options: { exposure: 0.5, saturation: 20 }, expect: /^banner \(edited\)\.png$/ },
			{ id: 'photoshop.actions', file: 'post-01.jpg', atn: true, expect: /^post-01 \(actions\)\.jpg$/ },
			{ id: 'photoshop.autoCrop', file: 'post-01.jpg', options: { aspectRatio: '16:9' }, expect: /^post-01 \(crop\)\.(jpg|png)$/ },
			{ id: 'photoshop.artboard', file: 'banner.png', expect: /^banner \(artboard\)\.psd$/ },
			{
				id: 'firefly.expand',
				file: 'post-01.jpg',
				options: { width: 1024, height: 1024, horizontal: 'left' },
				expect: /^post-01 \(expanded\)\.(png|jpg)$/,
			},
			{ id: 'firefly.upscale', file: 'banner.png', options: { upscaleFactor: '4' }, expect: /^banner \(upscaled 4x\)\.(png|jpg)$/ },
			{
				id: 'firefly.objectComposite',
				file: 'post-01.jpg',
				options: { prompt: 'on a beach at dawn' },
				mask: 'logo-mono.png',
				expect: /^post-01 \(composite\)\.(png|jpg)$/,
			},
		];
		for (const c of cases) {
			it(`${c.id} on ${c.file}: the result is beside it, with real image bytes`, async () => {
				const file = fileOf(c.file);
				const clients = clientsFor(env.emulator, { clock: new FakeClock() });
				const attachments: Record<string, { file: OperationFile } | { source: UploadSource; name: string }> = {};
				if (c.mask) attachments.mask = { file: fileOf(c.mask) };
				if (c.atn) {
					const bytes = Buffer.from('8BCOemulated action set');
					attachments.actions = {
						source: { size: bytes.length, mediaType: 'application/octet-stream', read: (a, b) => bytes.subarray(a, b) },
						name: 'tone.atn',
					};
				}
				const result = await clients.operations(callerSource()).run({ operation: c.id, file, options: c.options, attachments });
				assert.equal(result.job.state, 'succeeded');
				assert.equal(result.results.length, 1, JSON.stringify(result.notSaved));
				assert.match(result.results[0].asset.name, c.expect);
				const saved = env.emulator.content.byId.get(result.results[0].asset.assetId) as StorageAsset | undefined;
				assert.ok(saved && childNames(file.parentId).includes(saved.name));
				assert.ok((saved.size ?? 0) > 0);
			});
		}
	});

	describe('where the token goes', () => {
		it('never to a status URL on another origin (a lying statusUrl): the job is not followed', async () => {
			env.emulator.inject('photoshop.v2Edit', { type: 'lyingStatusUrl', origin: 'https://evil.example.com' } as never, 1);
			const error = await rejection(runner(memory('presignedUrl')).run({ operation: 'photoshop.autoTone', file: fileOf('post-01.jpg') }));
			assert.equal(error.code, 'origin_refused');
			assert.match(error.message, /evil\.example\.com/);
		});

		it('a submit answered 401 is sent once more with a fresh token', async () => {
			env.emulator.inject('photoshop.v2Edit', { type: 'status', status: 401 } as never, 1);
			const before = tokens.length;
			const result = await runner(memory('presignedUrl')).run({ operation: 'photoshop.autoTone', file: fileOf('post-01.jpg') });
			assert.equal(result.results.length, 1);
			assert.equal(env.emulator.count('photoshop.v2Edit'), 2);
			assert.ok(tokens.length > before + 1);
		});

		it('follows through the front door\u2019s follow when given one (the Jobs view), and polls nothing itself', async () => {
			const clients = clientsFor(env.emulator, { clock: new FakeClock() });
			const followed: string[] = [];
			const runner2 = clients.operations(callerSource(), memory('presignedUrl'), {
				follow: async (job, signal) => {
					followed.push(job.api);
					const caller = await callerSource()(false);
					return followJob(job, {
						http: clients.http,
						clock: new FakeClock(),
						signal,
						checkOrigin: async () => undefined,
						authHeaders: async () => ({ authorization: `Bearer ${caller.accessToken}`, 'x-api-key': caller.clientId }),
					});
				},
			});
			const result = await runner2.run({ operation: 'photoshop.autoTone', file: fileOf('post-01.jpg') });
			assert.deepEqual(followed, ['photoshopV2']);
			assert.equal(result.results.length, 1);
		});

		it('an output that cannot be fetched fails without naming its URL, and saves nothing', async () => {
			env.emulator.inject('jobs.output', { type: 'status', status: 403 } as never, 5);
			const file = fileOf('post-01.jpg');
			const names = childNames(file.parentId);
			const error = await rejection(runner(memory('presignedUrl')).run({ operation: 'photoshop.autoTone', file }));
			assert.equal(error.status, 403);
			assert.deepEqual(childNames(file.parentId), names);
			noLeakIn(error);
		});
	});

	describe('the request file', () => {
		for (const route of ['creativeCloud', 'presignedUrl'] as const) {
			it(`sends with the request-file feature and starts the same job (${route} input)`, async () => {
				const file = fileOf('post-01.jpg');
				const clients = clientsFor(env.emulator, { clock: new FakeClock() });
				let text = clients
					.operations(callerSource())
					.requestFile({ operation: 'photoshop.autoTone', file, options: { exposure: 0.5 }, route });
				if (route === 'presignedUrl') {
					// What the user does: send the first request, paste the link into @inputUrl.
					const link = await clients.cloudStorage.downloadLink(await callerSource()(false), file.assetId);
					text = text.replace(/^@inputUrl = .*$/m, `@inputUrl = ${link.url}`);
				}
				const parsed = parseRequestFile(text);
				const request = parsed.requests.find((r) => r.method === 'POST');
				assert.ok(request);
				const caller = await callerSource()(false);
				const { outcome } = await sendRequestFileRequest({
					http: clients.http,
					endpoints: env.emulator.endpoints,
					resolve: () =>
						resolveRequest(
							parsed,
							request,
							{
								token: async () => caller.accessToken,
								clientId: async () => caller.clientId,
								endpoint: (name) => requestEndpoints(env.emulator.endpoints)[name],
							},
							async () => undefined,
						),
					redact: (t, secrets) => redact(t, secrets),
				});
				assert.equal(outcome.status, 202, outcome.body);
				assert.equal(outcome.job?.api, 'photoshopV2');
				assert.equal(env.emulator.takeViolations().length, 0);
			});
		}
	});

	it('a cancel before the start sends nothing', async () => {
		const controller = new AbortController();
		controller.abort();
		const error = await rejection(
			runner().run({ operation: 'photoshop.convert', file: fileOf('shoe-01.psd'), route: 'presignedUrl' }, { signal: controller.signal }),
		);
		assert.equal(error.kind, 'cancelled');
		assert.equal(env.emulator.count(), 0);
	});
});
