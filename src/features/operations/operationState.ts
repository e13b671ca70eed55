/**
 * What an operation on a storage file keeps in VS Code's state (issue #20), the job's path through the
 * Jobs view, and the form's check of a typed option (no `vscode` at run time: unit-tested as it is):
 * - the PendingOperation of each submitted job, in workspaceState, so a reload finishes its save-back
 *   (identities only: core/operations/types.ts says what it holds; never a token or a pre-signed URL);
 * - the input route that worked last, per profile, in globalState (RouteMemory);
 * - OperationDeps.follow through the Jobs view (shared/requestsHost.ts JobsService), so the job shows
 *   there, is polled once, and Cancel in the view stops the operation too.
 */
import type * as vscode from 'vscode';
import { AdobeApiError } from '../../core/common/errors';
import type { JobRef, JobStatus } from '../../core/jobs';
import type { InputRoute, OperationOption, PendingOperation, RouteMemory } from '../../core/operations/types';
import { OPERATIONS_PENDING_KEY } from '../../shared/constants';
import type { JobsService } from '../../shared/jobsService';

/** workspaceState: the operations submitted and not yet saved back. globalState: the route per profile id. */
export const PENDING_KEY = OPERATIONS_PENDING_KEY;
export const ROUTES_KEY = 'adobeApi.operations.routes';
/** More pending operations than this in one workspace: the oldest are dropped (their jobs stay in the Jobs view). */
const MAX_PENDING = 20;
const ROUTES: readonly InputRoute[] = ['creativeCloud', 'presignedUrl', 'fireflyUpload'];

export function readPending(state: vscode.Memento): PendingOperation[] {
	const stored = state.get<unknown>(PENDING_KEY);
	return Array.isArray(stored) ? (stored.filter(isPending) as PendingOperation[]).slice(0, MAX_PENDING) : [];
}

/** Adds (or replaces, by status URL) a pending operation: newest first. */
export async function rememberPending(state: vscode.Memento, pending: PendingOperation): Promise<void> {
	const kept = readPending(state).filter((p) => p.job.statusUrl !== pending.job.statusUrl);
	await state.update(PENDING_KEY, [pending, ...kept].slice(0, MAX_PENDING));
}

export async function forgetPending(state: vscode.Memento, statusUrl: string): Promise<void> {
	const all = readPending(state);
	const kept = all.filter((p) => p.job.statusUrl !== statusUrl);
	if (kept.length !== all.length) await state.update(PENDING_KEY, kept.length > 0 ? kept : undefined);
}

function isPending(value: unknown): boolean {
	const p = value as Partial<PendingOperation> | null;
	return (
		typeof p === 'object' &&
		p !== null &&
		typeof p.operation === 'string' &&
		typeof p.file?.assetId === 'string' &&
		typeof p.job?.statusUrl === 'string' &&
		(p.saveAs === 'beside' || p.saveAs === 'newVersion') &&
		ROUTES.includes(p.route as InputRoute)
	);
}

/** The route that worked last for a profile (globalState holds `{ [profileId]: route }`, nothing else). */
export function routeMemory(state: vscode.Memento, profileId: string): RouteMemory {
	const all = () => (state.get<Record<string, InputRoute>>(ROUTES_KEY) ?? {}) as Record<string, unknown>;
	return {
		get: () => {
			const route = all()[profileId];
			return ROUTES.includes(route as InputRoute) ? (route as InputRoute) : undefined;
		},
		set: (route) => {
			if (all()[profileId] !== route) void state.update(ROUTES_KEY, { ...all(), [profileId]: route });
		},
	};
}

/** Drops the routes of profiles that are gone; the key itself when none is left (globalState keeps nothing unneeded). */
export function pruneRoutes(state: vscode.Memento, exists: (profileId: string) => boolean): void {
	const all = state.get<Record<string, unknown>>(ROUTES_KEY);
	if (!all) return;
	const kept = Object.fromEntries(Object.entries(all).filter(([id]) => exists(id)));
	if (Object.keys(kept).length !== Object.keys(all).length) void state.update(ROUTES_KEY, Object.keys(kept).length > 0 ? kept : undefined);
}

/** How a route is said to the user: in the progress, the Jobs view's title and the completion message. */
export const ROUTE_WORDS: Record<InputRoute, string> = {
	creativeCloud: 'Creative Cloud directly',
	presignedUrl: 'a pre-signed URL',
	fireflyUpload: "Firefly's upload",
};

/**
 * OperationDeps.follow through the Jobs view: a job the view already follows (a resume after a reload)
 * is awaited there; otherwise it is started there. Aborting the signal cancels it in the view (which asks
 * Adobe to cancel where the API can); a job the user cancelled or stopped in the view rejects as cancelled,
 * so nothing is saved.
 */
export function followThroughJobs(
	jobs: JobsService,
	meta: () => { title: string; profile?: string; profileId?: string; interactive: boolean },
): (job: JobRef, signal: AbortSignal) => Promise<JobStatus> {
	return async (ref, signal) => {
		// A row whose following was stopped (Cancel, a closing window) is not reused: a resume follows the job afresh.
		const existing = jobs.list().find((job) => job.statusUrl === ref.statusUrl && job.stopped === undefined);
		const id = existing?.id ?? jobs.start(ref, meta()).id;
		const stop = () => void jobs.cancel({ id }).catch(() => undefined);
		if (signal.aborted) stop();
		signal.addEventListener('abort', stop);
		try {
			const status = await jobs.status(id);
			if (signal.aborted) throw cancelled();
			if (status) return status;
			const summary = await jobs.finished(id);
			// The view's words for a Cancel there (jobsView.ts): "You stopped following…", "You cancelled this job."
			if (summary?.state === 'canceled' || /^You (stopped following|cancelled)/.test(summary?.stopped ?? '')) throw cancelled();
			throw new AdobeApiError(summary?.stopped ?? 'The job is no longer in the Jobs view.', { kind: 'badResponse' });
		} finally {
			signal.removeEventListener('abort', stop);
		}
	};
}

function cancelled(): AdobeApiError {
	return new AdobeApiError('Cancelled: nothing was saved, and the file was left as it was.', { kind: 'cancelled' });
}

/** What is wrong with what was typed, by the option's kind and Adobe's bounds; undefined when it is fine. */
export function optionProblem(option: OperationOption, value: string): string | undefined {
	const trimmed = value.trim();
	if (trimmed === '') return option.required ? `${option.label} is required.` : undefined;
	if (option.kind === 'number') {
		const number = Number(trimmed);
		if (!Number.isFinite(number)) return `${option.label}: a number.`;
		if (option.min !== undefined && number < option.min) return `${option.label}: at least ${option.min}.`;
		if (option.max !== undefined && number > option.max) return `${option.label}: at most ${option.max}.`;
		return undefined;
	}
	if (option.maxLength !== undefined && value.length > option.maxLength) {
		return `${option.label}: at most ${option.maxLength} characters (${value.length} now).`;
	}
	return undefined;
}
