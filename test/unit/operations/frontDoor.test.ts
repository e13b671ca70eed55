import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { JobRef, JobStatus } from '../../../src/core/jobs';
import type { OperationOption, PendingOperation } from '../../../src/core/operations/types';
import {
	PENDING_KEY,
	ROUTES_KEY,
	followThroughJobs,
	forgetPending,
	optionProblem,
	pruneRoutes,
	readPending,
	rememberPending,
	routeMemory,
} from '../../../src/features/operations/operationState';
import type { JobSummary, JobsService } from '../../../src/shared/jobsService';

/** A Memento in memory (VS Code's: update(key, undefined) removes the key). */
function memento(initial: Record<string, unknown> = {}): vscode.Memento & { data: Record<string, unknown> } {
	const data: Record<string, unknown> = { ...initial };
	return {
		data,
		keys: () => Object.keys(data),
		get: <T>(key: string, fallback?: T) => (key in data ? (data[key] as T) : fallback) as T,
		update: async (key: string, value: unknown) => {
			if (value === undefined) delete data[key];
			else data[key] = value;
		},
	} as vscode.Memento & { data: Record<string, unknown> };
}

const pending = (statusUrl: string): PendingOperation => ({
	operation: 'photoshop.autoTone',
	options: {},
	file: { assetId: 'urn:aaid:sc:US:1', name: 'hero.jpg', mediaType: 'image/jpeg', parentId: 'urn:aaid:sc:US:p' },
	saveAs: 'beside',
	route: 'presignedUrl',
	job: { statusUrl, api: 'photoshopV2', jobId: statusUrl.split('/').pop() },
	submittedAt: 1,
});

