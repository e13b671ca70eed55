/**
 * The emulator for the bench's operation rows (test/bench/operations.ts), in a child process of its own so
 * that its work (serving, hashing blocks) does not share the bench's event loop. It keeps no uploaded bytes
 * (keepUploadedBytes: false), an operation's job ends at its first poll (asyncJobs pollsToFinish 1: "a
 * zero-delay job"), and the parent sets, by an IPC message `{ resultBytes }`, how large each output is (the
 * emulator's own padding of its real image: operations.js paddedOutputBytes, as POST
 * /__emulator/operations/config { outputBytes } sets it). It answers `{ ok: true }`.
 */
import { AdobeEmulator, EmulatorOptions } from '../emulator/server';

export interface OperationsEmulatorInfo {
	url: string;
	endpoints: { ims: string; photoshop: string; cloudStorage: string };
	/** "Product Shots/Spring": the folder the source is in, where results go. */
	folderId: string;
	/** "Product Shots/Spring/shoe-02.jpg": the source. */
	fileId: string;
	projectId: string;
}

interface EmulatorInternals {
	asyncJobs: { pollsToFinish: number };
	operations: { paddedOutputBytes: number };
}

async function main(): Promise<void> {
	const emulator = new AdobeEmulator({ keepUploadedBytes: false, jobPolls: 0 } as EmulatorOptions);
	await emulator.start();
	const internals = emulator as unknown as EmulatorInternals;
	internals.asyncJobs.pollsToFinish = 1;
	const find = (path: string) => {
		const asset = [...emulator.content.byId.values()].find((item) => item.path === path);
		if (!asset) throw new Error(`the demo content lost ${path}`);
		return asset;
	};
	const info: OperationsEmulatorInfo = {
		url: emulator.url,
		endpoints: emulator.endpoints,
		folderId: find('/Product Shots/Spring').assetId,
		fileId: find('/Product Shots/Spring/shoe-02.jpg').assetId,
		projectId: find('/Product Shots').assetId,
	};
	process.send?.(info);
	process.on('message', (message: { resultBytes?: number }) => {
		if (typeof message.resultBytes === 'number') internals.operations.paddedOutputBytes = message.resultBytes;
		process.send?.({ ok: true });
	});
	process.on('disconnect', () => {
		void emulator.stop().finally(() => process.exit(0));
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
