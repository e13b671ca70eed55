/** The doubling test every linearity test calls (test/unit/linear.ts): it must catch a quadratic cost, or none of them can fail. */
import * as assert from 'node:assert/strict';
import { assertLinear } from './linear';

/** Compares every pair of characters: n² steps, about 1 ms at n = 1,000 (4 ms at 2,000). */
function quadratic(text: string): number {
	let same = 0;
	for (let i = 0; i < text.length; i++) for (let j = 0; j < text.length; j++) if (text.charCodeAt(i) === text.charCodeAt(j)) same++;
	return same;
}

/** One pass over the text: n steps. */
function linear(text: string): number {
	let same = 0;
	for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) === text.charCodeAt(i - 1)) same++;
	return same;
}

const text = (n: number) => 'ab'.repeat(n / 2);

describe('assertLinear (test/unit/linear.ts)', function () {
	// A failure makes all five attempts, each at least 300 ms per size.
	this.timeout(60_000);

	it('throws on a deliberately quadratic cost, naming the case and the ratios', async () => {
		await assert.rejects(assertLinear('pairs of characters', text, quadratic, 1000), (error: Error) => {
			assert.match(error.message, /^pairs of characters: 1000 then 2000 characters took /);
			assert.equal(error.message.split(' ms (×').length - 1, 5, 'five attempts, each failed');
			return true;
		});
	});

	it('throws on a quadratic cost timed on the CPU clock too', async () => {
		await assert.rejects(
			assertLinear('pairs, CPU time', text, quadratic, 500, { cpuBatchMs: 5 }),
			/pairs, CPU time: 500 then 1000 characters, CPU time per call over \d+ calls, took /,
		);
	});

	it('passes a linear cost, and fails it past maxLargeMs', async () => {
		await assertLinear('one pass', text, linear, 100_000);
		await assert.rejects(assertLinear('one pass', text, linear, 100_000, { maxLargeMs: 0 }), /bound ×3 and 0 ms/);
	});

	it('times what an asynchronous work function awaits', async () => {
		const later = async (input: string) => {
			await Promise.resolve();
			return quadratic(input);
		};
		await assert.rejects(assertLinear('pairs, awaited', text, later, 1000), /pairs, awaited: 1000 then 2000 characters took /);
	});
});
