/**
 * The emulator for the bench's storage rows, in a child process of its own (test/bench/storage.ts forks
 * it), so that what it holds and allocates is not counted in the bench's heap and RSS. It keeps no
 * uploaded bytes (keepUploadedBytes: false: only sizes and block digests; a download of such a file
 * serves derived bytes of its size), so 1 GB goes up and comes back down without 1 GB in any memory.
 * It tells its parent where it listens, then serves until the parent disconnects.
 */
import { AdobeEmulator, EmulatorOptions } from '../emulator/server';

export interface StorageEmulatorInfo {
	url: string;
	endpoints: { ims: string; photoshop: string; cloudStorage: string };
	/** "Product Shots": a project the demo credential can write to. */
	projectId: string;
	/** The 10,000-item folder. */
	largeFolderId: string;
}

async function main(): Promise<void> {
	// jobPolls: 0, a write job answers its end at the first poll, for ours and the raw baseline alike.
	const options = { keepUploadedBytes: false, jobPolls: 0, largeFolderSize: 10_000 } as EmulatorOptions;
	const emulator = new AdobeEmulator(options);
	await emulator.start();
	const project = emulator.content.projects.find((p) => p.name === 'Product Shots');
	if (!project) throw new Error('the demo content lost its Product Shots project');
	const info: StorageEmulatorInfo = {
		url: emulator.url,
		endpoints: emulator.endpoints,
		projectId: project.assetId,
		largeFolderId: emulator.content.largeFolderId,
	};
	process.send?.(info);
	process.on('disconnect', () => {
		void emulator.stop().finally(() => process.exit(0));
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
