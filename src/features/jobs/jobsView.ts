/**
 * The Jobs view: async jobs that request files started (Firefly images, videos and upscales,
 * Photoshop v1 and v2, InDesign, Cloud Storage), followed by core/jobs/follow.ts followJob until they
 * end, fail or the user cancels; each labelled by the API that issued it. Jobs are kept in
 * workspaceState so a reload finds them and polls the unfinished ones again. What is kept is the
 * job's identity and state, never a token, never an output URL and never inline output: Adobe's
 * outputs are pre-signed URLs that work for anyone who has them, so they stay in memory (a script
 * that waited for the job gets them in its result), and a job restored after a reload fetches them
 * again with one poll when it is expanded. An output written to Creative Cloud has no URL: the view
 * shows where it went.
 */
import * as vscode from 'vscode';
import { Commands, OPERATIONS_PENDING_KEY, StorageCommands, WorkspaceStateKeys } from '../../shared/constants';
import type { FollowJobDeps, FollowJobOptions, JobApi, JobOutput, JobRef, JobStatus } from '../../core/jobs';
import { AdobeApiError, invalidInput } from '../../core/common/errors';
import { requestEndpoints, withoutQuery } from '../../core/common/endpoints';
import { LIMIT_FORMAT, formatBytes, formatMoment } from '../../core/common/format';
import { jobTooltipMarkdown } from './jobTooltip';
import { systemClock } from '../../core/common/logger';
import { PreviewFolder } from '../../core/common/previewFolder';
import { requireCredentialOrigin } from '../../core/requests/origins';
import { isCancellation, messageOf } from '../../shared/errorUi';
import { withCancellableProgress } from '../../shared/progress';
import type { JobsService, JobSummary, OutputSummary, RequestsHost } from '../../shared/requestsHost';
import { imageExtension } from '../../shared/responseDocuments';

export type { JobSummary, OutputSummary } from '../../shared/requestsHost';
import { approvedOrigins } from '../../shared/settings';

/** A job that ran longer than this gets a notification when it ends. */
const LONG_JOB_MS = 10_000;
/** Jobs kept in the view; the oldest finished ones go first. */
const MAX_JOBS = 50;

interface LiveJob extends JobSummary {
	element?: JobElement;
	liveOutputs?: JobOutput[];
	/** The last status read, outputs' URLs included: in memory only (JobsService.status). */
	lastStatus?: JobStatus;
	refetching?: Promise<void>;
	controller?: AbortController;
	done?: Promise<void>;
	interactive: boolean;
}

type JobElement =
	| { kind: 'job'; job: LiveJob }
	| { kind: 'output'; job: LiveJob; index: number }
	| { kind: 'detail'; job: LiveJob; text: string; icon: string };

export class JobsView implements vscode.Disposable, JobsService {
	private readonly jobs: LiveJob[];
	private readonly downloads = new PreviewFolder();
	/** Aborts every poll when the extension stops. */
	private readonly disposed = new AbortController();
	private ticker: ReturnType<typeof setInterval> | undefined;

	constructor(private readonly host: RequestsHost) {
		const stored = host.context.workspaceState.get<JobSummary[]>(WorkspaceStateKeys.jobs);
		this.jobs = (Array.isArray(stored) ? stored : []).map((job) => ({
			...job,
			outputs: job.outputs ?? [],
			errors: job.errors ?? [],
			interactive: true,
		}));
	}

	list(): JobSummary[] {
		return this.jobs.map((job) => this.summaryOf(job));
	}

	/** Starts following a job an answer announced; returns at once. */
	start(
		ref: JobRef,
		meta: { title: string; profile?: string; profileId?: string; source?: { uri: string; line: number }; interactive: boolean },
	): JobSummary {
		const job: LiveJob = {
			id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
			title: meta.title,
			api: ref.api,
			jobId: ref.jobId,
			statusUrl: ref.statusUrl,
			cancelUrl: ref.cancelUrl,
			profile: meta.profile,
			profileId: meta.profileId,
			source: meta.source,
			submittedAt: Date.now(),
			state: 'pending',
			terminal: false,
			errors: [],
			outputs: [],
			polls: 0,
			interactive: meta.interactive,
		};
		this.jobs.unshift(job);
		this.trim();
		this.follow(job);
		if (meta.interactive) this.host.revealJob(this.elementOf(job));
		return this.summaryOf(job);
	}

