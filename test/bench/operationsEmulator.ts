/**
 * The emulator for the bench's operation rows (test/bench/operations.ts), in a child process of its own so
 * that its work (serving, hashing blocks) does not share the bench's event loop. It keeps no uploaded bytes
 * (keepUploadedBytes: false), a job ends at its first poll (pollsToFinish 1: "a zero-delay job"), and the
 * parent sets, by an IPC message `{ resultBytes }`, how large each Photoshop output is: the emulator's real
 * image, then zero bytes up to that size (the bench times transfer, not decoding). It answers `{ ok: true }`.
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
	jobs: { pollsToFinish: number };
	operations: { outputBytes(job: unknown, op: unknown, index: number, mediaType: string): Buffer };
}

async function main(): Promise<void> {
	const emulator = new AdobeEmulator({ keepUploadedBytes: false, jobPolls: 0 } as EmulatorOptions);
	await emulator.start();
	const internals = emulator as unknown as EmulatorInternals;
	internals.jobs.pollsToFinish = 1;
	let resultBytes = 0;
	const made = internals.operations.outputBytes.bind(internals.operations);
	internals.operations.outputBytes = (job, op, index, mediaType) => {
		const image = made(job, op, index, mediaType);
		return image.length >= resultBytes ? image : Buffer.concat([image, Buffer.alloc(resultBytes - image.length)]);
	};
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
		if (typeof message.resultBytes === 'number') resultBytes = message.resultBytes;
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
