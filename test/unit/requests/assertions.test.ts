/** httpYac's `??` assertions: parsing (line-numbered problems, linear) and evaluation against an answer. */
import * as assert from 'node:assert/strict';
import {
	AssertionInput,
	ParsedAssertion,
	evaluateAssertions,
	parseAssertion,
	parseAssertions,
} from '../../../src/core/requests/assertions';
import { REDACTED, redact } from '../../../src/core/common/redact';
import { assertionLines } from '../../../src/core/requests/responseDocument';
import { analyzeRequestFile } from '../../../src/core/requests/analysis';
import { parseRequestFile } from '../../../src/core/requests/parse';
import { assertLinear } from '../linear';

function parsed(text: string, line = 0): ParsedAssertion {
	const result = parseAssertion(text, line);
	assert.ok('subject' in result, `"${text}" parses: ${'message' in result ? result.message : ''}`);
	return result;
}

function problem(text: string, line = 4): string {
	const result = parseAssertion(text, line);
	assert.ok('message' in result, `"${text}" is refused`);
	return result.message;
}

const answer: AssertionInput = {
	status: 202,
	headers: { 'content-type': 'application/json; charset=utf-8', location: 'https://example.com/status/1' },
	body: JSON.stringify({ jobId: 'urn:ff:jobs:1', count: 3, ok: true, off: false, items: ['a', 'b'], name: 'two  spaces', zero: 0 }),
	durationMs: 120,
};

function check(text: string, input: AssertionInput = answer): { passed: boolean; message: string } {
	const [result] = evaluateAssertions([parsed(text)], input, (t) => t);
	return { passed: result.passed, message: result.message };
}

