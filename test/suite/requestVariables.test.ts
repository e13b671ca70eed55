/**
 * Request-file variables in the real VS Code host (issue #21): REST Client's environments (the
 * rest-client.environmentVariables setting in the workspace's .vscode/settings.json, switched with
 * Select Request Environment and shown in the status bar), squiggles (unknown variables, a token in a
 * URL, a token for a host that is not Adobe's, a malformed block), `{{` completion, the hover over a
 * `{{variable}}` (where it resolves, a value only where it may be shown), request variables
 * across two Sends, `# @prompt` answers from a script, and {{$processEnv}} / sensitive request
 * variables held to the token's origin rule. The requests go to a local server the test runs, or to
 * the emulator (Adobe).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { rejection, requestFileProfile, stubConfirm, withPhotoshopV1 } from './helpers';

interface SendResult {
	status: number;
	body: string;
	document: string;
}
interface Selection {
	name: string | null;
	environments: string[];
	statusBar?: string;
}
interface Hit {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const SETTING = 'rest-client.environmentVariables';
const AUTH = 'Authorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}';

/** Resolves with the document's diagnostics once `done` holds for them (as VS Code publishes changes). */
function diagnosticsUntil(uri: vscode.Uri, done: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
	return new Promise((resolve) => {
		const check = () => {
			const diagnostics = vscode.languages.getDiagnostics(uri);
			if (!done(diagnostics)) return;
			listener.dispose();
			resolve(diagnostics);
		};
		const listener = vscode.languages.onDidChangeDiagnostics(check);
		check();
	});
}

