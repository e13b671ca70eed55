/**
 * The MCP server as an MCP client sees it: `node dist/mcp.js` started by the SDK's stdio client with
 * the emulator's credential and endpoints in its environment. Every message it wrote to stdout and
 * every line to stderr is kept and searched for the secret and for every token the emulator minted.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AGENT_TOOLS } from '../../src/core/agentTools';
import { DEMO_CLIENTS, assertNoLeak, useEmulator } from './helpers';

const root = path.resolve(__dirname, '../../..');
const serverScript = path.join(root, 'dist/mcp.js');

/** Newest modification time of the files under `dir`. */
function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

/** dist/mcp.js as `npm run compile` builds it; rebuilt when missing or older than the sources. */
function ensureBuilt(): void {
	const built = fs.existsSync(serverScript) ? fs.statSync(serverScript).mtimeMs : 0;
	if (built >= newestMtime(path.join(root, 'src'))) return;
	execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'ignore' });
}

interface Session {
	client: Client;
	/** Every JSON-RPC message the server wrote to stdout, as JSON. */
	stdout: string[];
	stderr: string[];
	/** Transport errors, e.g. a stdout line that is not JSON-RPC. */
	errors: string[];
	call(name: string, args?: Record<string, unknown>): Promise<CallToolResult & { structuredContent?: Record<string, unknown> }>;
	/** Ends the server (it exits when stdin closes) and waits until all it wrote to stderr has arrived. */
	close(): Promise<void>;
}

async function start(env: Record<string, string>): Promise<Session> {
	const transport = new StdioClientTransport({ command: process.execPath, args: [serverScript], env: { PATH: process.env.PATH ?? '', ...env }, stderr: 'pipe' });
	const stdout: string[] = [];
	const stderr: string[] = [];
	const errors: string[] = [];
	transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
	const stderrClosed = new Promise<void>((resolve) => transport.stderr?.once('close', () => resolve()));
	// The client installs its handlers on connect; wrapping them sees every message the server sends.
	let onMessage: ((message: unknown) => void) | undefined;
	Object.defineProperty(transport, 'onmessage', {
		configurable: true,
		get: () => onMessage && ((message: unknown) => (stdout.push(JSON.stringify(message)), onMessage?.(message))),
		set: (handler: (message: unknown) => void) => (onMessage = handler),
	});
	let onError: ((error: Error) => void) | undefined;
	Object.defineProperty(transport, 'onerror', {
		configurable: true,
		get: () => (error: Error) => (errors.push(error.message), onError?.(error)),
		set: (handler: (error: Error) => void) => (onError = handler),
	});
	const client = new Client({ name: 'mcp-test', version: '1.0.0' });
	await client.connect(transport);
	let closed: Promise<void> | undefined;
	return {
		client,
		stdout,
		stderr,
		errors,
		call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult & { structuredContent?: Record<string, unknown> },
		close: () => (closed ??= client.close().then(() => stderrClosed)),
	};
}