describe('request assertions (??)', () => {
	describe('parsing', () => {
		it('reads each field, condition and expected value', () => {
			assert.deepEqual(parsed('status == 202', 3), { line: 3, text: 'status == 202', subject: 'status', operator: '==', expected: '202' });
			assert.deepEqual(parsed('header Content-Type includes json'), {
				line: 0,
				text: 'header Content-Type includes json',
				subject: 'header content-type',
				operator: 'includes',
				expected: 'json',
			});
			assert.equal(parsed('body $.jobId exists').subject, 'body $.jobId');
			assert.equal(parsed('body $.jobId exists').expected, undefined);
			assert.equal(parsed('body $.count > 2').operator, '>');
			assert.equal(parsed('duration < 2000').subject, 'duration');
			assert.equal(parsed('job state == succeeded').subject, 'job state');
			assert.equal(parsed('job outputs count >= 1').subject, 'job outputs count');
			assert.equal(parsed('job error includes quota').subject, 'job error');
			assert.equal(parsed('body includes Welcome').subject, 'body');
		});

		it("takes httpYac's other spellings and a quoted expected value", () => {
			assert.equal(parsed('status equals 200').operator, '==');
			assert.equal(parsed('header content-type contains json').operator, 'includes');
			assert.equal(parsed('body $.name == "two  spaces"').expected, 'two  spaces');
			assert.equal(parsed("body $['a b'] exists").subject, "body $['a b']");
			assert.equal(parsed('body $.title == The Title Here').expected, 'The Title Here');
		});

		it('refuses what it does not read, naming the line', () => {
			assert.match(problem('status'), /^Line 5: "\?\? status" needs a condition/);
			assert.match(problem('status == '), /^Line 5: "==" needs a value/);
			assert.match(problem('status > many'), /^Line 5: ">" compares numbers/);
			assert.match(problem('header'), /^Line 5: "\?\? header" needs a header name/);
			assert.match(problem('cookies == 1'), /^Line 5: "cookies" is not a field/);
			assert.match(problem('status almost 200'), /^Line 5: "almost" is not a condition/);
			assert.match(problem('body $.a exists now'), /^Line 5: "exists" takes no value/);
			assert.match(problem('job outputs == 1'), /^Line 5: "\?\? job" asks about/);
			assert.match(problem(''), /^Line 5: "\?\?" needs a field/);
			assert.match(problem('body $.id == {{id}}'), /^Line 5: an assertion compares with the value as written; variables/);
			assert.match(problem('body $.a[?(@.b)] exists'), /^Line 5: body \$\.a\[\?\(@\.b\)\]: /);
		});

		it('refuses matches (a regular expression from a file could backtrack for ever), js and xpath', () => {
			assert.match(problem('body matches ^(a+)+$'), /^Line 5: "matches" is not supported: .*exponential time/);
			assert.match(problem('js response.parsedBody.a == 1'), /^Line 5: "\?\? js …" runs JavaScript/);
			assert.match(problem('xpath /a/b == 1'), /^Line 5: "\?\? xpath …" is not supported/);
			assert.match(problem('body sha256 abc'), /^Line 5: "sha256" is not supported/);
		});

		it('splits the lines of a request into assertions and problems', () => {
			const { assertions, problems } = parseAssertions([
				{ text: 'status == 200', line: 2 },
				{ text: 'status is 200', line: 3 },
				{ text: 'duration < 10', line: 4 },
			]);
			assert.deepEqual(
				assertions.map((a) => a.line),
				[2, 4],
			);
			assert.deepEqual(
				problems.map((p) => p.line),
				[3],
			);
		});

		const HOSTILE: Array<{ name: string; make: (n: number) => string }> = [
			{ name: 'an unclosed bracket-and-quote run in a JSONPath', make: (n) => `body $${"['".repeat(n / 2)} exists` },
			{ name: 'a long header name and many spaced words', make: (n) => `header ${'a'.repeat(n / 2)} == ${' b'.repeat(n / 4)}` },
			{ name: 'an unclosed bracket in the expected value', make: (n) => `status == ${'[ '.repeat(n / 2)}` },
			{ name: 'blanks between every word', make: (n) => `body${' \t'.repeat(n / 4)}$.a${' '.repeat(n / 2)}exists` },
		];
		for (const { name, make } of HOSTILE) {
			it(`parsing stays linear in the line: ${name}`, async function () {
				this.timeout(60_000);
				await assertLinear(name, make, (text) => parseAssertion(text, 0), 32_000, { maxLargeMs: 250 });
			});
		}
	});

	describe('evaluation', () => {
		it('compares status and duration as numbers', () => {
			assert.equal(check('status == 202').passed, true);
			assert.deepEqual(check('status == 200'), { passed: false, message: 'status was 202; expected == 200' });
			assert.equal(check('status != 200').passed, true);
			assert.equal(check('status >= 200').passed, true);
			assert.equal(check('status < 300').passed, true);
			assert.equal(check('status startsWith 20').passed, true);
			assert.equal(check('status isNumber').passed, true);
			assert.equal(check('duration < 2000').passed, true);
			assert.deepEqual(check('duration < 100'), { passed: false, message: 'duration was 120; expected < 100' });
		});

		it('reads headers by name in any case, and says when one is missing', () => {
			assert.equal(check('header Content-Type includes json').passed, true);
			assert.equal(check('header location startsWith https://').passed, true);
			assert.equal(check('header location exists').passed, true);
			assert.deepEqual(check('header retry-after exists'), {
				passed: false,
				message: 'header retry-after was not in the answer; expected exists',
			});
			assert.equal(check('header retry-after isFalse').passed, true);
		});

		it('reads the body through a JSONPath', () => {
			assert.equal(check('body $.jobId exists').passed, true);
			assert.equal(check('body $.jobId startsWith urn:ff:jobs:').passed, true);
			assert.equal(check('body $.count > 2').passed, true);
			assert.equal(check('body $.count == 3').passed, true);
			assert.equal(check('body $.count isNumber').passed, true);
			assert.equal(check('body $.ok isTrue').passed, true);
			assert.equal(check('body $.ok isBoolean').passed, true);
			assert.equal(check('body $.off isFalse').passed, true);
			assert.equal(check('body $.zero isFalse').passed, true);
			assert.equal(check('body $.items isArray').passed, true);
			assert.equal(check('body $.items includes b').passed, true);
			assert.equal(check('body $.items includes c').passed, false);
			assert.equal(check('body $.name == "two  spaces"').passed, true);
			assert.equal(check('body $.name isString').passed, true);
			assert.deepEqual(check('body $.missing exists'), { passed: false, message: 'body $.missing does not exist; expected exists' });
			assert.equal(check('body includes urn:ff:jobs:1').passed, true);
		});

		it('says when the body is not JSON', () => {
			const text = { ...answer, body: '<html>not json</html>' };
			assert.deepEqual(check('body $.jobId exists', text), {
				passed: false,
				message: 'the body is not JSON, so $.jobId does not exist; expected exists',
			});
		});

		it("checks the job's final state, output count and error", () => {
			const done = { ...answer, job: { state: 'succeeded', outputs: 2 } };
			assert.equal(check('job state == succeeded', done).passed, true);
			assert.equal(check('job outputs count >= 1', done).passed, true);
			assert.deepEqual(check('job outputs count > 2', done), { passed: false, message: 'job outputs count was 2; expected > 2' });
			const failed = { ...answer, job: { state: 'failed', outputs: 0, error: 'quota exceeded' } };
			assert.deepEqual(check('job state == succeeded', failed), {
				passed: false,
				message: 'job state was "failed"; expected == succeeded',
			});
			assert.equal(check('job error includes quota', failed).passed, true);
			assert.deepEqual(check('job state == succeeded'), { passed: false, message: 'the answer started no job; expected == succeeded' });
			assert.equal(check('job state isFalse').passed, false);
		});

		it('redacts what a message quotes, and cuts it to one line', () => {
			const token = 'tok_abcdefghijklmnop1234567890';
			const echo = { ...answer, headers: { 'x-echo': `Bearer ${token}` }, body: JSON.stringify({ a: `x\n${'y'.repeat(500)}` }) };
			const [header, body] = evaluateAssertions([parsed('header x-echo == nothing'), parsed('body $.a == z')], echo, (t) =>
				redact(t, [token]),
			);
			assert.ok(!header.message.includes(token), header.message);
			assert.ok(header.message.includes(REDACTED), header.message);
			assert.ok(!body.message.includes('\n'));
			assert.ok(body.message.length <= 200, `${body.message.length} characters`);
		});
	});
});

describe('the response document: Assertions', () => {
	it('lists each assertion with ✓/✗, what was found when it failed, and what waits for the job', () => {
		const results = evaluateAssertions([parsed('status == 202', 7), parsed('duration < 100', 8)], answer, (t) => t);
		assert.deepEqual(assertionLines(results, 'the job assertions are checked when the job ends'), [
			'# Assertions: 1 passed, 1 failed · the job assertions are checked when the job ends',
			'# ✓ status == 202',
			'# ✗ duration < 100: duration was 120; expected < 100',
		]);
		assert.deepEqual(assertionLines([]), []);
	});
});

describe('request assertions in the editor analysis', () => {
	it('marks a ?? line that does not parse as a parse problem on its line', () => {
		const text = 'GET https://example.com/a\n\n?? status == 200\n?? status almost 200\n';
		const findings = analyzeRequestFile(text.split('\n'), parseRequestFile(text));
		assert.deepEqual(
			findings.map((f) => [f.line, f.severity, f.code, f.message]),
			[[3, 'error', 'parse-problem', findings[0]?.message]],
		);
		assert.match(findings[0].message, /"almost" is not a condition/);
	});
});
