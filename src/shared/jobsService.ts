/**
 * The Jobs view as other code uses it (features/jobs/jobsView.ts implements it): sending a request, and
 * the operations on a storage file (features/operations), which reach it through ExtensionServices.jobs.
 * Types only, apart from requestsHost.ts so that services.ts can name it without an import cycle.
 */
import type { JobApi, JobRef, JobState, JobStatus } from '../core/jobs';

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
	list(): JobSummary[];
	/** Stops following a job (and asks Adobe to cancel it where the API can). */
	cancel(args: { id: string }): Promise<JobSummary | undefined>;
	/**
	 * The job's last status as followJob read it, once following stopped (outputs with their URLs): in memory
	 * only, for the operations' save-back (features/operations); polled once again for a job a reload restored
	 * finished. Undefined when following stopped without an answer (Cancel, an error).
	 */
	status(id: string): Promise<JobStatus | undefined>;
}
