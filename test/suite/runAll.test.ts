/**
 * Assertions and Run All in the real VS Code host, against the emulator (issue #21): a single Send
 * checks its `??` lines (the response document's Assertions section, job assertions once the job
 * ends), Run All sends a file's requests in order with chaining through request variables, follows a
 * Firefly job for `?? job …`, shows ✓/✗ after each `??` line and a summary document, stops at a failure
 * with bail, and runs only what a selection touches. The token never reaches a result or a document.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { emulatorControl, emulatorRequests, requestFileProfile, withPhotoshopV1 } from './helpers';

interface AssertionResult {
	assertion: { line: number; text: string };
	passed: boolean;
	message: string;
}

interface RunResult {
	label: string;
	line: number;
	state: 'passed' | 'failed' | 'skipped' | 'error';
	status?: number;
	assertions: AssertionResult[];
	message?: string;
	job?: { state: string; outputs: number };
}

interface RunAll {
	passed: number;
	failed: number;
	skipped: number;
	errors: number;
	results: RunResult[];
	document: string;
	inline: Array<{ line: number; text: string }>;
}

interface SendResult {
	status: number;
	document: string;
	assertions?: AssertionResult[];
	job?: { state: string };
}

const PROFILE = 'Run All';
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const AUTH = 'Authorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}';
const HELLO = (name: string, assertions: string) =>
	`### ${name}\n# @name ${name}\nGET {{$adobeEndpoint photoshop}}/pie/psdService/hello\n${AUTH}\n\n${assertions}\n`;
const GENERATE = (name: string, assertions: string) =>
	`### ${name}\n# @name ${name}\nPOST {{$adobeEndpoint firefly}}/v3/images/generate-async\n${AUTH}\nContent-Type: application/json\n\n{ "prompt": "a lighthouse" }\n\n${assertions}\n`;

describe('Assertions and Run All', function () {
	this.timeout(60_000);
	const fixture = requestFileProfile(PROFILE, 'adobe-run-all-');
	let api: TestApi;
	// The hello requests are the seeds' Photoshop v1 hello: the emulator serves the retired v1 here.
	withPhotoshopV1();

	const token = () => api.services.tokens.snapshot(api.services.profiles.find(PROFILE)!.id).token!.accessToken;
	const documentText = async (uri: string) => (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
	/** The 0-based line of the first line of `text` equal to `line`. */
	const lineOf = (text: string, line: string, from = 0) => {
		const index = text.split('\n').indexOf(line, from);
		assert.ok(index >= 0, `"${line}" is in the file`);
		return index;
	};

	before(() => {
		({ api } = fixture);
	});

	it('checks the ?? lines of a single Send and shows them in the response document', async () => {
		const text = HELLO('hello', '?? status == 200\n?? header content-type includes text\n?? status == 500');
		const uri = fixture.requestFile('send.http', text);
		const result = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString() });
		assert.equal(result.status, 200);
		assert.deepEqual(
			result.assertions?.map((a) => [a.assertion.text, a.passed, a.message]),
			[
				['status == 200', true, 'status was 200'],
				['header content-type includes text', true, result.assertions?.[1].message],
				['status == 500', false, 'status was 200; expected == 500'],
			],
		);
		const document = await documentText(result.document);
		assert.match(document, /^# Assertions: 2 passed, 1 failed$/m);
		assert.match(document, /^# ✓ status == 200$/m);
		assert.match(document, /^# ✗ status == 500: status was 200; expected == 500$/m);
		assert.ok(!document.includes(token()));
	});

	it("checks a single Send's job assertions once the job ends", async () => {
		const uri = fixture.requestFile(
			'sendJob.http',
			GENERATE('sendJob', '?? status == 202\n?? job state == succeeded\n?? job outputs count >= 1'),
		);
		const result = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString(), waitForJob: true });
		assert.equal(result.job?.state, 'succeeded');
		assert.deepEqual(
			result.assertions?.map((a) => [a.assertion.text, a.passed]),
			[
				['status == 202', true],
				['job state == succeeded', true],
				['job outputs count >= 1', true],
			],
		);
		assert.match(await documentText(result.document), /^# Assertions: 3 passed, 0 failed$/m);
	});

	it('offers Run All above the first request of a file with several', async () => {
		const text = `@x = 1\n\n${HELLO('a', '')}${HELLO('b', '')}${HELLO('c', '?? status == 200')}`;
		const uri = fixture.requestFile('lens.http', text);
		await vscode.workspace.openTextDocument(uri);
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
		const runAll = lenses.filter((lens) => lens.command?.command === 'adobeApi.runAllRequests');
		assert.equal(runAll.length, 1);
		assert.equal(runAll[0].command?.title, '$(run-all) Run All (3 requests)');
		assert.equal(runAll[0].range.start.line, lineOf(text, 'GET {{$adobeEndpoint photoshop}}/pie/psdService/hello'));
	});

	it('runs the requests in order, chaining one to the next and following a Firefly job, with ✓/✗ after each ?? line', async () => {
		const text =
			GENERATE(
				'generate',
				'?? status == 202\n?? body $.jobId startsWith urn:ff:jobs:\n?? job state == succeeded\n?? job outputs count >= 1',
			) + `### status\nGET {{generate.response.body.$.statusUrl}}\n${AUTH}\n\n?? status == 200\n?? body $.jobId exists\n`;
		const uri = fixture.requestFile('chain.http', text);
		const statusBefore = (await emulatorRequests('firefly.status')).length;
		const summary = await run<RunAll>('adobeApi.runAllRequests', { uri: uri.toString() });
		assert.deepEqual(
			summary.results.map((r) => [r.label, r.state, r.status, r.message]),
			[
				['generate', 'passed', 202, undefined],
				['GET {{generate.response.body.$.statusUrl}}', 'passed', 200, undefined],
			],
		);
		assert.equal(summary.results[0].job?.state, 'succeeded');
		assert.ok((summary.results[0].job?.outputs ?? 0) >= 1);
		assert.ok(
			(await emulatorRequests('firefly.status')).length >= statusBefore + 2,
			'the job was polled, then read by the chained request',
		);
		assert.deepEqual(
			summary.inline.filter((i) => text.split('\n')[i.line].startsWith('??')).map((i) => i.text),
			Array(6).fill('✓ passed'),
		);
		const document = await documentText(summary.document);
		assert.match(document, /^# Run All chain\.http: 2 passed, 0 failed, 0 skipped in /);
		assert.match(document, /^✓ generate → 202 in \d+ ms · job succeeded, \d+ outputs? \(line 3\)$/m);
		assert.ok(!JSON.stringify(summary).includes(token()));
		assert.ok(!document.includes(token()));
	});

	it('reports a failing assertion inline and in the summary, and with bail skips the rest', async () => {
		const text = HELLO('first', '?? status == 200') + HELLO('second', '?? status == 404') + HELLO('third', '?? status == 200');
		const uri = fixture.requestFile('bail.http', text);
		const sent = (await emulatorRequests('photoshop.hello')).length;
		const summary = await run<RunAll>('adobeApi.runAllRequests', { uri: uri.toString(), bail: true });
		assert.deepEqual([summary.passed, summary.failed, summary.skipped, summary.errors], [1, 1, 1, 0]);
		assert.deepEqual(
			summary.results.map((r) => r.state),
			['passed', 'failed', 'skipped'],
		);
		assert.equal((await emulatorRequests('photoshop.hello')).length, sent + 2, 'the third request was not sent');
		const failing = lineOf(text, '?? status == 404');
		assert.deepEqual(
			summary.inline.find((i) => i.line === failing),
			{ line: failing, text: '✗ status was 200; expected == 404' },
		);
		assert.match(
			summary.inline.find((i) => i.line === summary.results[2].line)?.text ?? '',
			/^skipped: second \(line \d+\) failed, and the run stops at the first failure \(bail\)$/,
		);
		const document = await documentText(summary.document);
		assert.match(document, /^✗ second → 200 in \d+ ms \(line \d+\)\n {4}✗ \?\? status == 404: status was 200; expected == 404$/m);

		// Without bail the run goes on after the failure.
		const all = await run<RunAll>('adobeApi.runAllRequests', { uri: uri.toString() });
		assert.deepEqual(
			all.results.map((r) => r.state),
			['passed', 'failed', 'passed'],
		);
	});

	it('runs only the requests a selection touches, and reports a broken block without stopping the others', async () => {
		const text =
			HELLO('one', '') +
			'### broken\nGET {{$adobeEndpoint photoshop}}/x\nnot a header\n\n' +
			HELLO('two', '?? status is 200') +
			HELLO('three', '');
		const uri = fixture.requestFile('selection.http', text);
		const all = await run<RunAll>('adobeApi.runAllRequests', { uri: uri.toString() });
		assert.deepEqual(
			all.results.map((r) => [r.label, r.state]),
			[
				['one', 'passed'],
				['GET {{$adobeEndpoint photoshop}}/x', 'error'],
				['two', 'error'],
				['three', 'passed'],
			],
		);
		assert.match(all.results[1].message ?? '', /^Line \d+: /);
		assert.match(all.results[2].message ?? '', /"is" is not a condition/);

		const three = lineOf(text, '# @name three');
		const some = await run<RunAll>('adobeApi.runAllRequests', { uri: uri.toString(), lines: { from: three, to: three + 1 } });
		assert.deepEqual(
			some.results.map((r) => r.label),
			['three'],
		);
		await emulatorControl('DELETE', 'faults');
	});
});
