/**
 * The one doubling test: `work` on an input of size about 2n takes about twice the time it takes on size
 * n, never the four times a quadratic cost gives. Every linearity test of the unit suite calls it, so
 * the way it measures on a loaded machine and the bounds it checks are written once.
 *
 * How it measures: the fastest of several runs (a load spike on the shared machine only ever adds time,
 * so the minimum is the run it disturbed least), the two sizes' runs interleaved (the shared host has
 * slow spells of seconds, a third slower throughout: timing one size after the other, such a spell could
 * fall on the smaller one only and flatter a quadratic cost, seen in a cold run), up to five attempts: a
 * busy spell can spoil one attempt, but a quadratic cost passes none of them.
 */
import * as assert from 'node:assert/strict';

/** Attempts, each timing both sizes: a linear cost needs to pass one, a quadratic one fails all. */
const ATTEMPTS = 5;
/** Each time is the fastest of at least this many runs… */
const MIN_RUNS = 5;
/**
 * …lasting at least this long together (on a loaded machine most runs of a few ms are interrupted)…
 * On the CPU clock each run is already a batch of at least `cpuBatchMs`, and MIN_RUNS of them suffice.
 */
const MIN_TOTAL_MS = 300;
/** …and at most this many runs, for work of microseconds. */
const MAX_RUNS = 2000;

export interface LinearBounds {
	/** Time(2n) / time(n) must stay under this; a quadratic cost gives 4. */
	maxRatio?: number;
	/**
	 * And the time of one run on the larger input, in ms, under this: a bound far above the linear cost
	 * and far below the quadratic one, for a load spell long enough to flatter a quadratic ratio.
	 */
	maxLargeMs?: number;
	/**
	 * Time this process's CPU time instead of the wall clock, over batches of calls that take at least
	 * this many ms on the smaller input (the CPU clock's ticks are too coarse for one call of
	 * microseconds): the other processes of a loaded machine then do not count.
	 */
	cpuBatchMs?: number;
	/**
	 * The size n is not the text's length (a chain of n / 20 variables whose names grow with it), so the
	 * second text need not be twice as long as the first. Otherwise a string input must be 1.9 to 2.1
	 * times as long, or the test would not measure what it says.
	 */
	sizeIsNotLength?: boolean;
}

type Work<T> = (input: T) => unknown;

/**
 * Fails unless doubling the input from `make(n)` to `make(2 * n)` keeps the time of `work` within the
 * bounds (by default: under 3× as long). When `work` returns a promise, its settling is timed too.
 */
export async function assertLinear<T>(
	name: string,
	make: (n: number) => T,
	work: Work<T>,
	n: number,
	bounds: LinearBounds = {},
): Promise<void> {
	const { maxRatio = 3, maxLargeMs = Infinity, cpuBatchMs, sizeIsNotLength = false } = bounds;
	const small = make(n);
	const large = make(2 * n);
	if (typeof small === 'string' && typeof large === 'string' && !sizeIsNotLength) {
		assert.ok(large.length >= 1.9 * small.length && large.length <= 2.1 * small.length, `${name}: the second input is twice the first`);
	}
	// Compiled and warmed before anything is timed.
	await work(small);
	await work(large);
	let batch = 1;
	if (cpuBatchMs !== undefined) while ((await cpuMs(work, small, batch)) < cpuBatchMs) batch *= 2;
	const ratios: string[] = [];
	for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
		const [tSmall, tLarge] = await fastest(work, small, large, batch, cpuBatchMs !== undefined);
		ratios.push(`${tSmall.toFixed(3)} → ${tLarge.toFixed(3)} ms (×${(tLarge / tSmall).toFixed(2)})`);
		if (tLarge / tSmall < maxRatio && tLarge < maxLargeMs) return;
	}
	const sizes =
		typeof small === 'string' && typeof large === 'string' ? `${small.length} then ${large.length} characters` : `n = ${n} then ${2 * n}`;
	const bound = `linear is ×2 (bound ×${maxRatio}${maxLargeMs < Infinity ? ` and ${maxLargeMs} ms` : ''}), quadratic ×4`;
	assert.fail(`${name}: ${sizes}${batch > 1 ? `, CPU time per call over ${batch} calls,` : ''} took ${ratios.join(', ')}; ${bound}`);
}

/**
 * The fastest run of `batch` calls of `work` on each input, in ms per call, the two inputs' runs taken in
 * turn: at least MIN_RUNS runs of each (and MIN_TOTAL_MS on the wall clock, for both together twice).
 */
async function fastest<T>(work: Work<T>, small: T, large: T, batch: number, cpu: boolean): Promise<[number, number]> {
	let bestSmall = Infinity;
	let bestLarge = Infinity;
	const time = async (input: T) => (cpu ? await cpuMs(work, input, batch) : await wallMs(work, input)) / batch;
	const started = Date.now();
	const more = (runs: number) => runs < MIN_RUNS || (!cpu && Date.now() - started < 2 * MIN_TOTAL_MS && runs < MAX_RUNS);
	for (let runs = 0; more(runs); runs++) {
		bestSmall = Math.min(bestSmall, await time(small));
		bestLarge = Math.min(bestLarge, await time(large));
	}
	return [bestSmall, bestLarge];
}

/** Wall-clock ms of one call; a synchronous `work` is timed without an `await` inside the measurement. */
async function wallMs<T>(work: Work<T>, input: T): Promise<number> {
	const t0 = process.hrtime.bigint();
	const result = work(input);
	if (result instanceof Promise) await result;
	return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** This process's CPU ms for `times` calls of `work(input)`. */
async function cpuMs<T>(work: Work<T>, input: T, times: number): Promise<number> {
	const started = process.cpuUsage();
	for (let time = 0; time < times; time++) {
		const result = work(input);
		if (result instanceof Promise) await result;
	}
	const used = process.cpuUsage(started);
	return (used.user + used.system) / 1000;
}
