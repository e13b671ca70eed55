/**
 * What the features in dist/requests.js (request files, the Jobs view, the language model tools) get
 * from the activation side (features/requests/index.ts builds it), and the one piece of the Jobs view
 * that sending a request uses. Types only: they live here so those features need not import each
 * other's files.
 */
import type * as vscode from 'vscode';
import type * as Network from '../bundles/network';
import type { AgentToolHost } from '../core/agent';
import type { ProfileMeta } from '../core/credentials/profiles';
import type { JobApi, JobRef, JobState } from '../core/jobs';
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

/** What is stored, and what scripted callers and tests see. */
export interface JobSummary {
	id: string;
	title: string;
	api: JobApi;
	jobId?: string;
	statusUrl: string;
	cancelUrl?: string;
	/** The profile's name when the job started, and its id (which survives a rename) to poll with. */
	profile?: string;
	profileId?: string;
	source?: { uri: string; line: number };
	submittedAt: number;
	finishedAt?: number;
	state: JobState;
	/** No more polling: it ended, failed to be followed, or was cancelled. */
	terminal: boolean;
	/** Why following stopped when the job itself did not end (Cancel, an error, a timeout). */
	stopped?: string;
	errors: Array<{ code?: string; message: string }>;
	/**
	 * Output labels, media types and where the job wrote them; their URLs and inline content are not
	 * stored, and are present only in the result of a script that waited for the job (finished with urls).
	 */
	outputs: OutputSummary[];
	polls: number;
}

/** One output of a job, as stored and shown. */
export interface OutputSummary {
	label: string;
	mediaType?: string;
	image?: boolean;
	video?: boolean;
	/** Where the job wrote it when there is no URL (a Creative Cloud path or file id). */
	location?: string;
	/** Only in a waiting script's result: the pre-signed URL, which expires. */
	url?: string;
	/** Only in a waiting script's result: the inline output. */
	content?: string;
}

/** The Jobs view as sending a request uses it (features/jobs/jobsView.ts implements it). */
export interface JobsService {
	start(
		ref: JobRef,
		meta: { title: string; profile?: string; profileId?: string; source?: { uri: string; line: number }; interactive: boolean },
	): JobSummary;
	finished(id: string, options?: { withUrls?: boolean }): Promise<JobSummary | undefined>;
}
