/**
 * The MCP server as an MCP client sees it: `node dist/mcp.js` started by the SDK's stdio client with
 * the emulator's credential and endpoints in its environment. Every message it wrote to stdout and
 * every line to stderr is kept and searched for the secret and for every token the emulator minted.
 */
import * as assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as readline from 'node:readline';
import { PassThrough } from 'node:stream';
import { AGENT_TOOLS, mcpAgentTools } from '../../../src/core/agent';
import { LineTransport, MAX_LINE_BYTES } from '../../../src/mcp/stdio';
import { DEMO_CLIENTS, assertNoLeak, useEmulator } from '../helpers';

const root = path.resolve(__dirname, '../../../..');
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
	const transport = new StdioClientTransport({
		command: process.execPath,
		args: [serverScript],
		env: { PATH: process.env.PATH ?? '', ...env },
		stderr: 'pipe',
	});
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
		call: async (name, args = {}) =>
			(await client.callTool({ name, arguments: args })) as CallToolResult & { structuredContent?: Record<string, unknown> },
		close: () => (closed ??= client.close().then(() => stderrClosed)),
	};
}

/** A JSON-RPC message as read from the server's stdout. */
type Message = {
	jsonrpc?: string;
	id?: string | number | null;
	result?: Record<string, unknown>;
	error?: { code: number; message: string };
};

/** The server driven by hand: lines written to its stdin, each line of its stdout parsed as it arrives. */
interface RawSession {
	/** Writes one line (an object is sent as its JSON). */
	send(message: object | string): void;
	/** The first message (already read or still to come) that `match` accepts. */
	next(match: (message: Message) => boolean): Promise<Message>;
	/** The answer to the request with `id`. */
	answer(id: string | number): Promise<Message>;
	lines: string[];
	stderr: string[];
	close(): Promise<void>;
}

