/**
 * The language model tools in the real VS Code host: vscode.lm lists them, and vscode.lm.invokeTool
 * runs each read-only one against the emulator with the user's profiles. No result or error carries
 * the secret or a token (a recognisable secret, and servers that echo credentials back), a failure
 * is thrown (VS Code shows the call as failed) with its fix, input the schema forbids is refused, a
 * storage 403 comes back as the Technical Account explanation, and a write asks first, showing
 * every header and the body.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { echoedForms } from '../emulator/server';
import { activateExtension, emulatorControl, emulatorRequests, emulatorUrl, rejection, withPhotoshopV1 } from './helpers';

interface Info {
	clients: Record<'demo' | 'leakHunt' | 'storageDenied', { clientId: string; clientSecret: string }>;
}

const TOOLS = [
	'adobe_list_profiles',
	'adobe_check_setup',
	'adobe_verify_credential',
	'adobe_list_storage',
	'adobe_get_asset',
	'adobe_send_request',
	'adobe_get_job',
	'adobe_create_folder',
	'adobe_upload_file',
	'adobe_move_asset',
	'adobe_trash_asset',
	'adobe_run_operation',
];
const PROFILE = 'Agent';
const DENIED = 'Agent without storage';
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));

/** The text of a tool's result, as the model reads it. */
async function invoke(name: string, input: object): Promise<string> {
	const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
	return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : JSON.stringify(part))).join('\n');
}

