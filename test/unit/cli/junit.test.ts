/** The JUnit report (core/requests/junit.ts): well-formed whatever the labels and messages hold, with the counts CI reads. */
import * as assert from 'node:assert/strict';
import { junitXml, xmlEscape } from '../../../src/core/requests/junit';
import type { RequestRunResult, RunSummary } from '../../../src/core/requests/types';
import { elements, parseXml } from './xml';
import { assertLinear } from '../linear';

function summary(results: RequestRunResult[]): RunSummary {
	const count = (s: RequestRunResult['state']) => results.filter((r) => r.state === s).length;
	return {
		passed: count('passed'),
		failed: count('failed') + count('error'),
		skipped: count('skipped'),
		errors: count('error'),
		results,
		durationMs: 1234,
	};
}

const HOSTILE = 'a <b> & "c" \'d\' ]]> \u0000\u0001\u001b[31m \ud800 lone, \ud83d\ude00 pair, line\nbreak\r\ttab';

describe('JUnit report', () => {
	const results: RequestRunResult[] = [
		{ label: 'login', line: 2, state: 'passed', status: 200, durationMs: 12, assertions: [] },
		{
			label: HOSTILE,
			line: 9,
			state: 'failed',
			status: 404,
			durationMs: 30,
			assertions: [
				{
					assertion: { line: 11, text: 'status == 200', subject: 'status', operator: '==', expected: '200' },
					passed: false,
					message: 'status was 404',
				},
				{
					assertion: { line: 12, text: 'duration < 2000', subject: 'duration', operator: '<', expected: '2000' },
					passed: true,
					message: 'ok',
				},
				{ assertion: { line: 13, text: `body $.x == ${HOSTILE}`, subject: 'body $.x' }, passed: false, message: HOSTILE },
			],
			message: 'status was 404',
		},
		{ label: 'GET example.com', line: 20, state: 'error', assertions: [], message: `refused: ${HOSTILE}` },
		{ label: 'later', line: 30, state: 'skipped', assertions: [], message: 'skipped: bail' },
	];

	it('is well-formed XML 1.0 with hostile labels and messages, one testsuite per file, a testcase per request, a failure per failed assertion', () => {
		const xml = junitXml([
			{ file: 'requests/a & b.http', summary: summary(results), startedAt: new Date('2026-12-05T08:00:00Z') },
			{ file: 'second.http', summary: summary([results[0]]) },
		]);
		const root = parseXml(xml);
		assert.equal(root.name, 'testsuites');
		assert.deepEqual(
			{
				tests: root.attributes.tests,
				failures: root.attributes.failures,
				errors: root.attributes.errors,
				skipped: root.attributes.skipped,
			},
			{ tests: '5', failures: '1', errors: '1', skipped: '1' },
		);
		const suites = elements(root, 'testsuite');
		assert.deepEqual(
			suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.errors, s.attributes.skipped]),
			[
				['requests/a & b.http', '4', '1', '1', '1'],
				['second.http', '1', '0', '0', '0'],
			],
		);
		assert.equal(suites[0].attributes.timestamp, '2026-12-05T08:00:00');
		const cases = elements(suites[0], 'testcase');
		assert.equal(cases.length, 4);
		assert.equal(cases[0].attributes.name, 'login (line 3)');
		assert.equal(cases[0].attributes.time, '0.012');
		const failures = elements(cases[1], 'failure');
		assert.equal(failures.length, 2, 'one failure per failed assertion');
		assert.equal(failures[0].attributes.message, 'status was 404');
		assert.match(failures[0].text, /^\?\? status == 200 \(line 12\): status was 404$/);
		// What XML cannot carry is replaced; the rest comes back as written (attributes keep their line breaks, encoded).
		assert.ok(
			cases[1].attributes.name.startsWith(
				'a <b> & "c" \'d\' ]]> \ufffd\ufffd\ufffd[31m \ufffd lone, \ud83d\ude00 pair, line\nbreak\r\ttab',
			),
		);
		assert.equal(
			elements(cases[2], 'error')[0].attributes.message,
			'refused: a <b> & "c" \'d\' ]]> \ufffd\ufffd\ufffd[31m \ufffd lone, \ud83d\ude00 pair, line',
		);
		assert.equal(elements(cases[3], 'skipped')[0].attributes.message, 'skipped: bail');
	});

	it('reports a file that could not run as one error', () => {
		const root = parseXml(junitXml([{ file: 'gone.http', summary: summary([]), error: 'not found' }]));
		assert.equal(root.attributes.errors, '1');
		assert.equal(elements(root, 'error')[0].attributes.message, 'not found');
	});

	it('escapes every character with a meaning in XML, and the checker refuses what is not well-formed', () => {
		assert.equal(xmlEscape('<&>"\''), '&lt;&amp;&gt;&quot;&apos;');
		assert.equal(xmlEscape('a\nb', true), 'a&#10;b');
		for (const bad of [
			'<a><b></a></b>',
			'<a x="1" x="2"/>',
			'<a>&nope;</a>',
			'<a>&amp</a>',
			'<a/><b/>',
			'<a>\u0001</a>',
			'<a x=1/>',
			'<a>x < y</a>',
		]) {
			assert.throws(() => parseXml(bad), /not well-formed|not allowed/, bad);
		}
	});

	it('stays linear in the size of what it reports', async function () {
		this.timeout(60_000);
		const many = (n: number) =>
			summary(
				Array.from({ length: n }, (_, i) => ({
					label: `r${i} ${'<&\ud800'.repeat(20)}`,
					line: i,
					state: 'failed' as const,
					assertions: [],
					message: 'x'.repeat(100),
				})),
			);
		await assertLinear('JUnit XML of n failed results', many, (s) => junitXml([{ file: 'f.http', summary: s }]), 500);
	});
});