function startRaw(env: Record<string, string>): RawSession {
	const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [serverScript], { env: { PATH: process.env.PATH ?? '', ...env } });
	const lines: string[] = [];
	const messages: Message[] = [];
	const stderr: string[] = [];
	const waiting: Array<{ match: (message: Message) => boolean; resolve: (message: Message) => void }> = [];
	child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
	readline.createInterface({ input: child.stdout }).on('line', (line) => {
		lines.push(line);
		const message = JSON.parse(line) as Message; // every stdout line must be JSON: a parse failure fails the test
		messages.push(message);
		for (const waiter of [...waiting]) {
			if (waiter.match(message)) {
				waiting.splice(waiting.indexOf(waiter), 1);
				waiter.resolve(message);
			}
		}
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const next = (match: (message: Message) => boolean) =>
		new Promise<Message>((resolve) => {
			const found = messages.find(match);
			if (found) resolve(found);
			else waiting.push({ match, resolve });
		});
	return {
		send: (message) => void child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`),
		next,
		answer: (id) => next((message) => message.id === id),
		lines,
		stderr,
		close: () => {
			child.stdin.end();
			return exited;
		},
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

	it('lists the twelve agent tools with their model descriptions (as this server runs them) and input schemas', async () => {
		const s = await session();
		const { tools } = await s.client.listTools();
		assert.deepEqual(
			tools.map((tool) => tool.name),
			AGENT_TOOLS.map((tool) => tool.name),
		);
		assert.equal(tools.length, 12);
		const catalogue = mcpAgentTools({ writesAllowed: false, maxJobWaitSeconds: 50 });
		for (const tool of tools) {
			const definition = catalogue.find((d) => d.name === tool.name);
			assert.equal(tool.description, definition?.modelDescription);
			assert.deepEqual(tool.inputSchema, definition?.inputSchema);
			assert.equal(tool.annotations?.readOnlyHint, definition?.readOnly);
			assert.equal(tool.annotations?.destructiveHint, definition?.readOnly ? undefined : definition?.destructive === true);
		}
		assert.equal(tools.find((t) => t.name === 'adobe_trash_asset')?.annotations?.destructiveHint, true);
		assert.equal(tools.find((t) => t.name === 'adobe_create_folder')?.annotations?.destructiveHint, false);
		assert.equal(tools.find((t) => t.name === 'adobe_run_operation')?.annotations?.destructiveHint, true);
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
		const submit = {
			method: 'POST',
			url: `${env.emulator.url}/v3/images/generate-async`,
			headers: { 'content-type': 'application/json' },
			body: '{"prompt":"a lighthouse"}',
		};
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

	it('runs the Cloud Storage write tools only when ADOBE_MCP_ALLOW_WRITES=1, saying so, and sends nothing otherwise', async () => {
		const reads = await session();
		const before = env.emulator.requests.length;
		for (const [name, args] of [
			['adobe_create_folder', { parentPath: 'Product Shots', name: 'New' }],
			['adobe_upload_file', { file: 'notes.txt', parentPath: 'Product Shots' }],
			['adobe_move_asset', { path: 'Product Shots/shot-list.txt', newName: 'list.txt' }],
			['adobe_trash_asset', { path: 'Product Shots/shot-list.txt' }],
			['adobe_run_operation', { path: 'Product Shots/Spring/shoe-02.jpg', operation: 'photoshop.autoTone' }],
		] as const) {
			const refused = await reads.call(name, args);
			assert.equal(refused.isError, true, name);
			assert.match(textOf(refused), /^Error: Not done: .* Fix: Set ADOBE_MCP_ALLOW_WRITES=1/, name);
			assert.equal((refused.structuredContent?.error as { code?: string }).code, 'writes_not_allowed');
		}
		assert.equal(env.emulator.requests.length, before, 'nothing was sent, not even for a token');
		await assertNothingLeaked(reads, demo.clientSecret);
	});

	it('reads a file to upload only inside ADOBE_MCP_WORKSPACE: "..", an absolute path outside and a symbolic link out are refused before anything is sent; a file inside is uploaded', async () => {
		const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-ws-'));
		try {
			const workspace = path.join(base, 'ws');
			fs.mkdirSync(workspace);
			fs.writeFileSync(path.join(base, 'secret.txt'), 'TOP-SECRET-CONTENT');
			fs.symlinkSync(path.join(base, 'secret.txt'), path.join(workspace, 'link.txt'));
			const s = await session(demo.clientId, demo.clientSecret, { ADOBE_MCP_ALLOW_WRITES: '1', ADOBE_MCP_WORKSPACE: workspace });
			const before = env.emulator.requests.length;
			for (const file of ['../secret.txt', path.join(base, 'secret.txt'), 'link.txt']) {
				const refused = await s.call('adobe_upload_file', { file, parentPath: 'Product Shots' });
				assert.equal(refused.isError, true, file);
				assert.equal((refused.structuredContent?.error as { code?: string }).code, 'outside_workspace', file);
				assert.ok(!JSON.stringify(refused).includes('TOP-SECRET-CONTENT'));
			}
			assert.equal(env.emulator.requests.length, before, 'nothing was sent, not even for a token');
			// Inside the workspace, with writes allowed: uploaded as it is on disk, and the answer names the new file, not a token.
			fs.writeFileSync(path.join(workspace, 'ok.txt'), 'uploaded by an MCP client\n');
			const uploaded = await s.call('adobe_upload_file', { file: 'ok.txt', parentPath: 'Product Shots', name: 'from-mcp.txt' });
			assert.ok(!uploaded.isError, textOf(uploaded));
			const fileId = (uploaded.structuredContent?.uploaded as { assetId: string }).assetId;
			assert.equal(env.emulator.fileContent(fileId).toString(), 'uploaded by an MCP client\n');
			assert.equal(env.emulator.content.byId.get(fileId)?.name, 'from-mcp.txt');
			assert.equal(env.emulator.authorizationOnPresigned, 0);
			await assertNothingLeaked(s, demo.clientSecret);
			assert.match(
				s.stderr.join(''),
				new RegExp(`uploads read local files only inside ${workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
			);
		} finally {
			fs.rmSync(base, { recursive: true, force: true });
		}
	});

	it('runs adobe_run_operation with ADOBE_MCP_ALLOW_WRITES=1: the result beside the source, the answer without a token or a pre-signed URL', async () => {
		const s = await session(demo.clientId, demo.clientSecret, { ADOBE_MCP_ALLOW_WRITES: '1' });
		const result = await s.call('adobe_run_operation', { path: 'Product Shots/Spring/shoe-02.jpg', operation: 'photoshop.autoTone' });
		assert.ok(!result.isError, textOf(result));
		const saved = (result.structuredContent?.results as Array<{ assetId: string; name: string }>)[0];
		assert.equal(saved.name, 'shoe-02 (auto tone).jpg');
		assert.deepEqual([...env.emulator.fileContent(saved.assetId).subarray(0, 2)], [0xff, 0xd8], 'a JPEG beside the source');
		assert.doesNotMatch(JSON.stringify(result), /__download|__jobs\/output|__blocks|X-Amz-|sig=/i);
		await assertNothingLeaked(s, demo.clientSecret);
	});

	it('refuses another profile name, naming the one it has', async () => {
		const s = await session(demo.clientId, demo.clientSecret, { ADOBE_PROFILE_NAME: 'storage-dev' });
		const result = await s.call('adobe_verify_credential', { profile: 'production' });
		assert.equal(result.isError, true);
		assert.match(textOf(result), /one profile, "storage-dev"/);
		const same = await s.call('adobe_verify_credential', { profile: 'Storage-Dev' });
		assert.ok(!same.isError, textOf(same));
	});

	it('answers an unknown tool with error -32602 and bad input with a readable error result, and logs no name it does not know', async () => {
		const s = await session();
		// The SDK client negotiates the latest protocol (2025-11-25): an unknown tool is a protocol error, invalid arguments a tool error the model can correct.
		await assert.rejects(s.call('adobe_delete_everything\nforged log line'), (error: Error & { code?: number }) => {
			assert.equal(error.code, -32602);
			assert.match(error.message, /Unknown tool: "adobe_delete_everything\\nforged log line"\. The tools are adobe_list_profiles, /);
			return true;
		});
		const bad = await s.call('adobe_list_storage', { limit: 1000 });
		assert.equal(bad.isError, true);
		assert.match(textOf(bad), /^Error: limit must be a whole number from 1 to 100\. Fix: /);
		await assertNothingLeaked(s, demo.clientSecret);
		const log = s.stderr.join('');
		assert.match(log, /\[mcp\] unknown tool: refused \(-32602\)/);
		assert.ok(!log.includes('forged log line'), log);
	});

	it('starts without a credential and answers every call with the variable to set', async () => {
		const s = await start({ PATH: process.env.PATH ?? '', ADOBE_CLIENT_ID: demo.clientId });
		sessions.push(s);
		assert.equal((await s.client.listTools()).tools.length, AGENT_TOOLS.length);
		const result = await s.call('adobe_list_storage');
		assert.equal(result.isError, true);
		assert.match(textOf(result), /^Error: ADOBE_CLIENT_ID is set but ADOBE_CLIENT_SECRET is not.* Fix: Set the variable in the "env"/);
		await s.close();
		assert.match(s.stderr.join(''), /no usable credential: ADOBE_CLIENT_ID is set but ADOBE_CLIENT_SECRET is not/);
	});

	describe('over raw JSON-RPC (newline-delimited, as the stdio transport specifies)', () => {
		let raw: RawSession[] = [];
		afterEach(async () => {
			await Promise.all(raw.map((r) => r.close()));
			raw = [];
		});

		/** A server with the emulator's credential, initialized with `protocolVersion`. */
		async function initialized(protocolVersion: string, extra: Record<string, string> = {}): Promise<RawSession> {
			const r = startRaw({ ...credentialEnv(demo.clientId, demo.clientSecret), ...extra });
			raw.push(r);
			r.send({
				jsonrpc: '2.0',
				id: 'init',
				method: 'initialize',
				params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw-test', version: '1.0.0' } },
			});
			const init = await r.answer('init');
			assert.equal(init.result?.protocolVersion, protocolVersion);
			assert.equal((init.result?.serverInfo as { name: string }).name, 'adobe-api-toolkit');
			r.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
			return r;
		}
		const call = (r: RawSession, id: number, name: string, args?: unknown) => {
			r.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, ...(args === undefined ? {} : { arguments: args }) } });
			return r.answer(id);
		};

		it('initializes and lists the tools, their descriptions saying that writes need ADOBE_MCP_ALLOW_WRITES=1 and that a job is waited on 50 s at most', async () => {
			const r = await initialized('2025-11-25');
			r.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
			const tools = (await r.answer(1)).result?.tools as Array<{
				name: string;
				description: string;
				inputSchema: { properties: Record<string, { default?: unknown }> };
			}>;
			assert.deepEqual(
				tools.map((t) => t.name),
				AGENT_TOOLS.map((t) => t.name),
			);
			const send = tools.find((t) => t.name === 'adobe_send_request')!;
			assert.match(
				send.description,
				/Only GET, HEAD and OPTIONS are sent: this server refuses every other method .* unless it is started with ADOBE_MCP_ALLOW_WRITES=1/,
			);
			assert.ok(!/asks the user/.test(send.description), 'no confirmation is promised that this server does not give');
			const job = tools.find((t) => t.name === 'adobe_get_job')!;
			assert.match(job.description, /at most 50 s per call on this server/);
			assert.equal(job.inputSchema.properties.timeoutSeconds.default, 50);

			const writing = await initialized('2025-11-25', { ADOBE_MCP_ALLOW_WRITES: '1' });
			writing.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
			const writingSend = ((await writing.answer(1)).result?.tools as Array<{ name: string; description: string }>).find(
				(t) => t.name === 'adobe_send_request',
			)!;
			assert.match(
				writingSend.description,
				/started with ADOBE_MCP_ALLOW_WRITES=1, so it sends requests that may create, change or delete something without asking anyone/,
			);
		});

		it('answers an unknown tool and malformed params with -32602, whatever the protocol version', async () => {
			for (const version of ['2025-06-18', '2025-11-25']) {
				const r = await initialized(version);
				const unknown = await call(r, 1, 'adobe_delete_everything', {});
				assert.equal(unknown.error?.code, -32602, version);
				assert.match(unknown.error!.message, /Unknown tool: "adobe_delete_everything"/);
				assert.equal(unknown.result, undefined);
				const notAnObject = await call(r, 2, 'adobe_list_storage', 'Product Shots');
				assert.equal(notAnObject.error?.code, -32602, `${version}: arguments that are not an object`);
				r.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { arguments: {} } });
				assert.equal((await r.answer(3)).error?.code, -32602, `${version}: no tool name`);
			}
			assert.equal(env.emulator.count(), 0, 'nothing reached Adobe');
		});

		it('answers arguments the schema forbids with -32602 under 2025-06-18, and with an isError result the model can correct under 2025-11-25', async () => {
			const older = await initialized('2025-06-18');
			const refused = await call(older, 1, 'adobe_list_storage', { limit: 1000 });
			assert.equal(refused.error?.code, -32602);
			assert.match(refused.error!.message, /Invalid arguments for adobe_list_storage: limit must be a whole number from 1 to 100/);
			const unknownField = await call(older, 2, 'adobe_list_storage', { folder: 'x' });
			assert.equal(unknownField.error?.code, -32602);

			const current = await initialized('2025-11-25');
			const result = await call(current, 1, 'adobe_list_storage', { limit: 1000 });
			assert.equal(result.error, undefined);
			assert.equal(result.result?.isError, true);
			assert.match(
				(result.result?.content as Array<{ text: string }>)[0].text,
				/^Error: limit must be a whole number from 1 to 100\. Fix: /,
			);
			assert.equal(env.emulator.count(), 0, 'nothing reached Adobe');
		});

		it('answers a line that is not JSON with -32700 and id null, JSON that is not JSON-RPC with -32600, and goes on serving', async () => {
			const r = await initialized('2025-11-25');
			r.send('{"jsonrpc": "2.0", "id": 7, "method": "tools/list"'); // cut short
			const parse = await r.next((m) => m.error?.code === -32700);
			assert.equal(parse.id, null);
			assert.equal(parse.jsonrpc, '2.0');
			r.send('garbage');
			await r.next((m) => m.error?.code === -32700 && m !== parse);
			r.send({ id: 8, method: 'tools/list' }); // no "jsonrpc": "2.0"
			const invalid = await r.answer(8);
			assert.equal(invalid.error?.code, -32600);
			r.send([{ jsonrpc: '2.0', id: 9, method: 'tools/list' }]);
			const batch = await r.next((m) => m.error?.code === -32600 && m.id === null);
			assert.match(batch.error!.message, /batches are not supported/);
			r.send(''); // a blank line is no message: no answer
			r.send({ jsonrpc: '2.0', id: 10, method: 'tools/list' });
			assert.equal(((await r.answer(10)).result?.tools as unknown[]).length, AGENT_TOOLS.length, 'the server still answers');
			assert.equal(r.lines.filter((line) => line.includes('-32700')).length, 2, 'one answer per unparsable line');
			assert.ok(!r.stderr.join('').includes(demo.clientSecret));
		});

		it('returns structuredContent equal to the JSON in a text block beside the readable text', async () => {
			const r = await initialized('2025-11-25');
			const answer = await call(r, 1, 'adobe_list_storage', {});
			const result = answer.result as {
				content: Array<{ type: string; text: string }>;
				structuredContent: Record<string, unknown>;
				isError?: boolean;
			};
			assert.equal(result.isError, undefined, result.content[0]?.text);
			assert.match(result.content[0].text, /^Projects \(profile "environment"\)/);
			assert.equal(result.content.length, 2);
			assert.ok(result.content.every((part) => part.type === 'text'));
			assert.deepEqual(JSON.parse(result.content[1].text), result.structuredContent);
			assert.ok((result.structuredContent.items as Array<{ name: string }>).some((item) => item.name === 'Product Shots'));
			// An error result carries its JSON too.
			const failed = (await call(r, 2, 'adobe_send_request', { url: 'https://attacker.example/x' })).result as typeof result;
			assert.equal(failed.isError, true);
			assert.deepEqual(JSON.parse(failed.content[1].text), failed.structuredContent);
			assert.equal((failed.structuredContent.error as { code: string }).code, 'origin_refused');
		});
	});
});

