/**
 * Cloud Storage as a file system (issue #19): the `adobe-storage:` scheme is registered at activation with a
 * stand-in whose every method loads the real provider (features/storage/fileSystem.ts, in dist/commands.js)
 * on first use, so activation stays as cheap as before. `onFileSystem:adobe-storage` (package.json)
 * activates the extension when VS Code meets such a URI (a workspace folder, a restored editor).
 *
 * Every byte here is in dist/extension.js, which may not grow past its limit (test/unit/project/package.test.ts):
 * so the methods are one loop, the change event is VS Code's own listener handed to the real provider
 * (no EventEmitter), and `workspace` comes from the composition root (no module-level `vscode` import,
 * which esbuild repeats per module).
 */
import type * as vscode from 'vscode';
import { loadCommands } from '../../shared/lazy';
import type { ExtensionServices } from '../../shared/services';
import type { StorageFileSystem } from './fileSystem';

export type { StorageFileSystem } from './fileSystem';

/** The provider's methods the stand-in passes through (`watch` too: it loads the provider, as a URI of ours is in use). */
const METHODS = ['watch', 'stat', 'readDirectory', 'readFile', 'writeFile', 'createDirectory', 'delete', 'rename', 'copy'] as const;

/** Registers the stand-in; returns the real provider's loader (the tests reach it through the test API). */
export function activate(
	services: ExtensionServices,
	context: vscode.ExtensionContext,
	workspace: typeof vscode.workspace,
): () => StorageFileSystem {
	let changed: ((events: vscode.FileChangeEvent[]) => void) | undefined;
	let real: StorageFileSystem | undefined;
	// VS Code subscribes once, at registration (extHostFileSystem.ts registerFileSystemProvider), before any method can
	// load the real provider, which then fires to that listener.
	const load = () => (real ??= loadCommands().createStorageFileSystem(services, changed, context));
	const provider: Record<string, unknown> = { onDidChangeFile: (listener: typeof changed) => ((changed = listener), { dispose() {} }) };
	for (const method of METHODS) provider[method] = (...args: unknown[]) => (load()[method] as (...a: unknown[]) => unknown)(...args);
	context.subscriptions.push(
		workspace.registerFileSystemProvider('adobe-storage', provider as unknown as vscode.FileSystemProvider, { isCaseSensitive: true }),
	);
	return load;
}
