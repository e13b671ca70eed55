/** The fastest of several runs of `work`, in ms (a load spike only ever adds time), for the linearity tests. */
export function fastest(work: () => unknown): number {
	let best = Infinity;
	const started = Date.now();
	// At least 5 runs and 300 ms: on a loaded machine (other processes on both cores) most runs of a few
	// ms are interrupted, and the fastest needs enough tries to include one that was not.
	for (let runs = 0; runs < 5 || (Date.now() - started < 300 && runs < 1000); runs++) {
		const t0 = process.hrtime.bigint();
		work();
		best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
	}
	return best;
}

/**
 * Fails unless doubling the input about doubles the time of `run` (ratio under 3, where a quadratic
 * cost gives 4), over up to five measurements: a busy spell on the shared machine can spoil one, but a
 * quadratic cost cannot pass any.
 */
export function assertLinear<T>(name: string, make: (n: number) => T, run: (input: T) => unknown, n: number): void {
	const small = make(n);
	const large = make(2 * n);
	run(small);
	const ratios: string[] = [];
	for (let attempt = 0; attempt < 5; attempt++) {
		const tSmall = fastest(() => run(small));
		const tLarge = fastest(() => run(large));
		ratios.push(`${tSmall.toFixed(2)} → ${tLarge.toFixed(2)} ms (×${(tLarge / tSmall).toFixed(2)})`);
		if (tLarge / tSmall < 3) return;
	}
	throw new Error(`${name}: ${ratios.join(', ')}; linear is ×2`);
}
