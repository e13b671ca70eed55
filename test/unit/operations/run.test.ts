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
		for (const text of [JSON.stringify(result), JSON.stringify(progress), JSON.stringify(pending)])
			{assert.ok(!/__download|__jobs\/output|sig=|Signature/.test(text), text.slice(0, 300));}
		assert.equal(env.emulator.authorizationOnPresigned, 0);
	});

	it('refuses a new version whose media type differs from the source, before anything is sent', async () => {
		const file = fileOf('shoe-01.psd');
		const error = await rejection(runner().run({ operation: 'photoshop.convert', file, options: { format: 'png' }, saveAs: 'newVersion' }));
		assert.equal(error.kind, 'invalidInput');
		assert.equal(error.code, 'media_type_mismatch');
		assert.match(error.message, /must keep its type/);
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