describe('Language model tools (vscode.lm)', function () {
	this.timeout(60_000);
	let api: TestApi;
	let info: Info;
	let previous: string | undefined;
	const answers: string[] = [];
	const tokens = new Set<string>();
	/** A call that must succeed: its text. Whatever it answers or throws is kept for the leak check. */
	const call = async (name: string, input: object) => {
		try {
			const text = await invoke(name, input);
			answers.push(text);
			return text;
		} catch (error) {
			answers.push((error as Error).message);
			throw error;
		}
	};
	/** A call that must fail: VS Code's invokeTool rejects, and the message is what the model reads. */
	const failure = async (name: string, input: object) => (await rejection(call(name, input))).message;
	// The send tool's GET is the seeds' Photoshop v1 hello: the emulator serves the retired v1.
	withPhotoshopV1();

	before(async () => {
		({ api } = await activateExtension());
		previous = api.services.profiles.active()?.name;
		info = await emulatorControl<Info>('GET', 'info');
		api.services.tokens.onDidChange((id) => {
			const value = api.services.tokens.snapshot(id).token?.accessToken;
			if (value) tokens.add(value);
		});
		// The leak hunt's client: a secret with the characters JSON and URLs escape.
		await run('adobeApi.addProfile', { name: PROFILE, apiKind: 'cloudStorage', ...info.clients.leakHunt });
		await run('adobeApi.addProfile', { name: DENIED, apiKind: 'cloudStorage', ...info.clients.storageDenied });
		await run('adobeApi.selectProfile', { profile: PROFILE });
		await run('adobeApi.generateToken', { profile: PROFILE });
	});
	afterEach(() => emulatorControl('DELETE', 'faults'));
	after(async () => {
		await run('adobeApi.removeProfile', { profile: PROFILE });
		await run('adobeApi.removeProfile', { profile: DENIED });
		if (previous) await run('adobeApi.selectProfile', { profile: previous });
	});

	it('lists every tool, with its #reference and input schema', () => {
		const ours = vscode.lm.tools.filter((tool) => tool.name.startsWith('adobe_'));
		assert.deepEqual(ours.map((tool) => tool.name).sort(), [...TOOLS].sort());
		for (const tool of ours) {
			assert.ok(tool.description.length > 80, `${tool.name} explains itself to the model`);
			assert.equal((tool.inputSchema as { type?: string } | undefined)?.type, 'object', `${tool.name} has an input schema`);
			assert.ok(tool.tags.includes('adobe'));
		}
	});

	it('lists the profiles with their token state, never the token', async () => {
		const text = await call('adobe_list_profiles', {});
		assert.match(text, new RegExp(`${PROFILE}.*cloudStorage`));
		assert.match(text, /valid/);
		assert.match(text, new RegExp(DENIED));
	});

	it("lists the demo projects, then a folder's first page and a cursor that fetches the next", async () => {
		const projects = await call('adobe_list_storage', {});
		for (const name of ['Brand Refresh 2026', 'Empty Project', 'Product Shots', 'Summer Campaign']) {
			assert.match(projects, new RegExp(name));
		}

		const first = await call('adobe_list_storage', { path: '/Product Shots/Spring', limit: 5 });
		assert.match(first, /shoe-01\.psd[\s\S]*shoe-05\.jpg/);
		const cursor = /^cursor: (\S+)$/m.exec(first)?.[1];
		assert.ok(cursor, 'the first page gives a cursor');
		const second = await call('adobe_list_storage', { cursor, limit: 5 });
		assert.match(second, /shoe-06\.jpg/);
		assert.ok(!second.includes('shoe-01.psd'), 'the next page, not the first again');
	});

	it('gets an asset, verifies the credential, checks the setup, sends a GET and follows a job', async () => {
		const asset = await call('adobe_get_asset', { path: '/Product Shots/Spring/shoe-02.jpg' });
		assert.match(asset, /shoe-02\.jpg/);
		assert.match(asset, /image\/jpeg/);

		assert.match(await call('adobe_verify_credential', {}), /ok|proves/i);
		const setup = await call('adobe_check_setup', { profile: PROFILE });
		assert.match(setup, /ims-reachable/);
		assert.match(setup, /verify/);

		const hello = await call('adobe_send_request', { url: `${emulatorUrl()}/pie/psdService/hello` });
		assert.match(hello, /200/);
		assert.match(hello, /Welcome to the Photoshop API/);

		// A job started the way a request file starts one, followed by the tool to its end.
		const submit = await vscode.commands.executeCommand<{ job?: { statusUrl: string } }>('adobeApi.sendRequest', {
			uri: (
				await vscode.workspace.openTextDocument({
					language: 'http',
					content:
						'POST {{$adobeEndpoint firefly}}/v3/images/generate-async\nAuthorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}\nContent-Type: application/json\n\n{"prompt": "a tool"}\n',
				})
			).uri.toString(),
		});
		assert.ok(submit.job?.statusUrl);
		const job = await call('adobe_get_job', { statusUrl: submit.job.statusUrl, timeoutSeconds: 60 });
		assert.match(job, /succeeded/);
		assert.match(job, /image 1/);
	});

	it('explains a storage 403 with the Technical Account setup', async () => {
		const projects = await call('adobe_list_storage', {});
		const projectId = /Product Shots · project · (\S+)/.exec(projects)?.[1];
		assert.ok(projectId, projects);
		const denied = await failure('adobe_list_storage', { profile: DENIED, projectId });
		assert.match(denied, /Technical Account/);
		assert.match(denied, /Storage administrator/);
	});

	it('asks before a request that may change something, showing every header with its value and the body as plain text, and sends nothing when the user declines', async () => {
		const before = (await emulatorRequests('firefly.generateAsync')).length;
		// The modal dialog's question and its detail (plain text), as the user would read them.
		const real = api.services.confirm;
		const asked: Array<{ message: string; detail: string }> = [];
		api.services.confirm = async (message, detail) => (asked.push({ message, detail }), false);
		const token = [...tokens][0];
		const body = '{"prompt":"x"}\n```\n[click](https://evil.example/steal)';
		let declined: string;
		try {
			declined = await failure('adobe_send_request', {
				method: 'POST',
				url: `${emulatorUrl()}/v3/images/generate-async?variant=1`,
				headers: { 'content-type': 'application/json', 'x-trace': 'abc-123', 'X-Session-Token': token },
				body,
			});
		} finally {
			api.services.confirm = real;
		}
		assert.match(declined, /^Not sent: Send POST request to 127\.0\.0\.1:\d+\? needs your confirmation, and it was not given\.$/);
		assert.equal(asked.length, 1);
		assert.match(asked[0].message, /^Send POST request to 127\.0\.0\.1:\d+\?$/);
		const { detail } = asked[0];
		assert.ok(detail.includes(`\nPOST ${emulatorUrl()}/v3/images/generate-async?variant=1\n`), detail);
		assert.match(detail, /\ncontent-type: application\/json\nx-trace: abc-123\nX-Session-Token: ‹redacted›\n/);
		assert.match(
			detail,
			/\nAuthorization: Bearer ‹the access token of the active Adobe profile›\nx-api-key: ‹the Client ID of the active Adobe profile›\n/,
		);
		assert.ok(detail.endsWith(`\n\n${body}`), 'the body, as it would be sent');
		assert.ok(!detail.includes(token), 'the token given as a header value is hidden');
		assert.equal((await emulatorRequests('firefly.generateAsync')).length, before, 'nothing was sent');
	});

	it('asks before a Cloud Storage write in our dialog when there is no chat: declined, nothing changes; confirmed, the folder is created', async () => {
		const name = `From the agent ${Date.now()}`;
		const before = (await emulatorRequests('storage.create')).length;
		const real = api.services.confirm;
		const asked: Array<{ message: string; detail: string; action: string }> = [];
		let answer = false;
		api.services.confirm = async (message, detail, action) => (asked.push({ message, detail, action }), answer);
		let created: string;
		try {
			const declined = await failure('adobe_create_folder', { parentPath: 'Product Shots', name });
			assert.match(declined, /^Not done: Create folder ".*" in Adobe Cloud Storage\? needs your confirmation, and it was not given\.$/);
			assert.equal((await emulatorRequests('storage.create')).length, before, 'nothing was sent');
			answer = true;
			created = await call('adobe_create_folder', { parentPath: 'Product Shots', name });
		} finally {
			api.services.confirm = real;
		}
		assert.equal(asked.length, 2);
		assert.equal(asked[0].message, `Create folder "${name}" in Adobe Cloud Storage?`);
		assert.equal(asked[0].action, 'Create');
		assert.match(asked[0].detail, /creates a folder in "Product Shots" in Adobe Cloud Storage/);
		assert.match(created, new RegExp(`Created folder "${name}" · urn:aaid:`));
		assert.equal((await emulatorRequests('storage.create')).length, before + 1);
		assert.match(await call('adobe_list_storage', { path: 'Product Shots', limit: 100 }), new RegExp(`- ${name} · folder`));
	});

	it('asks before running an operation in our dialog: declined, nothing is sent; confirmed, the result is beside the source and the job in the Jobs view', async () => {
		const input = { path: 'Product Shots/Spring/shoe-06.jpg', operation: 'photoshop.autoTone' };
		const before = (await emulatorRequests('photoshop.v2Edit')).length;
		const real = api.services.confirm;
		const asked: Array<{ message: string; detail: string; action: string }> = [];
		let answer = false;
		api.services.confirm = async (message, detail, action) => (asked.push({ message, detail, action }), answer);
		let ran: string;
		try {
			const declined = await failure('adobe_run_operation', input);
			assert.match(
				declined,
				/^Not done: Run Auto Tone on "Product Shots\/Spring\/shoe-06\.jpg"\? needs your confirmation, and it was not given\.$/,
			);
			assert.equal((await emulatorRequests('photoshop.v2Edit')).length, before, 'nothing was sent');
			answer = true;
			ran = await call('adobe_run_operation', input);
		} finally {
			api.services.confirm = real;
		}
		assert.equal(asked[0].action, 'Run');
		assert.match(asked[0].detail, /saves the result as a new file beside it \(nothing is overwritten\)/);
		assert.match(ran, /^Ran Auto Tone \(photoshop\.autoTone\) on .* job succeeded/);
		assert.match(ran, /- \/Product Shots\/Spring\/shoe-06 \(auto tone\)( \(\d+\))?\.jpg · urn:aaid:/);
		assert.doesNotMatch(ran, /__download|__jobs\/output|X-Amz-|sig=/);
		assert.match(
			await call('adobe_list_storage', { path: 'Product Shots/Spring', limit: 100 }),
			/- shoe-06 \(auto tone\)( \(\d+\))?\.jpg · file/,
		);
		const jobId = /jobId ([\w-]+)/.exec(ran)?.[1];
		const job = api.jobs().find((j) => j.jobId === jobId);
		assert.ok(job, 'the job is in the Jobs view');
		assert.match(job.title, /Auto Tone on shoe-06\.jpg \(agent\)/);
	});

	it("fails a call by throwing, with the reason and the fix: a host that is not Adobe's is refused, naming it", async () => {
		const before = (await emulatorRequests()).length;
		const message = await failure('adobe_send_request', { url: 'https://attacker.example/collect' });
		assert.match(message, /attacker\.example/);
		assert.match(message, / Fix: /);
		assert.ok(!message.startsWith('Error: '), 'VS Code says the call failed; the message does not say it twice');
		assert.equal((await emulatorRequests()).length, before, 'nothing was sent');
	});

	it('refuses input its schema forbids, by throwing, before anything is sent', async () => {
		const before = (await emulatorRequests()).length;
		assert.match(await failure('adobe_list_storage', { limit: '20' }), /limit must be a whole number from 1 to 100, not string/);
		assert.match(
			await failure('adobe_list_storage', { folder: 'Product Shots' }),
			/adobe_list_storage does not take "folder"; it accepts profile, projectId/,
		);
		assert.match(
			await failure('adobe_send_request', { url: `${emulatorUrl()}/pie/psdService/hello`, method: 'get' }),
			/method must be one of GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE/,
		);
		assert.match(await failure('adobe_get_job', {}), /statusUrl is required/);
		assert.equal((await emulatorRequests()).length, before, 'nothing was sent');
	});

	it('returns neither the secret nor a token, even when servers echo them', async () => {
		for (const route of ['storage.list', 'photoshop.hello', 'storage.metadata']) {
			await emulatorControl('POST', 'faults', { route, fault: { type: 'echo', status: 403 } });
		}
		// Each may succeed or fail (a failure is thrown): its text or its message is kept either way.
		const settled = (name: string, input: object) => call(name, input).catch(() => undefined);
		await settled('adobe_list_storage', {});
		await settled('adobe_send_request', { url: `${emulatorUrl()}/pie/psdService/hello` });
		await settled('adobe_get_asset', { path: '/Product Shots' });
		await settled('adobe_verify_credential', {});
		await emulatorControl('DELETE', 'faults');
		await emulatorControl('POST', 'faults', { route: 'ims.token', fault: { type: 'echo', status: 401 } });
		await run('adobeApi.clearToken', { profile: PROFILE });
		await settled('adobe_check_setup', {});
		await settled('adobe_list_profiles', {});

		const secret = info.clients.leakHunt.clientSecret;
		assert.ok(tokens.size >= 1);
		assert.ok(
			answers.some((text) => /Rejected credentials|echo/i.test(text)),
			'the echoed bodies reached the tools',
		);
		const needles = [...echoedForms(secret), ...[...tokens].flatMap((token) => [...echoedForms(token), token.split('.').pop()!])];
		const leaked = answers.flatMap((text, index) =>
			needles.filter((needle) => needle.length >= 6 && text.includes(needle)).map(() => `answer #${index}: ${text.slice(0, 160)}`),
		);
		assert.deepEqual(leaked, []);
	});
});
