/**
 * A run resolves every request of its file (core/requests/runner.ts), so resolving must not cost in
 * proportion to the file per request: the file's lookups are built once per parsed file (resolve.ts
 * lookups). Doubling the number of requests about doubles the time to resolve them all.
 */
import * as assert from 'node:assert/strict';
import { parseRequestFile } from '../../../src/core/requests/parse';
import { resolveRequest } from '../../../src/core/requests/resolve';

describe('adobe-api-toolkit run: resolving a whole file stays linear in its size', function () {
	this.timeout(120_000);

	const file = (n: number) =>
		parseRequestFile(
			`@host = https://example.com\n\n${Array.from({ length: n }, (_, i) => `# @name r${i}\nGET {{host}}/items/${i}?v={{host}}\nAccept: application/json\n\n###\n`).join('')}`,
		);
	const values = {
		token: async () => 'unused',
		clientId: async () => 'unused',
		endpoint: () => 'https://example.com',
	};

	/** The fastest of a few passes resolving every request, in ms: load on the machine only ever adds time. */
	async function fastest(n: number): Promise<number> {
		const parsed = file(n);
		let best = Infinity;
		for (let pass = 0; pass < 3; pass++) {
			const started = process.hrtime.bigint();
			for (const request of parsed.requests) await resolveRequest(parsed, request, values, async () => undefined);
			best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
		}
		return best;
	}

	it('resolves 4,000 requests in about twice the time of 2,000', async () => {
		await fastest(1000);
		const small = await fastest(2000);
		const large = await fastest(4000);
		assert.ok(
			large < small * 3,
			`doubling the file took ${(large / small).toFixed(1)}× as long (${small.toFixed(0)} ms → ${large.toFixed(0)} ms)`,
		);
	});
});