describe('operations front door (features/operations): state, route memory, the Jobs view follow, option checks', () => {
	it('keeps pending operations newest first, replaces one by status URL, drops the key when the last is saved back', async () => {
		const state = memento();
		await rememberPending(state, pending('https://x/v2/status/a'));
		await rememberPending(state, pending('https://x/v2/status/b'));
		await rememberPending(state, { ...pending('https://x/v2/status/a'), saveAs: 'newVersion' });
		assert.deepEqual(
			readPending(state).map((p) => [p.job.jobId, p.saveAs]),
			[
				['a', 'newVersion'],
				['b', 'beside'],
			],
		);
		await forgetPending(state, 'https://x/v2/status/a');
		await forgetPending(state, 'https://x/v2/status/b');
		assert.deepEqual(state.keys(), [], 'no empty list left behind');
	});

	it('reads only well-formed pending records (a hand-edited or older state is ignored, not thrown on) and at most 20', () => {
		const good = Array.from({ length: 25 }, (_, i) => pending(`https://x/v2/status/${i}`));
		const state = memento({ [PENDING_KEY]: [{ operation: 7 }, null, { ...good[0], route: 'teleport' }, ...good] });
		const read = readPending(state);
		assert.equal(read.length, 20);
		assert.equal(read[0].job.jobId, '0');
		assert.deepEqual(readPending(memento({ [PENDING_KEY]: 'nonsense' })), []);
	});

	it('remembers the route per profile id, ignores an unknown route, and prunes profiles that are gone', () => {
		const state = memento();
		routeMemory(state, 'p1').set('presignedUrl');
		routeMemory(state, 'p2').set('creativeCloud');
		assert.equal(routeMemory(state, 'p1').get(), 'presignedUrl');
		assert.equal(routeMemory(state, 'p3').get(), undefined);
		state.data[ROUTES_KEY] = { ...(state.data[ROUTES_KEY] as object), p4: 'somewhere' };
		assert.equal(routeMemory(state, 'p4').get(), undefined);
		pruneRoutes(state, (id) => id === 'p2');
		assert.deepEqual(state.data[ROUTES_KEY], { p2: 'creativeCloud' });
		pruneRoutes(state, () => false);
		assert.deepEqual(state.keys(), [], 'globalState keeps nothing once no profile has a route');
	});

	describe('followThroughJobs', () => {
		const ref: JobRef = { statusUrl: 'https://x/v2/status/j1', jobId: 'j1', api: 'photoshopV2' };
		const done: JobStatus = {
			state: 'succeeded',
			terminal: true,
			outputs: [{ label: 'output 1', url: 'https://cdn/x?sig=1' }],
			errors: [],
			raw: {},
		};
		function fakeJobs(rows: JobSummary[], status: JobStatus | undefined, finished?: Partial<JobSummary>) {
			const calls: string[] = [];
			let release: () => void = () => undefined;
			const settled = new Promise<void>((resolve) => (release = resolve));
			const jobs: JobsService = {
				list: () => rows,
				start: (started, meta) => {
					calls.push(`start ${started.jobId} ${meta.title}`);
					const row = { id: 'new', statusUrl: started.statusUrl, terminal: false } as JobSummary;
					rows.push(row);
					return row;
				},
				status: async (id) => {
					calls.push(`status ${id}`);
					await settled;
					return status;
				},
				finished: async (id) => ({ id, ...finished }) as JobSummary,
				cancel: async (args) => {
					calls.push(`cancel ${args.id}`);
					release();
					return undefined;
				},
			};
			return { jobs, calls, release: () => release() };
		}

		it('starts the job in the Jobs view and resolves with its last status (outputs with their URLs)', async () => {
			const fake = fakeJobs([], done);
			const follow = followThroughJobs(fake.jobs, () => ({ title: 'Auto Tone · hero.jpg', interactive: false }));
			const result = follow(ref, new AbortController().signal);
			fake.release();
			assert.equal(await result, done);
			assert.deepEqual(fake.calls, ['start j1 Auto Tone · hero.jpg', 'status new']);
		});

		it('reuses the row a reload left following the same job; a row whose following was stopped is not reused', async () => {
			const live = fakeJobs([{ id: 'old', statusUrl: ref.statusUrl, terminal: false } as JobSummary], done);
			const follow = followThroughJobs(live.jobs, () => ({ title: 't', interactive: false }));
			const first = follow(ref, new AbortController().signal);
			live.release();
			await first;
			assert.deepEqual(live.calls, ['status old']);
			const stopped = fakeJobs(
				[{ id: 'old', statusUrl: ref.statusUrl, terminal: true, stopped: 'You stopped following this job.' } as JobSummary],
				done,
			);
			const again = followThroughJobs(stopped.jobs, () => ({ title: 't', interactive: false }))(ref, new AbortController().signal);
			stopped.release();
			await again;
			assert.deepEqual(stopped.calls, ['start j1 t', 'status new']);
		});

		it('Cancel (the signal) cancels the row in the Jobs view and rejects as cancelled', async () => {
			const fake = fakeJobs([], undefined, { stopped: 'You stopped following this job (Adobe may still finish it).' });
			const controller = new AbortController();
			const result = followThroughJobs(fake.jobs, () => ({ title: 't', interactive: false }))(ref, controller.signal);
			controller.abort();
			await assert.rejects(result, (error: Error & { kind?: string }) => error.kind === 'cancelled');
			assert.deepEqual(fake.calls, ['start j1 t', 'status new', 'cancel new']);
		});

		it('a job the user cancelled in the Jobs view rejects as cancelled; following that failed rejects with why', async () => {
			const cancelled = fakeJobs([], undefined, { state: 'canceled', stopped: 'You cancelled this job.' });
			const viaView = followThroughJobs(cancelled.jobs, () => ({ title: 't', interactive: false }))(ref, new AbortController().signal);
			cancelled.release();
			await assert.rejects(viaView, (error: Error & { kind?: string }) => error.kind === 'cancelled');
			const failed = fakeJobs([], undefined, { state: 'running', stopped: 'Stopped following: the status URL answered 500' });
			const broken = followThroughJobs(failed.jobs, () => ({ title: 't', interactive: false }))(ref, new AbortController().signal);
			failed.release();
			await assert.rejects(broken, /answered 500/);
		});
	});

	it("checks a typed option against Adobe's bounds as the form's input box does", () => {
		const number: OperationOption = { key: 'quality', label: 'Quality', kind: 'number', min: 1, max: 12 };
		assert.equal(optionProblem(number, '7'), undefined);
		assert.equal(optionProblem(number, ''), undefined, 'optional: empty leaves Adobe the default');
		assert.match(optionProblem(number, '13') ?? '', /at most 12/);
		assert.match(optionProblem(number, '0') ?? '', /at least 1/);
		assert.match(optionProblem(number, 'seven') ?? '', /a number/);
		const prompt: OperationOption = { key: 'prompt', label: 'Prompt', kind: 'text', required: true, maxLength: 5 };
		assert.match(optionProblem(prompt, '  ') ?? '', /required/);
		assert.match(optionProblem(prompt, 'sunset') ?? '', /at most 5 characters \(6 now\)/);
		assert.equal(optionProblem(prompt, 'sun'), undefined);
	});
});
