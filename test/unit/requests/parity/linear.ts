/**
 * Doubling tests for the parity code's new parsing (as test/unit/requests/requestFile.test.ts "parsing
 * stays linear" does for parse.ts): `work` on an input of about n and then 2n characters takes about
 * twice as long, never four times.
 */
import * as assert from 'node:assert/strict';

/** The fastest single run of `work(input)`, in ms, over at least 3 runs and 150 ms. */
function fastest(work: (input: string) => unknown, input: string): number {
	let best = Infinity;
	const started = Date.now();
	for (let runs = 0; runs < 3 || (Date.now() - started < 150 && runs < 2000); runs++) {
		const t0 = process.hrtime.bigint();
		work(input);
		best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
	}
	return best;
}

/** Asserts that doubling `make(n)` about doubles the time of `work` (three tries, for a busy machine). */
export function assertLinear(name: string, make: (n: number) => string, work: (input: string) => unknown, n = 16_000): void {
	const small = make(n);
	const large = make(2 * n);
	assert.ok(large.length >= 1.9 * small.length && large.length <= 2.1 * small.length, 'the second input is twice the first');
	fastest(work, small);
	const ratios: string[] = [];
	for (let attempt = 0; attempt < 3; attempt++) {
		const tSmall = fastest(work, small);
		const tLarge = fastest(work, large);
		ratios.push(`${tSmall.toFixed(3)} → ${tLarge.toFixed(3)} ms (×${(tLarge / tSmall).toFixed(2)})`);
		if (tLarge / tSmall < 3 && tLarge < 250) return;
	}
	assert.fail(`${name}: ${small.length} then ${large.length} characters took ${ratios.join(', ')}; linear is ×2, quadratic ×4`);
}
