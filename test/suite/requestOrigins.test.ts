/**
 * Issue #16 in the real VS Code host: the token goes only to the hosts where Adobe itself serves an
 * API. App Builder API Mesh gateways live under adobe.io but run their owners' configurations (which
 * may forward `Authorization` to any backend), so a request file, a language model tool and the job
 * follower send nothing there. Those hosts are real internet names: "nothing sent" is shown on the
 * extension's one HTTP client, which every request, tool call and poll goes through (each send is
 * recorded, by URL, while these tests run), and by each refusal coming before any question could be
 * answered yes. Also: the Send CodeLens names the host a request resolves to, and a redefined file
 * variable gets a warning on both of its lines.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { emulatorControl, emulatorUrl, rejection, requestFileProfile, stubConfirm } from './helpers';
import { ADOBE_HOSTS_IN_WORDS } from '../../src/core/requests/origins';

interface JobSummary {
	id: string;
	state: string;
	terminal: boolean;
	stopped?: string;
	statusUrl: string;
	polls: number;
}

interface SendResult {
	status: number;
	job?: JobSummary;
}

/** App Builder API Mesh gateways (AdobeDocs/graphql-mesh-gateway): under adobe.io, not Adobe's API. */
const MESH_HOSTS = ['edge-graph.adobe.io', 'edge-sandbox-graph.adobe.io', 'graph.adobe.io'];
const PROFILE = 'Origins';
const AUTH = 'Authorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}';
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));

/** A tool's answer as the model reads it: its text, or the message of the failure VS Code reports. */
async function invokeTool(name: string, input: object): Promise<string> {
	try {
		const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
		return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : JSON.stringify(part))).join('\n');
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}