describe('MCP line transport (src/mcp/stdio.ts)', () => {
	/** A started transport on in-memory streams: what it passes on, and each line it writes. */
	async function transport() {
		const input = new PassThrough();
		const output = new PassThrough();
		const written: string[] = [];
		let lineWritten = () => undefined as void;
		readline.createInterface({ input: output }).on('line', (line) => {
			written.push(line);
			lineWritten();
		});
		const received: unknown[] = [];
		let arrived = () => undefined as void;
		const t = new LineTransport(input, output);
		t.onmessage = (message) => {
			received.push(message);
			arrived();
		};
		await t.start();
		/** Resolves once `count` messages have been passed on. */
		const messages = (count: number) =>
			new Promise<unknown[]>((resolve) => {
				const check = () => (received.length >= count ? resolve(received) : (arrived = check));
				check();
			});
		/** Resolves once `count` lines have been written. */
		const writtenLines = (count: number) =>
			new Promise<string[]>((resolve) => {
				const check = () => (written.length >= count ? resolve(written) : (lineWritten = check));
				check();
			});
		return { input, messages, writtenLines, t };
	}

	it('reassembles a message split across chunks, with CRLF line ends, and ignores blank lines', async () => {
		const { input, messages, t } = await transport();
		input.write('{"jsonrpc":"2.0","id":1,"meth');
		input.write('od":"ping"}\r\n\n   \n{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
		assert.deepEqual(await messages(2), [
			{ jsonrpc: '2.0', id: 1, method: 'ping' },
			{ jsonrpc: '2.0', method: 'notifications/initialized' },
		]);
		await t.close();
	});

	it('drops a line longer than the limit, answers it -32600 with id null, and reads the next line', async () => {
		const { input, messages, writtenLines, t } = await transport();
		const chunk = Buffer.alloc(1024 * 1024, 0x61); // 1 MB of "a", no newline
		for (let sent = 0; sent <= MAX_LINE_BYTES; sent += chunk.length) input.write(chunk);
		input.write('still the long line\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
		const [answer] = await writtenLines(1);
		assert.deepEqual(JSON.parse(answer), {
			jsonrpc: '2.0',
			id: null,
			error: { code: -32600, message: 'Invalid Request: a message longer than 10 MB was not read.' },
		});
		assert.deepEqual(await messages(1), [{ jsonrpc: '2.0', id: 2, method: 'ping' }], 'the long line was not passed on, the next one was');
		await t.close();
	});
});