	/**
	 * Resolves with the job once following it has stopped. `withUrls`: its outputs as the last poll
	 * gave them, pre-signed URLs and inline content included, for a script that waited to fetch them
	 * (the summary the view stores never has them).
	 */
	async finished(id: string, options: { withUrls?: boolean } = {}): Promise<JobSummary | undefined> {
		const job = this.jobs.find((j) => j.id === id);
		await job?.done;
		if (!job) return undefined;
		const summary = this.summaryOf(job);
		if (!options.withUrls || !job.liveOutputs) return summary;
		const outputs = job.liveOutputs.map((output) => ({
			...summaryOfOutput(output),
			...(output.url ? { url: output.url } : {}),
			...(output.content !== undefined ? { content: output.content } : {}),
		}));
		return { ...summary, outputs };
	}

	async status(id: string): Promise<JobStatus | undefined> {
		const job = this.jobs.find((j) => j.id === id);
		await job?.done;
		if (job?.terminal && !job.lastStatus && !job.stopped) {
			job.refetching ??= this.refetchOutputs(job);
			await job.refetching;
		}
		return job?.lastStatus;
	}

	/** Polls again the jobs an earlier window left unfinished. */
	async resume(): Promise<void> {
		// The profiles are read from SecretStorage after activation: the jobs' profiles must be known first.
		await this.host.services.profiles.ready();
		for (const job of this.jobs) if (!job.terminal && !job.controller) this.follow(job);
		this.changed();
		// An operation on a storage file that the reload interrupted finishes its save-back (features/operations, issue #20).
		if (this.host.context.workspaceState.get(OPERATIONS_PENDING_KEY)) {
			void vscode.commands.executeCommand(StorageCommands.runOperation, { resume: true }).then(undefined, () => undefined);
		}
	}

	/**
	 * Stops polling at once and, where Adobe has a cancel call (Firefly's cancelUrl), asks Adobe to
	 * cancel the job too; resolves once following has stopped.
	 */
	async cancel(args: unknown): Promise<JobSummary | undefined> {
		const job = this.jobOf(args);
		if (!job || job.terminal) return job && this.summaryOf(job);
		job.controller?.abort();
		await job.done;
		// A job restored after a reload and not polled yet has no follow to stop: it ends here too.
		job.terminal = true;
		job.finishedAt ??= Date.now();
		job.stopped ??= 'You stopped following this job (Adobe may still finish it).';
		if (job.cancelUrl) {
			try {
				const accepted = await this.host.network().cancelJob(this.refOf(job), this.followDeps(job, new AbortController().signal));
				if (accepted) {
					job.state = 'canceled';
					job.stopped = 'You cancelled this job.';
				}
			} catch (error) {
				job.stopped = `You stopped following this job; Adobe did not confirm cancelling it: ${this.host.services.log.redact(messageOf(error))}`;
			}
			this.changed();
		}
		return this.summaryOf(job);
	}

	remove(args: unknown): void {
		const job = this.jobOf(args);
		if (!job) return;
		job.controller?.abort();
		this.jobs.splice(this.jobs.indexOf(job), 1);
		this.changed();
	}

	clearFinished(): void {
		for (let i = this.jobs.length - 1; i >= 0; i--) if (this.jobs[i].terminal) this.jobs.splice(i, 1);
		this.changed();
	}

