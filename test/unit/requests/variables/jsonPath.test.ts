/** Issue #21: the JSONPath subset request variables and body assertions read (core/requests/jsonPath.ts). */
import * as assert from 'node:assert/strict';
import { MAX_JSON_PATH_VISITS, firstValueText, queryJson } from '../../../../src/core/requests/jsonPath';
import { assertLinear } from '../../linear';

const BODY = {
	jobId: 'abc',
	status: { state: 'succeeded', 'content-type': 'x' },
	outputs: [
		{ href: 'https://a/1', size: 1 },
		{ href: 'https://a/2', size: 2 },
	],
	count: 3,
	empty: '',
	nothing: null,
	'odd key]': 1,
};

describe('request variables: JSONPath subset', () => {
	const values = (path: string, json: unknown = BODY) => {
		const result = queryJson(json, path);
		assert.equal(result.error, undefined, result.error);
		return result.values;
	};

	it('reads members, indexes, quoted keys and the root', () => {
		assert.deepEqual(values('$.jobId'), ['abc']);
		assert.deepEqual(values('$.status.state'), ['succeeded']);
		assert.deepEqual(values('$.status.content-type'), ['x']);
		assert.deepEqual(values("$['status']['state']"), ['succeeded']);
		assert.deepEqual(values('$["odd key]"]'), [1]);
		assert.deepEqual(values('$.outputs[1].href'), ['https://a/2']);
		assert.deepEqual(values('$.outputs.0.size'), [1]);
		assert.deepEqual(values('$'), [BODY]);
		// jsonpath-plus reads a path without "$" from the root.
		assert.deepEqual(values('jobId'), ['abc']);
	});

	it('reads wildcards, recursive descent and .length as jsonpath-plus does, in document order', () => {
		assert.deepEqual(values('$.outputs[*].href'), ['https://a/1', 'https://a/2']);
		assert.deepEqual(values('$.outputs.*.size'), [1, 2]);
		assert.deepEqual(values('$..href'), ['https://a/1', 'https://a/2']);
		assert.deepEqual(values('$..[0].size'), [1]);
		assert.deepEqual(values('$.outputs.length'), [2]);
		assert.deepEqual(values('$.jobId.length'), [3]);
		assert.deepEqual(values('$..state'), ['succeeded']);
		assert.deepEqual(values('$.a..b', { a: { b: 1, c: { b: 2 } } }), [1, 2]);
	});

	it('reports nothing found, and keeps null and empty values as found', () => {
		assert.deepEqual(queryJson(BODY, '$.missing'), { found: false, values: [] });
		assert.deepEqual(queryJson(BODY, '$.outputs[5]'), { found: false, values: [] });
		assert.deepEqual(queryJson(BODY, '$.jobId.x'), { found: false, values: [] });
		assert.equal(queryJson(BODY, '$.nothing').found, true);
		assert.equal(queryJson(BODY, '$.empty').found, true);
		// Not inherited properties.
		assert.equal(queryJson(BODY, '$.constructor').found, false);
		assert.equal(queryJson(BODY, '$.toString').found, false);
	});

	it('gives the first match as REST Client does: a string as it is, anything else as JSON', () => {
		assert.equal(firstValueText(queryJson(BODY, '$.jobId')), 'abc');
		assert.equal(firstValueText(queryJson(BODY, '$.count')), '3');
		assert.equal(firstValueText(queryJson(BODY, '$.outputs[0]')), '{"href":"https://a/1","size":1}');
		assert.equal(firstValueText(queryJson(BODY, '$..href')), 'https://a/1');
		assert.equal(firstValueText(queryJson(BODY, '$.nothing')), 'null');
		assert.equal(firstValueText(queryJson(BODY, '$.missing')), undefined);
	});

	it('refuses what it does not evaluate, saying what', () => {
		const error = (path: string) => queryJson(BODY, path).error ?? '';
		assert.match(error('$.outputs[?(@.size > 1)]'), /filters/);
		assert.match(error('$.outputs[(@.length-1)]'), /script/);
		assert.match(error('$.outputs[0:1]'), /slices/);
		assert.match(error("$['a','b']"), /unions/);
		assert.match(error('$.outputs[-1]'), /negative/);
		assert.match(error('$.outputs[0'), /without closing/);
		assert.match(error('$.'), /empty name/);
		assert.match(error('$x'), /"x" where "\." or "\[" should be/);
		assert.match(error(`$${'.a'.repeat(600)}`), /longer than/);
		assert.equal(queryJson(BODY, '$.outputs[?(@.size > 1)]').found, false);
	});

	it('stops at its visit bound on descents that multiply', () => {
		// A chain 3000 deep: the second ".." walks below each of the 3000 values the first found, 4.5 million visits.
		let deep: unknown = 1;
		for (let i = 0; i < 3000; i++) deep = { a: deep };
		const result = queryJson(deep, '$..*..*');
		assert.equal(result.found, false);
		assert.match(result.error ?? '', new RegExp(`more than ${MAX_JSON_PATH_VISITS.toLocaleString('en-US')}`));
	});

	it('does not overflow the stack on a deep body', () => {
		let deep: unknown = 'end';
		for (let i = 0; i < 100_000; i++) deep = { a: deep };
		assert.deepEqual(queryJson(deep, '$..a').values.length, 100_000);
	});

	it('stays linear: doubling the path or the body about doubles the time', async function () {
		this.timeout(60_000);
		const nested = (n: number) => {
			let v: unknown = 1;
			for (let i = 0; i < n; i++) v = { a: v };
			return v;
		};
		const cases: Array<[string, (n: number) => () => unknown]> = [
			[
				'a wildcard over a wide body',
				(n) => {
					const body = { x: Array.from({ length: n }, (_, i) => ({ id: i })) };
					return () => queryJson(body, "$.x[*]['id']");
				},
			],
			[
				'recursive descent through a wide body',
				(n) => {
					const body = { x: Array.from({ length: n }, (_, i) => ({ id: i })) };
					return () => queryJson(body, '$..id');
				},
			],
			[
				'recursive descent through a deep body',
				(n) => {
					const body = nested(n);
					return () => queryJson(body, '$..a');
				},
			],
		];
		// Sizes past the processor's caches: between 50,000 and 100,000 nested objects the time triples as
		// the body stops fitting in them, at any complexity; from 200,000 on it is memory-bound throughout.
		for (const [name, make] of cases) await assertLinear(name, make, (query) => query(), 200_000);
	});
});