const codesOf = (diagnostics: vscode.Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`).sort();

describe('Request variables, environments, diagnostics and completion', function () {
	this.timeout(60_000);
	const fixture = requestFileProfile('Variables', 'adobe-variables-');
	const requestFile = (name: string, text: string) => fixture.requestFile(name, text);
	withPhotoshopV1();

	const hits: Hit[] = [];
	let server: http.Server;
	let origin: string;
	/** The workspace's .vscode/settings.json as it was (undefined: there was none). */
	let settingsFile: string;
	let originalSettings: string | undefined;

	/** Writes REST Client's setting into the workspace's .vscode/settings.json, as a REST Client user has it, and waits for VS Code to read it. */
	async function setEnvironments(value: unknown): Promise<void> {
		const current = fs.existsSync(settingsFile) ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
		if (value === undefined) delete current[SETTING];
		else current[SETTING] = value;
		const changed = new Promise<void>((resolve) => {
			const listener = vscode.workspace.onDidChangeConfiguration((event) => {
				if (!event.affectsConfiguration(SETTING)) return;
				listener.dispose();
				resolve();
			});
		});
		fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
		fs.writeFileSync(settingsFile, JSON.stringify(current, null, 2));
		await changed;
		assert.deepEqual(vscode.workspace.getConfiguration('rest-client').get('environmentVariables'), value);
	}

	before(async () => {
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder, 'the suite runs in a workspace folder');
		settingsFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
		originalSettings = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
		server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
				if (req.url === '/login') {
					res.writeHead(200, { 'content-type': 'application/json', location: '/items/42' });
					res.end('{"id":"42","session":{"user":"ada"}}');
					return;
				}
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"ok":true}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	after(async () => {
		await run('adobeApi.selectRequestEnvironment', { name: null });
		const restored = new Promise<void>((resolve) => {
			const listener = vscode.workspace.onDidChangeConfiguration((event) => {
				if (!event.affectsConfiguration(SETTING)) return;
				listener.dispose();
				resolve();
			});
		});
		if (originalSettings === undefined) fs.rmSync(settingsFile, { force: true });
		else fs.writeFileSync(settingsFile, originalSettings);
		// Only when the setting was there to remove does VS Code report a change.
		if (vscode.workspace.getConfiguration('rest-client').get(SETTING.split('.')[1]) !== undefined) await restored;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('switches the environment with the command (scripted { name }), shows it in the status bar, and a Send uses it over $shared', async () => {
		const environments = {
			$shared: { version: 'v1', label: 'shared' },
			dev: { base: `${origin}/dev`, label: '{{$shared label}}-dev' },
			prod: { base: `${origin}/prod`, version: 'v2' },
		};
		await setEnvironments(environments);
		const uri = requestFile('environments.http', 'GET {{base}}/{{version}}/items\nx-label: {{label}}\n');
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));

		const dev = await run<Selection>('adobeApi.selectRequestEnvironment', { name: 'dev' });
		assert.deepEqual(dev, { name: 'dev', environments: ['dev', 'prod'], statusBar: '$(server-environment) dev' });
		const before = hits.length;
		await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString() });
		assert.deepEqual(
			hits.slice(before).map((hit) => [hit.url, hit.headers['x-label']]),
			[['/dev/v1/items', 'shared-dev']],
			'dev, with $shared under it and {{$shared label}} replaced',
		);

		const prod = await run<Selection>('adobeApi.selectRequestEnvironment', { name: 'prod' });
		assert.equal(prod.statusBar, '$(server-environment) prod');
		await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString() });
		assert.deepEqual(
			hits.slice(before + 1).map((hit) => [hit.url, hit.headers['x-label']]),
			[['/prod/v2/items', 'shared']],
			"prod's own version wins over $shared's",
		);

		// No Environment: $shared only, so {{base}} is not defined and nothing is sent.
		const none = await run<Selection>('adobeApi.selectRequestEnvironment', { name: null });
		assert.deepEqual(none, { name: null, environments: ['dev', 'prod'], statusBar: '$(server-environment) No Environment' });
		const refused = await rejection(run('adobeApi.sendRequest', { uri: uri.toString() }));
		assert.match(refused.message, /\{\{base\}\}/);
		assert.equal(hits.length, before + 2, 'nothing was sent without the environment');

		const unknown = await rejection(run('adobeApi.selectRequestEnvironment', { name: 'staging' }));
		assert.match(unknown.message, /"staging" is not an environment of rest-client\.environmentVariables \(dev, prod\)/);

		// A setting that is not an object of environments: the status bar warns.
		await setEnvironments(['not', 'environments']);
		const broken = await run<Selection>('adobeApi.selectRequestEnvironment', { name: null });
		assert.equal(broken.statusBar, '$(warning) No Environment');
		await setEnvironments(environments);
	});

	it('marks unknown variables, a token in a URL, a token for a host that is not Adobe, a malformed block, and checks again when the environment changes', async () => {
		await run('adobeApi.selectRequestEnvironment', { name: null });
		const text = [
			'GET {{base}}/a?key={{$adobeToken}}',
			'',
			'###',
			'GET https://collector.example/b',
			AUTH,
			'',
			'###',
			'GET https://example.com/a b',
			'',
			'###',
			'GET https://example.com/{{nope}}/{{$nope}}',
		].join('\n');
		const uri = requestFile('diagnostics.http', text);
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
		const expected = [
			'0:credential-in-url',
			'0:unknown-variable',
			'3:credential-origin',
			'8:parse-problem',
			'11:unknown-builtin',
			'11:unknown-variable',
		];
		const diagnostics = await diagnosticsUntil(uri, (found) => codesOf(found).join() === [...expected].sort().join());
		for (const diagnostic of diagnostics) assert.equal(diagnostic.source, 'Adobe request');
		const unknown = diagnostics.find((d) => d.code === 'unknown-variable' && d.range.start.line === 0);
		assert.match(unknown?.message ?? '', /\{\{base\}\} is not defined: not a file variable .*no environment is selected/);
		assert.deepEqual([unknown?.range.start.character, unknown?.range.end.character], [4, 12], 'the squiggle is on {{base}}');
		const foreign = diagnostics.find((d) => d.code === 'credential-origin');
		assert.equal(foreign?.severity, vscode.DiagnosticSeverity.Warning);
		assert.match(foreign?.message ?? '', /collector\.example, which is not an Adobe host/);
		assert.equal(diagnostics.find((d) => d.code === 'credential-in-url')?.severity, vscode.DiagnosticSeverity.Error);

		// The environment that defines {{base}}: that squiggle goes, the others stay.
		await run('adobeApi.selectRequestEnvironment', { name: 'dev' });
		await diagnosticsUntil(
			uri,
			(found) =>
				codesOf(found).join() ===
				expected
					.filter((code) => code !== '0:unknown-variable')
					.sort()
					.join(),
		);
		await run('adobeApi.selectRequestEnvironment', { name: null });
	});

	it('completes file and environment variables, the built-ins with their arguments and request variables after {{', async () => {
		await run('adobeApi.selectRequestEnvironment', { name: 'dev' });
		const text = ['@fileVar = 1', '', '# @name login', `POST ${origin}/login`, '', '###', '# @prompt otp', 'GET {{'].join('\n');
		const uri = requestFile('completion.http', text);
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
		const list = await vscode.commands.executeCommand<vscode.CompletionList>(
			'vscode.executeCompletionItemProvider',
			uri,
			new vscode.Position(7, 6),
			'{',
		);
		const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
		for (const label of ['otp', 'fileVar', 'base', 'label', 'login.response.body.$', '$adobeToken', '$datetime']) {
			assert.ok(labels.includes(label), `${label} is offered (got ${labels.join(', ')})`);
		}
		const datetime = list.items.find((item) => typeof item.label !== 'string' && item.label.label === '$datetime');
		assert.equal(
			(datetime?.label as vscode.CompletionItemLabel).detail,
			' rfc1123|iso8601|"format" [offset unit]',
			'a built-in shows its arguments',
		);
		const endpoint = list.items.find((item) =>
			String(typeof item.label === 'string' ? item.label : item.label.label).startsWith('$adobeEndpoint'),
		);
		assert.ok(endpoint?.insertText instanceof vscode.SnippetString);
		assert.match(endpoint.insertText.value, /^\\\$adobeEndpoint \$\{1\|ims,photoshop,/);
		await run('adobeApi.selectRequestEnvironment', { name: null });
	});

	it('hovers a {{variable}}: where it resolves and its value; a {{$adobeToken}} hover shows no token or Client ID', async () => {
		await setEnvironments({ $shared: { version: 'v1' }, dev: { base: `${origin}/dev` } });
		// Selecting goes through the request-file bundle, so its hover provider is registered.
		await run('adobeApi.selectRequestEnvironment', { name: 'dev' });
		const profile = fixture.api.services.profiles.find('Variables');
		const token = profile && fixture.api.services.tokens.snapshot(profile.id).token?.accessToken;
		assert.ok(token, 'the profile has a token, which the hover must not show');
		const lines = ['@greeting = hello world', '', 'GET {{base}}/{{version}}/items', 'x-greeting: {{greeting}}', ...AUTH.split('\n')];
		const uri = requestFile('hover.http', lines.join('\n'));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
		/** The hovers' text at the first `{{` of `needle`, Markdown escapes removed. */
		const hoverText = async (needle: string) => {
			const line = lines.findIndex((l) => l.includes(needle));
			const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
				'vscode.executeHoverProvider',
				uri,
				new vscode.Position(line, lines[line].indexOf(needle) + 3),
			);
			const text = hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
			return { raw: text, text: text.replace(/\\(.)/g, '$1') };
		};
		const greeting = await hoverText('{{greeting}}');
		assert.match(greeting.text, /\{\{greeting\}\}\*\*: file variable, line 1\n\nValue: hello world/);
		const base = await hoverText('{{base}}');
		assert.ok(base.text.includes(`environment "dev"\n\nValue: ${origin}/dev`), base.text);
		assert.ok(!base.raw.includes(origin), 'the value is escaped Markdown: no bare URL to linkify');
		const version = await hoverText('{{version}}');
		assert.ok(version.text.includes('environment $shared (under "dev")\n\nValue: v1'), version.text);
		for (const needle of ['{{$adobeToken}}', '{{$adobeClientId}}']) {
			const credential = await hoverText(needle);
			assert.match(credential.text, /built-in variable \$adobe(Token|ClientId) \[profile name\]/);
			assert.match(credential.text, /Value hidden: a credential is never shown/);
			for (const secret of [token, fixture.demo.clientId]) assert.ok(!credential.raw.includes(secret), `${needle}: no credential`);
		}
		await run('adobeApi.selectRequestEnvironment', { name: null });
	});

	it("chains two Sends: a named request's answer feeds {{login.response.body.$.id}} and {{login.response.headers.Location}}", async () => {
		const text = [
			'# @name login',
			`POST ${origin}/login`,
			'content-type: application/json',
			'',
			'{"user":"ada"}',
			'',
			'###',
			`GET ${origin}/items/{{login.response.body.$.id}}`,
			'x-location: {{login.response.headers.Location}}',
			'x-user: {{login.request.body.$.user}}',
		].join('\n');
		const uri = requestFile('chain.http', text);
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
		// Before login is sent: an information squiggle on each use, as REST Client shows it.
		const notSent = await diagnosticsUntil(uri, (found) => found.filter((d) => d.code === 'request-not-sent').length === 3);
		assert.ok(notSent.every((d) => d.code !== 'request-not-sent' || d.severity === vscode.DiagnosticSeverity.Information));

		const before = hits.length;
		await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString(), line: 1 });
		await diagnosticsUntil(uri, (found) => !found.some((d) => d.code === 'request-not-sent'));
		await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString(), line: 7 });
		const [login, item] = hits.slice(before);
		assert.equal(login.url, '/login');
		assert.deepEqual([item.url, item.headers['x-location'], item.headers['x-user']], ['/items/42', '/items/42', 'ada']);
	});

	it('answers # @prompt variables from a script, and refuses a Send a prompt has no answer for', async () => {
		const uri = requestFile(
			'prompts.http',
			`# @prompt otp Your one-time code\n# @prompt password\nPOST ${origin}/verify/{{otp}}\nx-pass: {{password}}\n`,
		);
		const before = hits.length;
		await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString(), prompts: { otp: '123456', password: 'open sesame' } });
		assert.deepEqual(
			hits.slice(before).map((hit) => [hit.url, hit.headers['x-pass']]),
			[['/verify/123456', 'open sesame']],
		);
		const refused = await rejection(run('adobeApi.sendRequest', { uri: uri.toString(), prompts: { otp: '1' } }));
		assert.match(refused.message, /password/);
		assert.equal(hits.length, before + 1, 'nothing was sent without every answer');
	});

	it('sends {{$processEnv}} only where the token may go: another origin is asked about, and gets nothing when refused', async () => {
		const uri = requestFile('processEnv.http', `GET ${origin}/env\nx-home: {{$processEnv HOME}}\n`);
		const confirm = stubConfirm(fixture.api, false);
		try {
			const before = hits.length;
			const refused = await rejection(run('adobeApi.sendRequest', { uri: uri.toString() }));
			assert.match(refused.message, /Not sent/);
			assert.equal(confirm.asked.length, 1, 'the user was asked');
			assert.equal(hits.length, before, 'nothing reached the server');
			confirm.answer(true);
			const sent = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString() });
			assert.equal(sent.status, 200);
			assert.equal(hits.at(-1)?.headers['x-home'], process.env.HOME);
		} finally {
			confirm.restore();
		}
	});

	it('treats a request variable read from an Adobe answer as sensitive: it goes only where the token may go', async () => {
		const text = [
			'# @name hello',
			'GET {{$adobeEndpoint photoshop}}/pie/psdService/hello',
			AUTH,
			'',
			'###',
			`POST ${origin}/collect`,
			'',
			'{{hello.response.body.*}}',
		].join('\n');
		const uri = requestFile('sensitive.http', text);
		const hello = await run<SendResult>('adobeApi.sendRequest', { uri: uri.toString(), line: 1 });
		assert.equal(hello.status, 200);
		const confirm = stubConfirm(fixture.api, false);
		try {
			const before = hits.length;
			const refused = await rejection(run('adobeApi.sendRequest', { uri: uri.toString(), line: 5 }));
			assert.match(refused.message, /Not sent/);
			assert.equal(hits.length, before, "nothing of Adobe's answer reached the other server");
		} finally {
			confirm.restore();
		}
	});
});