	/**
	 * Opens an output: images in VS Code's image preview, inline output in an editor, anything else
	 * (a video, a document) in the browser. An output written to Creative Cloud has nothing to open here.
	 */
	async openOutput(args: unknown): Promise<{ path?: string; opened: 'preview' | 'browser' | 'editor' } | undefined> {
		const element = args as JobElement | { job?: string; index?: number } | undefined;
		const job = element && 'kind' in element ? element.job : this.jobs.find((j) => j.id === (element as { job?: string } | undefined)?.job);
		const index = element && 'index' in element && typeof element.index === 'number' ? element.index : 0;
		const output = job?.liveOutputs?.[index];
		if (!job || !output) {
			throw invalidInput('That output is no longer known: expand the job again to fetch its outputs.');
		}
		if (output.content !== undefined) {
			const json = output.mediaType === 'application/json';
			const document = await vscode.workspace.openTextDocument({ language: json ? 'json' : 'plaintext', content: output.content });
			await vscode.window.showTextDocument(document, { preview: true });
			return { opened: 'editor' };
		}
		if (!output.url) {
			throw invalidInput(
				`${output.label} has no URL to open: ${output.location ? `the job wrote it to ${output.location}` : 'the job did not give one'}.`,
			);
		}
		const url = output.url;
		if (isImage(output)) {
			const { services } = this.host;
			const file = `${job.title}-${index + 1}`.replace(/[^\w.-]/g, '_');
			const destination = this.downloads.pathFor(`${file}.${extensionOf(output.mediaType, url)}`);
			const host = new URL(url).host;
			const { MAX_BINARY_BODY_BYTES } = this.host.network();
			await withCancellableProgress(`Adobe: fetching ${output.label}…`, async (signal) => {
				const capped = new AbortController();
				const stop = () => capped.abort();
				signal.addEventListener('abort', stop);
				try {
					// A pre-signed URL: downloaded without credentials (http.download sends none), and no bigger than a rendition may be.
					await services.clients.get().http.download({ service: 'photoshop', url, signal: capped.signal }, destination, (received) => {
						if (received > MAX_BINARY_BODY_BYTES) capped.abort();
					});
				} catch (error) {
					if (capped.signal.aborted && !signal.aborted) {
						throw new AdobeApiError(
							`${host} sent more than ${formatBytes(MAX_BINARY_BODY_BYTES, LIMIT_FORMAT)} for one output image; it was not opened.`,
							{ kind: 'badResponse' },
						);
					}
					throw error;
				} finally {
					signal.removeEventListener('abort', stop);
				}
			});
			await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(destination), { preview: true });
			return { path: destination, opened: 'preview' };
		}
		await vscode.env.openExternal(vscode.Uri.parse(url, true));
		return { opened: 'browser' };
	}

	getChildren(element?: unknown): JobElement[] | Promise<JobElement[]> {
		if (!element) return this.jobs.map((job) => this.elementOf(job));
		const el = element as JobElement;
		if (el.kind !== 'job') return [];
		return this.childrenOf(el.job);
	}

	getParent(element: unknown): JobElement | undefined {
		const el = element as JobElement;
		return el.kind === 'job' ? undefined : this.elementOf(el.job);
	}

	/** One element object per job, so VS Code can find it again (reveal). */
	private elementOf(job: LiveJob): JobElement {
		job.element ??= { kind: 'job', job };
		return job.element;
	}

	getTreeItem(element: unknown): vscode.TreeItem {
		const el = element as JobElement;
		if (el.kind === 'output') {
			const output: OutputSummary = el.job.liveOutputs?.[el.index] ?? el.job.outputs[el.index];
			const item = new vscode.TreeItem(output.label, vscode.TreeItemCollapsibleState.None);
			if (output.url === undefined && output.content === undefined) {
				// Written to Creative Cloud: nothing to fetch, the row says where it is.
				item.description = [output.mediaType, output.location].filter(Boolean).join(' · ');
				item.iconPath = new vscode.ThemeIcon('cloud');
				item.tooltip = output.location ? `Written to ${output.location}` : 'The job gave no URL for this output';
				item.contextValue = 'job.output.stored';
				return item;
			}
			const inline = output.content !== undefined;
			item.description = inline ? [output.mediaType, 'inline'].filter(Boolean).join(' · ') : output.mediaType;
			item.iconPath = new vscode.ThemeIcon(
				inline ? 'file-code' : isImage(output) ? 'file-media' : output.video ? 'device-camera-video' : 'link-external',
			);
			item.contextValue = 'job.output';
			item.tooltip = inline
				? 'Open in an editor (the job answered it inline)'
				: isImage(output)
					? "Open in VS Code's image preview (a pre-signed URL: downloaded without your token)"
					: 'Open in the browser (a pre-signed URL that expires)';
			item.command = { title: 'Open Output', command: Commands.jobsOpenOutput, arguments: [el] };
			return item;
		}
		if (el.kind === 'detail') {
			const item = new vscode.TreeItem(el.text, vscode.TreeItemCollapsibleState.None);
			item.iconPath = new vscode.ThemeIcon(el.icon);
			item.tooltip = el.text;
			return item;
		}
		const { job } = el;
		const hasChildren = job.terminal && (job.outputs.length > 0 || job.errors.length > 0 || job.stopped !== undefined);
		const item = new vscode.TreeItem(
			job.title,
			hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
		);
		const elapsed = formatElapsed((job.finishedAt ?? Date.now()) - job.submittedAt);
		const state = stateLabel(job);
		// A new id once it ends, so VS Code shows the finished job expanded instead of keeping the running row's state.
		item.id = `${job.id}${job.terminal ? ':done' : ''}`;
		item.description = `${API_LABELS[job.api]} · ${state} · ${elapsed}`;
		item.iconPath = iconOf(job);
		item.contextValue = job.terminal ? 'job.finished' : 'job.running';
		item.accessibilityInformation = { label: `${job.title}, ${API_LABELS[job.api]} job, ${state}, ${elapsed}` };
		const { title, jobId, statusUrl, polls, profile, terminal } = job;
		const started = formatMoment(job.submittedAt, Date.now());
		const tooltip = { title, apiLabel: API_LABELS[job.api], state, jobId, statusUrl, polls, profile, started, elapsed, terminal };
		item.tooltip = new vscode.MarkdownString(jobTooltipMarkdown(tooltip), true);
		return item;
	}

	dispose(): void {
		for (const job of this.jobs) job.controller?.abort();
		this.disposed.abort();
		if (this.ticker) clearInterval(this.ticker);
		this.downloads.dispose();
	}

	private async childrenOf(job: LiveJob): Promise<JobElement[]> {
		// Restored after a reload: the outputs' URLs were not stored, so one poll (one at a time) fetches them again.
		if (job.terminal && job.outputs.length > 0 && !job.liveOutputs && !job.stopped) {
			job.refetching ??= this.refetchOutputs(job);
			await job.refetching;
		}
		const details: JobElement[] = [];
		if (job.stopped) details.push({ kind: 'detail', job, text: job.stopped, icon: 'debug-disconnect' });
		for (const error of job.errors) {
			details.push({ kind: 'detail', job, text: error.code ? `${error.code}: ${error.message}` : error.message, icon: 'error' });
		}
		const outputs = job.liveOutputs ?? [];
		return [...details, ...outputs.map((_, index) => ({ kind: 'output' as const, job, index }))];
	}

	private follow(job: LiveJob): void {
		const controller = new AbortController();
		job.controller = controller;
		this.startTicker();
		// The 30-minute budget counts from the submit, across reloads, so a job is not followed without end.
		const remaining = this.host.network().JOB_DEFAULTS.deadlineMs - (Date.now() - job.submittedAt);
		job.done = this.poll(job, controller.signal, { deadlineMs: Math.max(0, remaining) })
			.then((status) => {
				this.settle(job, status);
				if (job.interactive && Date.now() - job.submittedAt >= LONG_JOB_MS) this.announce(job);
			})
			.catch((error: unknown) => {
				job.terminal = true;
				job.finishedAt = Date.now();
				job.stopped = isCancellation(error)
					? 'You stopped following this job (Adobe may still finish it).'
					: `Stopped following: ${this.host.services.log.redact(messageOf(error))}`;
				this.host.services.log.warn(`[jobs] ${job.title}: ${job.stopped}`);
			})
			.finally(() => {
				job.controller = undefined;
				this.changed();
			});
		this.changed();
	}

	private poll(job: LiveJob, signal: AbortSignal, options: FollowJobOptions): Promise<JobStatus> {
		try {
			return this.host.network().followJob(this.refOf(job), this.followDeps(job, signal), options);
		} catch (error) {
			return Promise.reject(error);
		}
	}

	private refOf(job: LiveJob): JobRef {
		return { statusUrl: job.statusUrl, cancelUrl: job.cancelUrl, jobId: job.jobId, api: job.api };
	}

	/** The profile's token and API key for each poll, and the origin rule for the URLs a server gave. */
	private followDeps(job: LiveJob, signal: AbortSignal): FollowJobDeps {
		const { services } = this.host;
		const profile = job.profileId ? services.profiles.find(job.profileId) : services.profiles.active();
		if (!profile) {
			throw invalidInput(`The profile "${job.profile ?? '(active)'}" is gone, so the job cannot be polled with its token.`);
		}
		const clients = services.clients.get();
		return {
			http: clients.http,
			clock: systemClock,
			signal,
			authHeaders: async (forceRefresh, pollSignal) => {
				const token = await services.tokens.getToken(profile.id, { forceRefresh, signal: pollSignal });
				const { clientId } = await services.profiles.credential(profile.id);
				return { authorization: `Bearer ${token.accessToken}`, 'x-api-key': clientId };
			},
			// The status URL came from a server: it gets the token only where a request file's own URL would.
			checkOrigin: async (url) =>
				requireCredentialOrigin(url, requestEndpoints(clients.endpoints), approvedOrigins(), "the job's status request"),
			onUpdate: (status, polls) => {
				job.state = status.state;
				job.polls = polls;
				this.changed();
			},
		};
	}

	private settle(job: LiveJob, status: JobStatus): void {
		job.lastStatus = status;
		job.state = status.state;
		job.terminal = true;
		job.finishedAt ??= Date.now();
		const redact = this.host.services.log.redact;
		job.errors = status.errors.map((error) => ({
			code: error.code === undefined ? undefined : redact(error.code),
			message: redact(error.message),
		}));
		// A Creative Cloud path or inline output is the server's text: shown redacted like its errors.
		job.liveOutputs = status.outputs.map((output) => ({
			...output,
			label: redact(output.label),
			...(output.location !== undefined ? { location: redact(output.location) } : {}),
			...(output.content !== undefined ? { content: redact(output.content) } : {}),
		}));
		job.outputs = job.liveOutputs.map(summaryOfOutput);
		this.host.services.log.info(`[jobs] ${job.title}: ${job.state} after ${job.polls} polls, ${job.outputs.length} outputs`);
	}

	private async refetchOutputs(job: LiveJob): Promise<void> {
		try {
			await this.host.services.profiles.ready();
			const status = await this.poll(job, this.disposed.signal, { maxPolls: 1, firstDelayMs: 0 });
			const finishedAt = job.finishedAt;
			this.settle(job, status);
			job.finishedAt = finishedAt;
		} catch (error) {
			job.stopped = `Its outputs could not be fetched again: ${this.host.services.log.redact(messageOf(error))}`;
		}
	}

	private announce(job: LiveJob): void {
		const message = `${job.title}: ${stateLabel(job)} after ${formatElapsed((job.finishedAt ?? Date.now()) - job.submittedAt)}.`;
		// The first output there is something to open for (one written to Creative Cloud has none).
		const first = job.liveOutputs?.findIndex((output) => output.url !== undefined || output.content !== undefined) ?? -1;
		const open = first >= 0 ? 'Open Output' : undefined;
		const show = job.state === 'succeeded' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
		void show(message, ...(open ? [open] : []), 'Show Jobs').then((choice) => {
			if (choice === open) void vscode.commands.executeCommand(Commands.jobsOpenOutput, { kind: 'output', job, index: first });
			else if (choice) void vscode.commands.executeCommand('adobeApi.jobs.focus');
		});
	}

	private jobOf(args: unknown): LiveJob | undefined {
		if (args && typeof args === 'object' && 'kind' in args && (args as JobElement).kind === 'job') {
			return (args as unknown as { job: LiveJob }).job;
		}
		const id = args && typeof args === 'object' && 'id' in args ? (args as { id: unknown }).id : undefined;
		if (typeof id !== 'string') throw invalidInput('Pick a job in the Jobs view, or pass { id }.');
		const job = this.jobs.find((j) => j.id === id);
		if (!job) throw invalidInput(`There is no job ${id} in the Jobs view.`);
		return job;
	}

	private summaryOf(job: LiveJob): JobSummary {
		return {
			id: job.id,
			title: job.title,
			api: job.api,
			jobId: job.jobId,
			statusUrl: job.statusUrl,
			cancelUrl: job.cancelUrl,
			profile: job.profile,
			profileId: job.profileId,
			source: job.source,
			submittedAt: job.submittedAt,
			finishedAt: job.finishedAt,
			state: job.state,
			terminal: job.terminal,
			stopped: job.stopped,
			errors: job.errors,
			outputs: job.outputs,
			polls: job.polls,
		};
	}

	private trim(): void {
		while (this.jobs.length > MAX_JOBS) {
			const oldest = [...this.jobs].reverse().find((job) => job.terminal) ?? this.jobs[this.jobs.length - 1];
			oldest.controller?.abort();
			this.jobs.splice(this.jobs.indexOf(oldest), 1);
		}
	}

	private changed(): void {
		void this.host.context.workspaceState.update(
			WorkspaceStateKeys.jobs,
			this.jobs.map((job) => this.summaryOf(job)),
		);
		this.host.jobsChanged.fire();
		if (!this.jobs.some((job) => !job.terminal) && this.ticker) {
			clearInterval(this.ticker);
			this.ticker = undefined;
		}
	}

	/** While a job runs, its elapsed time in the view moves on once a second. */
	private startTicker(): void {
		this.ticker ??= setInterval(() => this.host.jobsChanged.fire(), 1000);
	}
}

