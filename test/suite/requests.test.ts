/**
 * Request files and async jobs in the real VS Code host, against the emulator: the built-in
 * variables reach Adobe (the emulator) and nothing else, the token never lands in the file, the
 * response document or the result, jobs are followed to success, failure and Cancel, and Import
 * cURL turns the seeds' commands into requests without their literal secrets. New request files are
 * named after their template, and responses open in one editor beside the file (issue #18).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { REQUEST_TEMPLATES } from '../../src/core/requests/templates';
import {
	emulatorControl,
	emulatorRequests,
	emulatorUrl,
	rejection,
	requestFileProfile,
	stubConfirm,
	withPhotoshopV1,
	withSetting,
} from './helpers';

interface JobSummary {
	id: string;
	state: string;
	terminal: boolean;
	stopped?: string;
	statusUrl: string;
	polls: number;
	errors: Array<{ code?: string; message: string }>;
	outputs: Array<{ label: string; mediaType?: string }>;
}

interface SendResult {
	status: number;
	headers: Record<string, string>;
	body: string;
	latencyMs: number;
	requestId?: string;
	job?: JobSummary;
	document: string;
}

const PROFILE = 'Requests';
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));

describe('Request files and async jobs', function () {
	this.timeout(60_000);
	const fixture = requestFileProfile(PROFILE, 'adobe-requests-');
	let api: TestApi;
	const requestFile = (name: string, text: string) => fixture.requestFile(name, text);

	// The requests here send the seeds' Photoshop v1 hello as a plain authenticated GET: the emulator serves the retired v1.
	withPhotoshopV1();

	const token = () => api.services.tokens.snapshot(api.services.profiles.find(PROFILE)!.id).token!.accessToken;
	/** Resolves once the job with this id satisfies `done`, as the Jobs view reports changes. */
	function jobUntil(id: string, done: (job: JobSummary) => boolean): Promise<JobSummary> {
		return new Promise((resolve) => {
			const check = () => {
				const job = (api.jobs() as JobSummary[]).find((j) => j.id === id);
				if (job && done(job)) {
					listener.dispose();
					resolve(job);
				}
			};
			const listener = api.onDidChangeJobs(check);
			check();
		});
	}
	const AUTH = 'Authorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}';
	/** Resolves when a response document opens (an interactive send resolves before it does). */
	function responseOpened(): Promise<vscode.TextDocument> {
		return new Promise((resolve) => {
			const listener = vscode.workspace.onDidOpenTextDocument((document) => {
				if (document.uri.scheme !== 'adobe-api-response') return;
				listener.dispose();
				resolve(document);
			});
		});
	}

	before(() => {
		({ api } = fixture);
	});

	it('offers a Send CodeLens above each request, the request-file code loading only when such a file is open', async () => {
		const loadedBefore = api.isRequestsLoaded();
		const uri = requestFile(
			'lenses.http',
			`@base = {{$adobeEndpoint photoshop}}\n\n# @name hello\nGET {{base}}/pie/psdService/hello\n\n###\nGET {{base}}/x\nnot a header\n`,
		);
		const document = await vscode.workspace.openTextDocument(uri);
		assert.equal(document.languageId, 'http', '.http files get the http language');
		assert.equal(loadedBefore, false, 'dist/requests.js was loaded before any request file was open');
		const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).filter(
			// The Run All link above the first request is runAll.test.ts's.
			(lens) => lens.command?.command !== 'adobeApi.runAllRequests',
		);
		assert.equal(api.isRequestsLoaded(), true);
		const titles = lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title}`);
		assert.equal(titles.length, 2);
		// The link names the host the request resolves to (here the emulator, the photoshop endpoint setting).
		assert.equal(
			titles[0],
			`3: $(send) Send to ${new URL(vscode.workspace.getConfiguration('adobeApi').get<string>('photoshopBaseUrl') as string).host}`,
		);
		assert.match(titles[1], /^6: \$\(warning\) Line 8: /, 'a malformed request shows its problem, naming the line, instead of a Send link');
	});

	it('sends {{$adobeToken}} and {{$adobeClientId}} to Adobe, and keeps the token out of the file, the response document and the result', async () => {
		const text = `# @name hello\nGET {{$adobeEndpoint photoshop}}/pie/psdService/hello\n${AUTH}\n`;
		const uri = requestFile('hello.http', text);
		const before = (await emulatorRequests('photoshop.hello')).length;
		const result = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString() });

		assert.equal(result.status, 200);
		assert.match(result.body, /Welcome to the Photoshop API/);
		const seen = (await emulatorRequests('photoshop.hello')).slice(before);
		assert.equal(seen.length, 1, 'one request reached the emulator');
		// The gateway answers 200 only to a valid Bearer token with the x-api-key of that token's client.
		assert.equal(seen[0].status, 200);
		assert.equal((seen[0] as { clientId?: string }).clientId, fixture.demo.clientId, "the emulator saw the profile's token and API key");

		const response = (await vscode.workspace.openTextDocument(vscode.Uri.parse(result.document))).getText();
		assert.match(response, /^HTTP\/1\.1 200 OK$/m);
		assert.match(response, /Authorization: Bearer \{\{\$adobeToken\}\}/, 'the request is echoed as written');
		assert.match(response, /x-request-id/);
		for (const shown of [fs.readFileSync(uri.fsPath, 'utf8'), response, JSON.stringify(result), ...api.logLines()]) {
			assert.ok(!shown.includes(token()), 'the token appears nowhere');
			assert.ok(!shown.includes(fixture.demo.clientSecret), 'nor the secret');
		}
		assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), text, 'the file is left as written');
	});

	it('shows a 96 KB hostile answer within seconds of its arrival, without the token it quotes (issue #16)', async () => {
		// 96 KB of `token:token:…` kept the quadratic redactor, and so the extension host, busy for more
		// than 30 s per pass, and an answer passed it four times.
		const hostile = `${'token:'.repeat(16_384)} ${token()} x y`;
		await emulatorControl('POST', 'faults', { route: 'photoshop.hello', fault: { type: 'status', status: 200, body: hostile }, times: 1 });
		try {
			const uri = requestFile('hostile.http', `GET {{$adobeEndpoint photoshop}}/pie/psdService/hello\n${AUTH}\n`);
			const before = (await emulatorRequests('photoshop.hello')).length;
			const opened = responseOpened();
			await run('adobeApi.sendRequest', new vscode.Location(uri, new vscode.Position(0, 0)));
			const document = await opened;
			const shownAt = Date.now();
			const answered = (await emulatorRequests('photoshop.hello')).slice(before) as unknown as Array<{ at: number; fault?: string }>;
			assert.equal(answered.length, 1);
			assert.equal(answered[0].fault, 'status', 'the hostile answer was sent');
			// From the request's arrival at the emulator (same clock) to the document open: generous for a
			// loaded machine, and far below the 30 s one redaction pass took.
			const ms = shownAt - answered[0].at;
			assert.ok(ms < 3000, `the response document opened ${ms} ms after the request arrived`);
			const text = document.getText();
			assert.ok(text.includes('token:token:token:'), 'the body is shown');
			assert.ok(!text.includes(token()) && text.includes('‹redacted›'), 'without the token');
		} finally {
			await emulatorControl('DELETE', 'faults');
		}
	});

	it("refuses to send the token to a host that is not Adobe's, a configured endpoint or approved, and sends nothing", async () => {
		const hits: http.IncomingHttpHeaders[] = [];
		const server = http.createServer((req, res) => {
			hits.push(req.headers);
			// An answer shaped like a job whose status URL is on the emulator (an allowed origin).
			if (req.url === '/plain') res.writeHead(202, { location: `${emulatorUrl()}/v3/status/urn:ff:jobs:lure` });
			res.end('{}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		try {
			const uri = requestFile('elsewhere.http', `GET ${origin}/collect\n${AUTH}\n\n###\n\n# @name plain\nGET ${origin}/plain\n`);
			const confirm = stubConfirm(api, false);
			const asked = confirm.asked;
			try {
				const refused = await rejection(run('adobeApi.sendRequest', { uri: uri.toString() }));
				assert.match(
					refused.message,
					new RegExp(`127\\.0\\.0\\.1:${(server.address() as AddressInfo).port}`),
					'the message names the host',
				);
				assert.match(refused.message, /Not sent/);
				assert.equal(asked.length, 1, 'the user was asked, in a modal dialog');
				assert.equal(hits.length, 0, 'nothing reached that host');

				// A request without the variables goes anywhere: only the token is guarded.
				const jobsBefore = api.jobs().length;
				const plain = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString(), line: 4 });
				assert.equal(plain.status, 202);
				assert.equal(hits.length, 1);
				assert.equal(hits[0].authorization, undefined);
				// Its "job" is not followed: polls would carry a token the request never used.
				assert.equal(plain.job, undefined);
				assert.equal(api.jobs().length, jobsBefore);
				assert.match(
					(await vscode.workspace.openTextDocument(vscode.Uri.parse(plain.document))).getText(),
					/This answer is a job; the Jobs view follows jobs of requests that use/,
				);

				// A script's request, allowed in the dialog: sent once, and the dialog says a command asked.
				confirm.answer(true);
				await withSetting('adobeApi.requests.approvedOrigins', [], async () => {
					const sent = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString() });
					assert.equal(sent.status, 200);
					assert.equal(hits[1].authorization, `Bearer ${token()}`);
					assert.match(asked[1], /A command \(from an extension or a task\) asks/);
					assert.deepEqual(
						vscode.workspace.getConfiguration('adobeApi').inspect('requests.approvedOrigins')?.globalValue,
						[],
						"a script's approval is not kept",
					);

					// The user's own click (the CodeLens passes a Location): approved once, kept, not asked again.
					const clicked = responseOpened();
					await run('adobeApi.sendRequest', new vscode.Location(uri, new vscode.Position(0, 0)));
					await clicked;
					assert.equal(hits.length, 3);
					assert.deepEqual(vscode.workspace.getConfiguration('adobeApi').inspect('requests.approvedOrigins')?.globalValue, [origin]);
					await run('adobeApi.sendRequest', { uri: uri.toString() });
					assert.equal(asked.length, 3, 'an approved origin is not asked about again');
					assert.equal(hits.length, 4);
				});
			} finally {
				confirm.restore();
			}
		} finally {
			server.close();
		}
	});

	it('refuses the token in a URL, naming the line', async () => {
		const inUrl = requestFile('in-url.http', `GET {{$adobeEndpoint photoshop}}/pie/psdService/hello?token={{$adobeToken}}\n`);
		const refused = await rejection(run('adobeApi.sendRequest', { uri: inUrl.toString() }));
		assert.match(refused.message, /Line 1/);
		assert.ok(!refused.message.includes(token()));
	});

	it('names the line of a malformed request', async () => {
		const uri = requestFile('broken.http', `@base = {{$adobeEndpoint photoshop}}\n\nGET {{base}}/pie/psdService/hello\nnot a header\n`);
		const refused = await rejection(run('adobeApi.sendRequest', { uri: uri.toString() }));
		assert.match(refused.message, /Line 4/);
	});

	const GENERATE = (name: string) =>
		`# @name ${name}\nPOST {{$adobeEndpoint firefly}}/v3/images/generate-async\n${AUTH}\nContent-Type: application/json\n\n{ "prompt": "a lighthouse" }\n`;

	it('follows a Firefly job to success, with its outputs in the Jobs view', async () => {
		const uri = requestFile('generate.http', GENERATE('generate'));
		const result = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString(), waitForJob: true });
		assert.equal(result.status, 202);
		assert.ok(result.job, 'the answer was recognised as a job');
		assert.equal(result.job.state, 'succeeded');
		assert.ok(result.job.outputs.length >= 1, 'with its outputs');
		assert.ok(result.job.polls >= 2, 'it was polled until it ended');
		const listed = (api.jobs() as JobSummary[]).find((job) => job.id === result.job!.id);
		assert.equal(listed?.state, 'succeeded');
		assert.ok(!JSON.stringify(api.jobs()).includes(token()));
	});

	it("follows a job to failure, with Adobe's errors", async () => {
		await emulatorControl('POST', 'faults', { route: 'firefly.generateAsync', fault: { type: 'jobFailed' }, times: 1 });
		const uri = requestFile('fails.http', GENERATE('fails'));
		const result = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString(), waitForJob: true });
		assert.equal(result.job?.state, 'failed');
		assert.ok(result.job.errors.length >= 1, 'the errors are shown');
		assert.ok(result.job.errors.every((error) => error.message.length > 0));
	});

	it('stops polling on Cancel', async () => {
		await emulatorControl('POST', 'faults', { route: 'firefly.generateAsync', fault: { type: 'jobHold' }, times: 1 });
		const uri = requestFile('held.http', GENERATE('held'));
		const started = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString() });
		const id = started.job!.id;
		await jobUntil(id, (job) => job.polls >= 1);
		const cancelsBefore = (await emulatorRequests('firefly.cancel')).length;
		await run('adobeApi.jobs.cancel', { id });
		const cancelled = await jobUntil(id, (job) => job.terminal);
		assert.equal(cancelled.state, 'canceled', "Firefly's cancelUrl was called, and Adobe accepted");
		assert.equal((await emulatorRequests('firefly.cancel')).length, cancelsBefore + 1);
		const statusPath = new URL(cancelled.statusUrl).pathname;
		const pollsAtCancel = (await emulatorRequests('firefly.status')).filter(
			(r) => r.path === statusPath && r.route === 'firefly.status',
		).length;

		// Another job runs to its end meanwhile: the cancelled one is not polled again.
		const other = await run<SendResult>('adobeApi.sendRequest', {
			uri: requestFile('after.http', GENERATE('after')).toString(),
			waitForJob: true,
		});
		assert.equal(other.job?.state, 'succeeded');
		const pollsAfter = (await emulatorRequests('firefly.status')).filter((r) => r.path === statusPath).length;
		assert.equal(pollsAfter, pollsAtCancel, 'no poll after Cancel');
		await emulatorControl('POST', 'jobs/release', {});
	});

	it("imports the seeds' token and hello cURL commands as requests without their literal secrets", async () => {
		const tokenCommand = [
			"curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\",
			"-H 'Content-Type: application/x-www-form-urlencoded' \\",
			"-d 'grant_type=client_credentials' \\",
			`-d "client_id=${fixture.demo.clientId}" \\`,
			`-d "client_secret=${fixture.demo.clientSecret}" \\`,
			"-d 'scope=openid,AdobeID,read_organizations'",
		].join('\n');
		const helloCommand = `curl --request GET \\\n  --url ${emulatorUrl()}/pie/psdService/hello \\\n  --header "Authorization: Bearer ${token()}" \\\n  --header "x-api-key: ${fixture.demo.clientId}"`;
		for (const command of [tokenCommand, helloCommand]) {
			const imported = await run<{ text: string; uri: string }>('adobeApi.importCurlAsRequest', { content: command });
			assert.ok(!imported.text.includes(fixture.demo.clientSecret), 'no literal secret');
			assert.ok(!imported.text.includes(token()), 'no literal token');
			assert.match(imported.text, /\{\{\$adobeClientId\}\}/);
		}
		const hello = await run<{ text: string; uri: string }>('adobeApi.importCurlAsRequest', { content: helloCommand });
		assert.match(hello.text, /Authorization: Bearer \{\{\$adobeToken\}\}/);
		assert.match(
			path.posix.basename(vscode.Uri.parse(hello.uri).path),
			/^hello(-\d+)?\.http$/,
			"named after the URL's last word (issue #18)",
		);
		// And the imported request works as it is.
		const sent = await run<SendResult>('adobeApi.sendRequest', { uri: hello.uri });
		assert.equal(sent.status, 200);
	});

	it('opens new request files from templates, and keeps a history without tokens', async () => {
		const created = await run<{ uri: string }>('adobeApi.newRequestFile', { template: 'photoshopHello' });
		const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(created.uri));
		assert.equal(document.languageId, 'http');
		assert.match(document.getText(), /\{\{\$adobeToken\}\}/);
		const sent = await run<SendResult>('adobeApi.sendRequest', { uri: created.uri });
		assert.equal(sent.status, 200, 'the template works as it is');

		const history = await run<Array<{ method: string; url: string; status?: number }>>('adobeApi.showRequestHistory', {});
		assert.ok(history.length >= 3);
		assert.equal(history[0].status, 200);
		assert.match(history[0].url, /\{\{\$adobeEndpoint photoshop\}\}/, 'the URL as written');
		assert.ok(!JSON.stringify(history).includes(token()));
	});

	/** Our response editors' tabs, group by group (the suite's window has the workspace of test/host/run-suite.js). */
	const responseTabs = () =>
		vscode.window.tabGroups.all.map((group) =>
			group.tabs.filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === 'adobe-api-response'),
		);
	/** Closes every editor and group, reverting untitled documents first (closing them would ask to save). */
	async function closeEverything(): Promise<void> {
		for (const document of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled' && !d.isClosed)) {
			await vscode.window.showTextDocument(document);
			await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
		}
		await vscode.commands.executeCommand('workbench.action.closeAllGroups');
		assert.equal(vscode.window.tabGroups.all.length, 1);
	}

	it('names new request files after their template, numbering a name a file or an open document has (issue #18)', async () => {
		await closeEverything();
		const folder = vscode.workspace.workspaceFolders![0].uri;
		const taken = path.join(folder.fsPath, 'photoshop-v2-status.http');
		fs.writeFileSync(taken, 'GET https://example.com\n');
		try {
			const first = vscode.Uri.parse((await run<{ uri: string }>('adobeApi.newRequestFile', { template: 'fireflyGenerateAsync' })).uri);
			const second = vscode.Uri.parse((await run<{ uri: string }>('adobeApi.newRequestFile', { template: 'fireflyGenerateAsync' })).uri);
			const beside = vscode.Uri.parse((await run<{ uri: string }>('adobeApi.newRequestFile', { template: 'photoshopV2Status' })).uri);
			// Untitled, with the workspace folder's path: the tab shows the name and Save writes it there.
			assert.equal(first.toString(), folder.with({ scheme: 'untitled', path: `${folder.path}/firefly-generate.http` }).toString());
			assert.equal(path.posix.basename(second.path), 'firefly-generate-2.http', 'an open untitled document has the name');
			assert.equal(path.posix.basename(beside.path), 'photoshop-v2-status-2.http', 'a file in the folder has the name');
			const labels = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
			assert.deepEqual(
				labels,
				['firefly-generate.http', 'firefly-generate-2.http', 'photoshop-v2-status-2.http'],
				'the tabs say which is which',
			);
			const document = await vscode.workspace.openTextDocument(first);
			assert.equal(document.languageId, 'http');
			assert.equal(document.getText(), REQUEST_TEMPLATES.find((t) => t.id === 'fireflyGenerateAsync')?.text);
			assert.equal(fs.readFileSync(taken, 'utf8'), 'GET https://example.com\n', 'the file that had the name is untouched');
			assert.ok(!fs.existsSync(path.join(folder.fsPath, 'firefly-generate.http')), 'nothing is written before Save');
		} finally {
			await closeEverything();
			fs.rmSync(taken, { force: true });
		}
	});

	it('keeps one response editor beside the file: two sends leave two editor groups and one response (issue #18)', async () => {
		await closeEverything();
		const uri = requestFile('twice.http', `# @name hello\nGET {{$adobeEndpoint photoshop}}/pie/psdService/hello\n${AUTH}\n`);
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
		const click = async () => {
			const opened = responseOpened();
			await run('adobeApi.sendRequest', new vscode.Location(uri, new vscode.Position(1, 0)));
			return opened;
		};
		const first = await click();
		assert.equal(vscode.window.tabGroups.all.length, 2, 'the response opened beside the file');
		assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the file kept the focus');
		// The user clicks into the response before sending again: it still goes to the same editor, not a third group.
		await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
		const second = await click();
		assert.notEqual(second.uri.toString(), first.uri.toString());
		assert.equal(vscode.window.tabGroups.all.length, 2, 'no third group');
		const tabs = responseTabs();
		assert.deepEqual(
			tabs.map((group) => group.length),
			[0, 1],
			'one response editor, in the second group',
		);
		assert.equal((tabs[1][0].input as vscode.TabInputText).uri.toString(), second.uri.toString(), 'showing the latest response');
		assert.equal(tabs[1][0].label, 'Response hello.http');
		assert.deepEqual(vscode.languages.getDiagnostics(second.uri), [], 'a response is not checked as a request file (no red tab)');

		// Pinned, a response stays: the next one opens beside it.
		await vscode.window.showTextDocument(second, { viewColumn: vscode.ViewColumn.Two });
		await vscode.commands.executeCommand('workbench.action.pinEditor');
		const third = await click();
		assert.deepEqual(
			responseTabs().map((group) => group.map((tab) => (tab.input as vscode.TabInputText).uri.toString())),
			[[], [second.uri.toString(), third.uri.toString()]],
		);
		await closeEverything();
	});

	it('keeps one response editor per request with adobeApi.requests.responseEditor "perRequest" (issue #18)', async () => {
		await closeEverything();
		const uri = requestFile(
			'each.http',
			`# @name hello\nGET {{$adobeEndpoint photoshop}}/pie/psdService/hello\n${AUTH}\n\n###\n\n# @name again\nGET {{$adobeEndpoint photoshop}}/pie/psdService/hello\n${AUTH}\n`,
		);
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
		await withSetting('adobeApi.requests.responseEditor', 'perRequest', async () => {
			const send = async (line: number) => {
				const opened = responseOpened();
				await run('adobeApi.sendRequest', new vscode.Location(uri, new vscode.Position(line, 0)));
				return (await opened).uri.toString();
			};
			await send(1);
			const again = await send(7);
			const hello = await send(1);
			assert.equal(vscode.window.tabGroups.all.length, 2);
			assert.deepEqual(
				responseTabs().map((group) => group.map((tab) => (tab.input as vscode.TabInputText).uri.toString())),
				[[], [again, hello]],
				"each request's latest response, the first one's replaced",
			);
		});
		await closeEverything();
	});

	it('sends a `< ./file` body from the workspace folder as its bytes, and refuses one outside it, naming the line (#21)', async () => {
		const bodies: Buffer[] = [];
		const server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				bodies.push(Buffer.concat(chunks));
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'parity-'));
		try {
			// Every kind of byte a text decoding would change.
			const bytes = Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x0d, 0x0a, 0xe9]);
			fs.writeFileSync(path.join(dir, 'image.bin'), bytes);
			const uri = vscode.Uri.file(path.join(dir, 'upload.http'));
			fs.writeFileSync(
				uri.fsPath,
				`POST ${origin}/upload\nContent-Type: application/octet-stream\n\n< ./image.bin\n\n###\n\nPOST ${origin}/out\n\n< ../../outside.txt\n`,
			);
			const sent = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString() });
			assert.equal(sent.status, 200);
			assert.deepEqual(bodies, [bytes], "the file's bytes, from the request file's folder, as they are");
			const refused = await rejection(run('adobeApi.sendRequest', { uri: uri.toString(), line: 7 }));
			assert.match(refused.message, /Line 10: the body file "\.\.\/\.\.\/outside\.txt" is outside the workspace folder/);
			assert.equal(bodies.length, 1, 'nothing more was sent');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
			server.close();
		}
	});
});