function textOf(result: CallToolResult): string {
	return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

describe('MCP server (dist/mcp.js over stdio)', function () {
	this.timeout(60_000);
	const env = useEmulator({ largeFolderSize: 12 });
	const demo = DEMO_CLIENTS.demo;
	let sessions: Session[] = [];

	before(ensureBuilt);

	afterEach(async () => {
		await Promise.all(sessions.map((s) => s.close()));
		sessions = [];
	});

	function credentialEnv(clientId: string, clientSecret: string): Record<string, string> {
		const { ims, photoshop, cloudStorage } = env.emulator.endpoints;
		return {
			ADOBE_CLIENT_ID: clientId,
			ADOBE_CLIENT_SECRET: clientSecret,
			ADOBE_API_KIND: 'cloudStorage',
			ADOBE_IMS_BASE_URL: ims,
			ADOBE_PHOTOSHOP_BASE_URL: photoshop,
			ADOBE_CLOUD_STORAGE_BASE_URL: cloudStorage,
			// The most verbose logging: whatever it writes must still be free of secrets.
			ADOBE_LOG_LEVEL: 'trace',
		};
	}

	async function session(clientId = demo.clientId, clientSecret = demo.clientSecret, extra: Record<string, string> = {}): Promise<Session> {
		const started = await start({ ...credentialEnv(clientId, clientSecret), ...extra });
		sessions.push(started);
		return started;
	}

	/** Neither the secret (as is, JSON-escaped, percent-encoded) nor any token the emulator minted is in anything the server wrote. */
	async function assertNothingLeaked(s: Session, secret: string): Promise<void> {
		await s.close();
		const tokens = [...env.emulator.tokens.keys()];
		const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), ...tokens];
		assertNoLeak(forms, s.stdout.join('\n'), s.stderr.join(''));
		assert.deepEqual(s.errors, [], 'the server wrote something on stdout that is not the protocol');
	}

	it('lists the seven agent tools with their model descriptions and input schemas', async () => {
		const s = await session();
		const { tools } = await s.client.listTools();
		assert.deepEqual(
			tools.map((tool) => tool.name),
			AGENT_TOOLS.map((tool) => tool.name),
		);
		assert.equal(tools.length, 7);
		for (const tool of tools) {
			const definition = AGENT_TOOLS.find((d) => d.name === tool.name);
			assert.equal(tool.description, definition?.modelDescription);
			assert.deepEqual(tool.inputSchema, definition?.inputSchema);
			assert.equal(tool.annotations?.readOnlyHint, definition?.readOnly);
		}
		assert.equal(s.client.getServerVersion()?.name, 'adobe-api-toolkit');
		await assertNothingLeaked(s, demo.clientSecret);
	});

	it('lists the demo projects, then a folder page by page with the cursor it returns', async () => {
		const s = await session();
		const projects = await s.call('adobe_list_storage');
		assert.ok(!projects.isError, textOf(projects));
		const names = (projects.structuredContent?.items as Array<{ name: string }>).map((item) => item.name);
		assert.ok(names.includes('Brand Refresh 2026') && names.includes('Product Shots'), names.join(', '));
		assert.match(textOf(projects), /Product Shots/);

		const folderId = env.emulator.content.largeFolderId;
		const first = await s.call('adobe_list_storage', { folderId, limit: 5 });
		assert.ok(!first.isError, textOf(first));
		const firstNames = (first.structuredContent?.items as Array<{ name: string }>).map((item) => item.name);
		assert.deepEqual(firstNames, ['IMG_00001.jpg', 'IMG_00002.jpg', 'IMG_00003.jpg', 'IMG_00004.jpg', 'IMG_00005.jpg']);
		const cursor = first.structuredContent?.cursor;
		assert.equal(typeof cursor, 'string');

		const second = await s.call('adobe_list_storage', { cursor, limit: 5 });
		assert.ok(!second.isError, textOf(second));
		const secondNames = (second.structuredContent?.items as Array<{ name: string }>).map((item) => item.name);
		assert.deepEqual(secondNames, ['IMG_00006.jpg', 'IMG_00007.jpg', 'IMG_00008.jpg', 'IMG_00009.jpg', 'IMG_00010.jpg']);
		await assertNothingLeaked(s, demo.clientSecret);
	});

	it('verifies the credential with one token from IMS, reused across calls', async () => {
		const s = await session();
		const result = await s.call('adobe_verify_credential');
		assert.ok(!result.isError, textOf(result));
		assert.equal(result.structuredContent?.ok, true);
		assert.equal(result.structuredContent?.status, 200);
		assert.match(String(result.structuredContent?.call), /^GET http:\/\/127\.0\.0\.1:\d+\/v1\//);
		await s.call('adobe_verify_credential');
		assert.equal(env.emulator.tokens.size, 1, 'the second call reused the token');

		const profiles = await s.call('adobe_list_profiles');
		const [profile] = profiles.structuredContent?.profiles as Array<{ name: string; apiKind: string; token: { state: string } }>;
		assert.deepEqual([profile.name, profile.apiKind, profile.token.state], ['environment', 'cloudStorage', 'valid']);
		await assertNothingLeaked(s, demo.clientSecret);
	});

	it('runs the setup doctor with the environment credential', async () => {
		const s = await session();
		const result = await s.call('adobe_check_setup');
		assert.ok(!result.isError, textOf(result));
		const findings = result.structuredContent?.findings as Array<{ id: string; status: string }>;
		assert.equal(findings.find((f) => f.id === 'token')?.status, 'pass');
		assert.equal(findings.find((f) => f.id === 'verify')?.status, 'pass');
		await assertNothingLeaked(s, demo.clientSecret);
	});

	it('answers a wrong secret with a readable error result that does not contain the secret', async () => {
		const wrong = 'p8e-WRONG-secret-for/the"demo+client=&0123';
		const s = await session(demo.clientId, wrong);
		for (const tool of ['adobe_verify_credential', 'adobe_list_storage']) {
			const result = await s.call(tool);
			assert.equal(result.isError, true, `${tool}: ${textOf(result)}`);
			assert.match(textOf(result), /^Error: .*(Client Secret|client secret|invalid_client)/s);
			assert.match(textOf(result), /Fix: /);
		}
		await assertNothingLeaked(s, wrong);
	});

	it('keeps a secret with characters JSON and URLs escape out of stdout and stderr', async () => {
		const leakHunt = DEMO_CLIENTS.leakHunt;
		const s = await session(leakHunt.clientId, leakHunt.clientSecret);
		for (const tool of ['adobe_list_profiles', 'adobe_verify_credential', 'adobe_list_storage', 'adobe_check_setup']) {
			const result = await s.call(tool);
			assert.ok(!result.isError, `${tool}: ${textOf(result)}`);
		}
		assert.ok(env.emulator.tokens.size >= 1, 'a token was minted, so the leak check had one to look for');
		await assertNothingLeaked(s, leakHunt.clientSecret);
		assert.ok(s.stderr.join('').includes('[tokens] new access token'), 'the server logged its token handling');
	});

	it('sends a request with the token only to the endpoints and the origins ADOBE_APPROVED_ORIGINS lists', async () => {
		const { cloudStorage } = env.emulator.endpoints;
		// The emulator under another name: the same server, a different origin.
		const elsewhere = cloudStorage.replace('127.0.0.1', 'localhost');
		const plain = await session();
		const sent = await plain.call('adobe_send_request', { url: `${cloudStorage}/projects?limit=1` });
		assert.ok(!sent.isError, textOf(sent));
		assert.equal(sent.structuredContent?.status, 200);
		const refused = await plain.call('adobe_send_request', { url: `${elsewhere}/projects?limit=1` });
		assert.equal(refused.isError, true);
		assert.match(textOf(refused), /localhost:\d+ is not an Adobe host/);
		await assertNothingLeaked(plain, demo.clientSecret);

		const approving = await session(demo.clientId, demo.clientSecret, { ADOBE_APPROVED_ORIGINS: new URL(elsewhere).origin });
		const approved = await approving.call('adobe_send_request', { url: `${elsewhere}/projects?limit=1` });
		assert.ok(!approved.isError, textOf(approved));
		assert.equal(approved.structuredContent?.status, 200);
		await assertNothingLeaked(approving, demo.clientSecret);
	});

	it('sends a request that may change something only when ADOBE_MCP_ALLOW_WRITES=1', async () => {
		const submit = { method: 'POST', url: `${env.emulator.url}/v3/images/generate-async`, headers: { 'content-type': 'application/json' }, body: '{"prompt":"a lighthouse"}' };
		const reads = await session();
		const before = env.emulator.requests.filter((r) => r.route === 'firefly.generateAsync').length;
		const refused = await reads.call('adobe_send_request', submit);
		assert.equal(refused.isError, true);
		assert.match(textOf(refused), /Not sent: .*POST.*Fix: Set ADOBE_MCP_ALLOW_WRITES=1/);
		assert.equal(env.emulator.requests.filter((r) => r.route === 'firefly.generateAsync').length, before, 'nothing was sent');

		const writes = await session(demo.clientId, demo.clientSecret, { ADOBE_MCP_ALLOW_WRITES: '1' });
		const sent = await writes.call('adobe_send_request', submit);
		assert.ok(!sent.isError, textOf(sent));
		assert.equal(sent.structuredContent?.status, 202);
		// A job is waited on for 50 s at most over MCP (clients give up after 60 s): the answer says so when it runs out.
		const job = (sent.structuredContent as { job: { statusUrl: string } }).job;
		const followed = await writes.call('adobe_get_job', { statusUrl: job.statusUrl, timeoutSeconds: 600 });
		assert.ok(!followed.isError, textOf(followed));
		assert.equal(followed.structuredContent?.state, 'succeeded');
		await assertNothingLeaked(writes, demo.clientSecret);
	});

	it('refuses another profile name, naming the one it has', async () => {
		const s = await session(demo.clientId, demo.clientSecret, { ADOBE_PROFILE_NAME: 'storage-dev' });
		const result = await s.call('adobe_verify_credential', { profile: 'production' });
		assert.equal(result.isError, true);
		assert.match(textOf(result), /one profile, "storage-dev"/);
		const same = await s.call('adobe_verify_credential', { profile: 'Storage-Dev' });
		assert.ok(!same.isError, textOf(same));
	});

	it('answers an unknown tool and bad input with readable error results, and logs no name it does not know', async () => {
		const s = await session();
		const unknown = await s.call('adobe_delete_everything\nforged log line');
		assert.equal(unknown.isError, true);
		assert.match(textOf(unknown), /^Error: There is no Adobe tool named .* the tools are adobe_list_profiles, /s);
		const bad = await s.call('adobe_list_storage', { limit: 1000 });
		assert.equal(bad.isError, true);
		assert.match(textOf(bad), /limit/);
		await assertNothingLeaked(s, demo.clientSecret);
		const log = s.stderr.join('');
		assert.match(log, /\[mcp\] unknown tool: error in \d+ ms/);
		assert.ok(!log.includes('forged log line'), log);
	});

	it('starts without a credential and answers every call with the variable to set', async () => {
		const s = await start({ PATH: process.env.PATH ?? '', ADOBE_CLIENT_ID: demo.clientId });
		sessions.push(s);
		assert.equal((await s.client.listTools()).tools.length, 7);
		const result = await s.call('adobe_list_storage');
		assert.equal(result.isError, true);
		assert.match(textOf(result), /^Error: ADOBE_CLIENT_ID is set but ADOBE_CLIENT_SECRET is not.* Fix: Set the variable in the "env"/);
		await s.close();
		assert.match(s.stderr.join(''), /no usable credential: ADOBE_CLIENT_ID is set but ADOBE_CLIENT_SECRET is not/);
	});
});
