import * as vscode from 'vscode';

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/** A cancellable progress notification whose Cancel button aborts the work's AbortSignal. */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, progress: Progress) => Promise<T>): Thenable<T> {
	return vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title, cancellable: true },
		(progress, cancellation) => {
			const abort = new AbortController();
			cancellation.onCancellationRequested(() => abort.abort());
			return work(abort.signal, progress);
		},
	);
}