const API_LABELS: Record<JobApi, string> = {
	firefly: 'Firefly',
	photoshop: 'Photoshop',
	photoshopV2: 'Photoshop v2',
	indesign: 'InDesign',
	cloudStorage: 'Cloud Storage',
	other: 'Async',
};

function stateLabel(job: JobSummary): string {
	if (job.stopped && !['succeeded', 'failed', 'canceled', 'partially_succeeded'].includes(job.state)) return 'stopped following';
	return job.state.replace('_', ' ');
}

function iconOf(job: JobSummary): vscode.ThemeIcon {
	if (job.stopped && stateLabel(job) === 'stopped following') return new vscode.ThemeIcon('debug-disconnect');
	switch (job.state) {
		case 'succeeded':
			return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
		case 'failed':
			return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
		case 'partially_succeeded':
			return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
		case 'canceled':
			return new vscode.ThemeIcon('circle-slash');
		case 'running':
			return new vscode.ThemeIcon('sync~spin');
		default:
			return new vscode.ThemeIcon('clock');
	}
}

export function formatElapsed(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
	return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

function isImage(output: { url?: string; mediaType?: string; image?: boolean }): boolean {
	return (
		output.image === true || /^image\//.test(output.mediaType ?? '') || /\.(png|jpe?g|gif|webp)$/i.test(withoutQuery(output.url ?? ''))
	);
}

function extensionOf(mediaType: string | undefined, url: string): string {
	return imageExtension(mediaType) ?? /\.(png|jpe?g|gif|webp)$/i.exec(withoutQuery(url))?.[1].toLowerCase() ?? 'png';
}

/** What is kept of an output: never its URL or inline content. */
function summaryOfOutput(output: JobOutput): OutputSummary {
	return {
		label: output.label,
		...(output.mediaType ? { mediaType: output.mediaType } : {}),
		...(output.image ? { image: true } : {}),
		...(output.video ? { video: true } : {}),
		...(output.location ? { location: output.location } : {}),
	};
}
