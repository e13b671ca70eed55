/**
 * What the features in dist/requests.js (request files, the Jobs view, the language model tools) get
 * from the activation side (features/requests/index.ts builds it), and the one piece of the Jobs view
 * that sending a request uses. Types only: they live here so those features need not import each
 * other's files. The Jobs view's service is in jobsService.ts, which ExtensionServices names too.
 */
import type * as vscode from 'vscode';
import type * as Network from '../bundles/network';
import type { AgentToolHost } from '../core/agent';
import type { ProfileMeta } from '../core/credentials/profiles';
import type { ExtensionServices } from './services';

export interface RequestsHost {
	services: ExtensionServices;
	context: vscode.ExtensionContext;
	network: () => typeof Network;
	jobsChanged: vscode.EventEmitter<void>;
	/** Shows a job in the Jobs view (expanding the view) without taking the focus. */
	revealJob(element: unknown): void;
	/** Check Setup's findings for a profile (none: the active one), redacted: the doctor, loaded from dist/commands.js. */
	setupFindings(profile: ProfileMeta | undefined, signal?: AbortSignal): ReturnType<AgentToolHost['checkSetup']>;
}

export type { JobSummary, JobsService, OutputSummary } from './jobsService';
