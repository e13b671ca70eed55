/**
 * Cloud Storage changed by a write that did not go through the adobe-storage: file system (the explorer's
 * commands: upload, delete, restore, rename, move, copy): the file system forgets what it cached and tells VS
 * Code which URIs changed, so an open editor or the Explorer does not show what Adobe no longer has. Only code
 * in dist/commands.js imports this (one emitter for the explorer and the file system, both in that bundle).
 */
import * as vscode from 'vscode';

export interface StorageChange {
	/** The adobe-storage: URIs that changed (created, changed or deleted), when known. */
	uris: vscode.Uri[];
}

const emitter = new vscode.EventEmitter<StorageChange>();

export const onDidChangeStorage = emitter.event;

export function storageChanged(change: StorageChange): void {
	emitter.fire(change);
}

const written = new vscode.EventEmitter<vscode.Uri[]>();

/**
 * The adobe-storage: file system itself wrote (VS Code's Explorer on an adobe-storage folder, an editor's
 * save, a script's workspace.fs): the items it created, changed or deleted, so the explorer's tree reloads
 * their folders. Separate from onDidChangeStorage, which the file system listens to: the two never echo.
 */
export const onDidWriteThroughFileSystem = written.event;

export function writtenThroughFileSystem(uris: vscode.Uri[]): void {
	if (uris.length > 0) written.fire(uris);
}
