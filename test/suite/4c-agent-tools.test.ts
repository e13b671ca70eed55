/**
 * The language model tools in the real VS Code host: vscode.lm lists them, and vscode.lm.invokeTool
 * runs each read-only one against the emulator with the user's profiles. No result carries the
 * secret or a token (a recognisable secret, and servers that echo credentials back), a storage 403
 * comes back as the Technical Account explanation, and a write asks first.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { echoedForms } from '../emulator/server';
import { activateExtension, emulatorControl, emulatorRequests, emulatorUrl, stubConfirm, withPhotoshopV1 } from './helpers';

interface Info {
	clients: Record<'demo' | 'leakHunt' | 'storageDenied', { clientId: string; clientSecret: string }>;
}

const TOOLS = ['adobe_list_profiles', 'adobe_check_setup', 'adobe_verify_credential', 'adobe_list_storage', 'adobe_get_asset', 'adobe_send_request', 'adobe_get_job'];
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
	const call = async (name: string, input: object) => {
		const text = await invoke(name, input);
		answers.push(text);
		return text;
	};
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

	it('lists the demo projects, then a folder\'s first page and a cursor that fetches the next', async () => {
		const projects = await call('adobe_list_storage', {});
		for (const name of ['Brand Refresh 2026', 'Empty Project', 'Product Shots', 'Summer Campaign']) assert.match(projects, new RegExp(name));

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
			uri: (await vscode.workspace.openTextDocument({ language: 'http', content: 'POST {{$adobeEndpoint firefly}}/v3/images/generate-async\nAuthorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}\nContent-Type: application/json\n\n{"prompt": "a tool"}\n' })).uri.toString(),
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
		const denied = await call('adobe_list_storage', { profile: DENIED, projectId });
		assert.match(denied, /^Error: /);
		assert.match(denied, /Technical Account/);
		assert.match(denied, /Storage administrator/);
	});

	it('asks before a request that may change something, and sends nothing when the user declines', async () => {
		const before = (await emulatorRequests('firefly.generateAsync')).length;
		const confirm = stubConfirm(api, false);
		try {
			const text = await call('adobe_send_request', { method: 'POST', url: `${emulatorUrl()}/v3/images/generate-async`, headers: { 'content-type': 'application/json' }, body: '{"prompt":"x"}' });
			assert.match(text, /not sent/);
		} finally {
			confirm.restore();
		}
		assert.equal(confirm.asked.length, 1);
		assert.match(confirm.asked[0], /POST/);
		assert.equal((await emulatorRequests('firefly.generateAsync')).length, before, 'nothing was sent');
	});

	it('refuses a host that is not Adobe\'s, naming it', async () => {
		const text = await call('adobe_send_request', { url: 'https://attacker.example/collect' });
		assert.match(text, /^Error: /);
		assert.match(text, /attacker\.example/);
	});

	it('returns neither the secret nor a token, even when servers echo them', async () => {
		for (const route of ['storage.list', 'photoshop.hello', 'storage.metadata']) {
			await emulatorControl('POST', 'faults', { route, fault: { type: 'echo', status: 403 } });
		}
		await call('adobe_list_storage', {});
		await call('adobe_send_request', { url: `${emulatorUrl()}/pie/psdService/hello` });
		await call('adobe_get_asset', { path: '/Product Shots' });
		await call('adobe_verify_credential', {});
		await emulatorControl('DELETE', 'faults');
		await emulatorControl('POST', 'faults', { route: 'ims.token', fault: { type: 'echo', status: 401 } });
		await run('adobeApi.clearToken', { profile: PROFILE });
		await call('adobe_check_setup', {});
		await call('adobe_list_profiles', {});

		const secret = info.clients.leakHunt.clientSecret;
		assert.ok(tokens.size >= 1);
		assert.ok(answers.some((text) => /Rejected credentials|echo/i.test(text)), 'the echoed bodies reached the tools');
		const needles = [...echoedForms(secret), ...[...tokens].flatMap((token) => [...echoedForms(token), token.split('.').pop()!])];
		const leaked = answers.flatMap((text, index) => needles.filter((needle) => needle.length >= 6 && text.includes(needle)).map(() => `answer #${index}: ${text.slice(0, 160)}`));
		assert.deepEqual(leaked, []);
	});
});
