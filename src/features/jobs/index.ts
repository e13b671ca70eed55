/**
 * The Jobs view at activation: the view with a tree provider that stands in for the real one (in
 * dist/requests.js, with the request files), and the jobs commands. An empty view shows its welcome
 * text without loading anything; jobs stored by an earlier window load the bundle, and those still
 * running are polled again without holding up activation.
 */
import * as vscode from 'vscode';
import { Commands, Views } from '../../shared/constants';
import { registerCommands } from '../../shared/registerCommands';
import type { ExtensionServices } from '../../shared/services';
import type { RequestsLoader } from '../requests/index';

export function activate(services: ExtensionServices, context: vscode.ExtensionContext, requests: RequestsLoader): void {
	const treeDataProvider: vscode.TreeDataProvider<unknown> = {
		onDidChangeTreeData: requests.onDidChangeJobs,
		// An empty view shows its welcome text without loading anything; stored jobs need the bundle.
		getChildren: (element) => (requests.isLoaded || requests.hasStoredJobs() ? requests.get().jobs.getChildren(element) : []),
		getTreeItem: (element) => requests.get().jobs.getTreeItem(element),
		getParent: (element) => requests.get().jobs.getParent(element),
	};
	// Collapsed until there is a job (package.json): the explorer keeps the sidebar's height.
	const jobsView = vscode.window.createTreeView(Views.jobs, { treeDataProvider });
	services.jobs = () => requests.get().jobs;
	requests.revealJob = (element) =>
		void Promise.resolve(jobsView.reveal(element, { expand: true, focus: false, select: false })).catch(() => undefined);
	context.subscriptions.push(
		jobsView,
		...registerCommands(services, {
			[Commands.jobsCancel]: (args) => requests.get().jobs.cancel(args),
			[Commands.jobsRemove]: async (args) => requests.get().jobs.remove(args),
			[Commands.jobsClearFinished]: async () => requests.get().jobs.clearFinished(),
			[Commands.jobsOpenOutput]: (args) => requests.get().jobs.openOutput(args),
		}),
	);
	resumeJobs(services, requests);
}

/** Jobs an earlier window left running are polled again, without holding up activation. */
function resumeJobs(services: ExtensionServices, requests: RequestsLoader): void {
	if (!requests.hasStoredJobs(true)) return;
	setTimeout(() => {
		try {
			requests
				.get()
				.jobs.resume()
				.catch((error: unknown) => services.log.warn(`[jobs] could not resume the jobs of the last window: ${String(error)}`));
		} catch (error) {
			services.log.warn(`[jobs] could not load the request-file code to resume jobs: ${String(error)}`);
		}
	}, 0);
}