describe('Token origins: API Mesh hosts get nothing; the CodeLens names the host', function () {
	this.timeout(60_000);
	const fixture = requestFileProfile(PROFILE, 'adobe-origins-');
	let api: TestApi;
	const requestFile = (name: string, text: string) => fixture.requestFile(name, text);
	/** Every URL the extension's HTTP client was asked to send while these tests ran. */
	const sent: string[] = [];
	let restoreSend: () => void = () => undefined;

	const sentTo = (host: string) => sent.filter((url) => new URL(url).hostname === host);

	before(() => {
		({ api } = fixture);
		// The one HTTP client behind request files, tools and job polls (kept until the settings change).
		const http = api.services.clients.get().http;
		const send = http.send;
		http.send = (request) => {
			sent.push(request.url);
			return send.call(http, request);
		};
		restoreSend = () => (http.send = send);
	});
	after(() => restoreSend());

	it('records the sends it watches (the check below can fail)', async () => {
		const before = sent.length;
		await invokeTool('adobe_send_request', { url: `${emulatorUrl()}/pie/psdService/hello` });
		assert.ok(
			sent.slice(before).some((url) => url.startsWith(`${emulatorUrl()}/pie/psdService/hello`)),
			'a request the extension sends is recorded',
		);
	});

	it('a request file to each mesh host: the user is asked (it is not Adobe), and when they decline nothing is sent', async () => {
		for (const host of MESH_HOSTS) {
			const uri = requestFile(
				`${host}.http`,
				`POST https://${host}/api/a1b2c3/graphql\n${AUTH}\nContent-Type: application/json\n\n{"query": "{ __typename }"}\n`,
			);
			const confirm = stubConfirm(api, false);
			try {
				const refused = await rejection(run('adobeApi.sendRequest', { uri: uri.toString() }));
				assert.match(refused.message, /Not sent: /, host);
				assert.ok(refused.message.includes(host), `${host}: the message names the host`);
				assert.doesNotMatch(refused.message, /\*\.adobe\.io/, 'the message does not call every adobe.io host Adobe');
				assert.equal(confirm.asked.length, 1, `${host}: the token was not sent without asking`);
				assert.ok(confirm.asked[0].includes(host), confirm.asked[0]);
			} finally {
				confirm.restore();
			}
			assert.deepEqual(sentTo(host), [], `${host}: nothing was sent`);
		}
	});

	it('an agent tool GET to each mesh host is refused without asking, and nothing is sent', async () => {
		for (const host of MESH_HOSTS) {
			// Even a user who would say yes is not asked: a model named this address.
			const confirm = stubConfirm(api, true);
			let text: string;
			try {
				text = await invokeTool('adobe_send_request', { method: 'GET', url: `https://${host}/api/a1b2c3/graphql?query=%7B__typename%7D` });
			} finally {
				confirm.restore();
			}
			assert.ok(text.includes(host), `${host}: ${text}`);
			assert.match(text, /not sent/, host);
			assert.deepEqual(confirm.asked, [], `${host}: nobody was asked`);
			assert.deepEqual(sentTo(host), [], `${host}: nothing was sent`);
		}
	});

	it('a job whose status URL is on each mesh host is not followed: no status request is sent, by the Jobs view or adobe_get_job', async () => {
		for (const host of MESH_HOSTS) {
			// The submit answer names the mesh host as the job's status and cancel address.
			await emulatorControl('POST', 'faults', {
				route: 'firefly.generateAsync',
				fault: { type: 'lyingStatusUrl', origin: `https://${host}` },
				times: 1,
			});
			const uri = requestFile(
				`job-${host}.http`,
				`POST {{$adobeEndpoint firefly}}/v3/images/generate-async\n${AUTH}\nContent-Type: application/json\n\n{ "prompt": "a lighthouse" }\n`,
			);
			const result = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString(), waitForJob: true });
			assert.equal(result.status, 202);
			assert.ok(result.job, 'the answer was recognised as a job');
			assert.equal(new URL(result.job.statusUrl).hostname, host);
			assert.equal(result.job.polls, 0, `${host}: no status request`);
			assert.ok(result.job.stopped?.includes(host), `${host}: ${result.job.stopped}`);
			assert.match(result.job.stopped ?? '', /was not sent/);

			const tool = await invokeTool('adobe_get_job', { statusUrl: result.job.statusUrl, timeoutSeconds: 5 });
			assert.ok(tool.includes(host), tool);
			assert.match(tool, /not sent/);
			assert.deepEqual(sentTo(host), [], `${host}: nothing was sent`);
		}
	});

	it('names the resolved host in the Send CodeLens, and falls back to the generic title when it does not resolve', async () => {
		const uri = requestFile(
			'hosts.http',
			[
				'@base = {{$adobeEndpoint photoshop}}',
				'GET {{base}}/pie/psdService/hello',
				AUTH,
				'',
				'###',
				'GET https://photoshop-api.adobe.io/v2/status/1',
				'',
				'###',
				'GET {{undefinedVariable}}/x',
			].join('\n'),
		);
		await vscode.workspace.openTextDocument(uri);
		const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).filter(
			// The Run All link above the first request is runAll.test.ts's.
			(lens) => lens.command?.command !== 'adobeApi.runAllRequests',
		);
		const titles = lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title}`);
		const photoshop = new URL(vscode.workspace.getConfiguration('adobeApi').get<string>('photoshopBaseUrl') as string).host;
		assert.deepEqual(titles, [
			`1: $(send) Send to ${photoshop}`,
			'6: $(send) Send to photoshop-api.adobe.io',
			'9: $(send) Send with Adobe profile',
		]);
		assert.ok(
			lenses.every((lens) => lens.command?.command === 'adobeApi.sendRequest'),
			'the command stays the same',
		);
	});

	it('warns on both lines of a redefined file variable, and the CodeLens shows the host the later one sends to', async () => {
		// AUTH is two lines: the second definition is on line 10 (index 9).
		const text = [
			'@host = https://photoshop-api.adobe.io',
			'',
			'GET {{host}}/v2/status/1',
			AUTH,
			'',
			'###',
			'',
			'',
			'@host = https://collector.example',
		].join('\n');
		const uri = requestFile('redefined.http', text);
		const published = new Promise<void>((resolve) => {
			const listener = vscode.languages.onDidChangeDiagnostics((event) => {
				if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
				// The two warnings, and (once the request's host resolves) that the token would go to a host that is not Adobe's.
				if (vscode.languages.getDiagnostics(uri).length < 3) return;
				listener.dispose();
				resolve();
			});
		});
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
		if (vscode.languages.getDiagnostics(uri).length < 3) await published;
		const diagnostics = vscode.languages.getDiagnostics(uri);
		assert.deepEqual(
			diagnostics.map((d) => [d.range.start.line, d.severity, d.message]),
			[
				[
					0,
					vscode.DiagnosticSeverity.Warning,
					'"@host" is redefined on line 10; every request in this file uses the value from line 10: "https://collector.example".',
				],
				[
					2,
					vscode.DiagnosticSeverity.Warning,
					`This request carries a credential or a sensitive value ({{$adobeToken}}, {{$adobeClientId}}, {{$processEnv}}, {{$dotenv}} or a request variable read from an Adobe answer) and goes to collector.example, which is not ${ADOBE_HOSTS_IN_WORDS}, a configured endpoint or an origin you approved: Send asks you before sending it.`,
				],
				[
					9,
					vscode.DiagnosticSeverity.Warning,
					'"@host" redefines the variable from line 1; every request in this file uses this value: "https://collector.example".',
				],
			],
		);
		assert.deepEqual(
			diagnostics.map((d) => d.relatedInformation?.map((info) => info.location.range.start.line)),
			[[9], undefined, [0]],
			'each points at the other definition',
		);
		const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).filter(
			// The Run All link above the first request is runAll.test.ts's.
			(lens) => lens.command?.command !== 'adobeApi.runAllRequests',
		);
		assert.deepEqual(
			lenses.map((lens) => lens.command?.title),
			['$(send) Send to collector.example'],
		);

		// Removing the redefinition clears the warnings.
		const editor = vscode.window.activeTextEditor;
		assert.equal(editor?.document.uri.toString(), uri.toString());
		const cleared = new Promise<void>((resolve) => {
			const listener = vscode.languages.onDidChangeDiagnostics(() => {
				if (vscode.languages.getDiagnostics(uri).length > 0) return;
				listener.dispose();
				resolve();
			});
		});
		await editor.edit((edit) => edit.delete(new vscode.Range(9, 0, 9, text.split('\n')[9].length)));
		await cleared;
		assert.deepEqual(vscode.languages.getDiagnostics(uri), []);
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	});
});
