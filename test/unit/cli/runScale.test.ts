/**
 * A run resolves every request of its file (core/requests/runner.ts), so resolving must not cost in
 * proportion to the file per request: the file's lookups are built once per parsed file (resolve.ts
 * lookups). Doubling the number of requests about doubles the time to resolve them all.
 */
import { parseRequestFile } from '../../../src/core/requests/parse';
import { resolveRequest } from '../../../src/core/requests/resolve';
import { assertLinear } from '../linear';

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

	it('resolves 4,000 requests in about twice the time of 2,000', async () => {
		await assertLinear(
			'resolving every request of a file',
			file,
			async (parsed) => {
				for (const request of parsed.requests) await resolveRequest(parsed, request, values, async () => undefined);
			},
			2000,
		);
	});
});
