/** The fastest of several runs of `work`, in ms (a load spike only ever adds time), for the linearity tests. */
export function fastest(work: () => unknown): number {
	let best = Infinity;
	const started = Date.now();
	for (let runs = 0; runs < 3 || (Date.now() - started < 150 && runs < 500); runs++) {
		const t0 = process.hrtime.bigint();
		work();
		best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
	}
	return best;
}
