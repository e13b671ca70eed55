/** The agent tools (one catalogue, one implementation) against the emulator, through a host built as the front doors build theirs. */
import * as assert from 'node:assert/strict';
import {
	AGENT_TOOLS,
	AgentProfileInfo,
	AgentToolDefinition,
	AgentToolHost,
	AgentToolName,
	AgentToolResult,
	MAX_AGENT_BODY_CHARS,
	MAX_CONFIRMATION_BODY_CHARS,
	STORAGE_WRITE_TOOLS,
	agentToolConfirmation,
	agentToolInputProblem,
	agentToolProgress,
	invokeAgentTool,
	mcpAgentTools,
} from '../../../src/core/agent';
import type { Finding } from '../../../src/core/diagnostics/doctor';
import { AdobeApiError } from '../../../src/core/common/errors';
import { Redactor } from '../../../src/core/common/redact';
import { TECHNICAL_ACCOUNT_SETUP_URL } from '../../../src/core/storage/queries';
import type { AdobeClients } from '../../../src/core/clients';
import { DEMO_CLIENTS, FakeClock, assertNoLeak, clientsFor, useEmulator } from '../helpers';

type DemoClient = { clientId: string; clientSecret?: string; scopes: string[] };

/** A test host: one profile, tokens from the emulator's IMS with the client's secret, a redactor that knows only the secret. */
interface TestHost extends AgentToolHost {
	/** Every token the host handed out. */
	issued: string[];
	/** How many times a token was asked for. */
	asked: boolean[];
}

describe('agent tools', () => {
	// The tools' requests use the seeds' Photoshop v1 hello as a plain authenticated GET: the emulator serves v1 as before its end of life.
	const env = useEmulator({ photoshopV1: true });
	let clients: AdobeClients;
	before(() => {
		clients = clientsFor(env.emulator);
	});
	after(() => clients.close());

	function host(client: DemoClient = DEMO_CLIENTS.demo, overrides: Partial<AgentToolHost> = {}): TestHost {
		const redactor = new Redactor();
		if (client.clientSecret) redactor.add(client.clientSecret);
		const profile: AgentProfileInfo = {
			name: 'Demo',
			apiKind: 'cloudStorage',
			scopes: client.scopes,
			active: true,
			token: { state: 'valid', expiresAt: '2026-11-24T12:00:00.000Z' },
		};
		const issued: string[] = [];
		const asked: boolean[] = [];
		let cached: string | undefined;
		const test: TestHost = {
			clients,
			issued,
			asked,
			listProfiles: () => [profile, { ...profile, name: 'Other', apiKind: 'photoshop', active: false, token: { state: 'none' } }],
			caller: async (name, signal) => {
				if (name !== undefined && name !== 'Demo') {
					throw new AdobeApiError(`There is no Adobe profile named "${name}".`, { kind: 'invalidInput', code: 'no_profile' });
				}
				return {
					profile,
					caller: async (forceRefresh) => {
						asked.push(forceRefresh);
						if (forceRefresh || !cached) {
							const token = await clients.ims.requestToken(
								{ clientId: client.clientId, clientSecret: client.clientSecret ?? '', scopes: client.scopes },
								signal,
							);
							cached = token.accessToken;
							issued.push(cached);
						}
						return { accessToken: cached, clientId: client.clientId };
					},
				};
			},
			checkSetup: async () => [],
			approvedOrigins: () => [],
			redact: (text) => redactor.redact(text),
			clock: new FakeClock(),
			...overrides,
		};
		return test;
	}

	const invoke = (name: string, input: unknown, h: AgentToolHost = host()) => invokeAgentTool(name, input, h);

	function ok(result: AgentToolResult): AgentToolResult {
		assert.ok(!result.isError, `expected success, got ${result.text}`);
		return result;
	}

	function failed(result: AgentToolResult, pattern: RegExp): AgentToolResult {
		assert.equal(result.isError, true, `expected an error, got ${result.text}`);
		assert.match(result.text, /^Error: /);
		assert.match(result.text, pattern);
		assert.ok((result.data.error as { message?: string }).message, 'data.error carries the message');
		return result;
	}

	type Item = { name: string; assetId: string; type: string; size?: number; mediaType?: string };
	const items = (result: AgentToolResult) => result.data.items as Item[];

	describe('the catalogue', () => {
		it('has the twelve tools, each with a unique #reference, a description for the model and a schema whose required fields exist', () => {
			assert.deepEqual(
				AGENT_TOOLS.map((t) => t.name),
				[
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
				],
			);
			assert.equal(new Set(AGENT_TOOLS.map((t) => t.toolReferenceName)).size, 12);
			for (const tool of AGENT_TOOLS) {
				assert.match(tool.toolReferenceName, /^adobe[A-Z]\w+$/);
				assert.ok(tool.modelDescription.length > 150, `${tool.name} explains itself to the model`);
				assert.ok(tool.tags.includes('adobe'));
				assert.equal(tool.inputSchema.type, 'object');
				for (const field of tool.inputSchema.required ?? []) {
					assert.ok(field in tool.inputSchema.properties, `${tool.name} requires ${field}`);
				}
				assert.equal(tool.readOnly, tool.name !== 'adobe_send_request' && !STORAGE_WRITE_TOOLS.includes(tool.name));
			}
		});

		it('asks first only for a request that may change something, naming the method, URL and profile', () => {
			assert.equal(
				agentToolConfirmation('adobe_send_request', { url: 'https://image.adobe.io/pie/psdService/hello' }),
				undefined,
				'GET runs at once',
			);
			assert.equal(agentToolConfirmation('adobe_list_storage', { path: 'Product Shots' }), undefined);
			assert.equal(
				agentToolConfirmation('adobe_send_request', { method: 'POST', url: 'not a url' }),
				undefined,
				'refused input sends nothing, so asks nothing',
			);
			assert.equal(
				agentToolConfirmation('adobe_send_request', { method: 'post', url: 'https://firefly-api.adobe.io/v3/x' }),
				undefined,
				'a method the schema does not list is refused, so asks nothing',
			);
			const ask = agentToolConfirmation('adobe_send_request', {
				method: 'POST',
				url: 'https://firefly-api.adobe.io/v3/images/generate-async',
				profile: 'Demo',
				body: '{"prompt":"a lighthouse"}',
			});
			assert.ok(ask);
			assert.match(ask.title, /POST.*firefly-api\.adobe\.io/);
			assert.match(ask.text, /the Adobe profile "Demo"/);
			assert.match(ask.text, /\n\nPOST https:\/\/firefly-api\.adobe\.io\/v3\/images\/generate-async\n/);
			assert.match(
				agentToolConfirmation('adobe_send_request', { method: 'DELETE', url: 'https://cloudstorage.adobe.io/v1/files/x' })!.text,
				/the active Adobe profile/,
			);
			// What goes with it is shown too: the headers added for the profile, and the body.
			assert.match(
				ask.text,
				/\nAuthorization: Bearer ‹the access token of the Adobe profile "Demo"›\nx-api-key: ‹the Client ID of the Adobe profile "Demo"›\n\n\{"prompt":"a lighthouse"\}$/,
			);
		});
	});

	describe('the confirmation before a write', () => {
		const url = 'https://firefly-api.adobe.io/v3/images/generate-async';
		const confirm = (input: Record<string, unknown>, options = {}) => {
			const ask = agentToolConfirmation('adobe_send_request', { method: 'POST', url, ...input }, options);
			assert.ok(ask, 'a POST asks');
			return ask;
		};
		/** The text of the code block in `markdown`, and the fence around it. */
		const fenced = (markdown: string) => {
			const match = /\n(`{3,})\n([\s\S]*)\n\1(?:\n|$)/.exec(markdown);
			assert.ok(match, markdown);
			return { fence: match[1], inside: match[2] };
		};

		it('shows every header with its value, as it is sent, with the two the profile adds', () => {
			const ask = confirm({ headers: { 'Content-Type': 'application/json', 'x-gw-ims-org-id': 'ABC123@AdobeOrg' } });
			assert.match(
				ask.text,
				/\nContent-Type: application\/json\nx-gw-ims-org-id: ABC123@AdobeOrg\nAuthorization: Bearer ‹the access token of the active Adobe profile›\nx-api-key: ‹the Client ID of the active Adobe profile›$/,
			);
			assert.equal(fenced(ask.markdown).inside, ask.text.slice(ask.text.indexOf('POST ')));
		});

		it("hides credentials in headers: Authorization, the profile's Client ID, secret-like names, values the redactor knows", () => {
			const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
			const known = 'p8e-registered-secret-value-42';
			const redactor = new Redactor();
			redactor.add(known);
			const ask = confirm(
				{
					headers: {
						Authorization: `Bearer ${jwt}`,
						'x-api-key': 'client-id-of-demo',
						'X-Session-Token': 'opaque-session-value',
						'x-note': `sent ${known}`,
					},
				},
				{ redact: (text: string) => redactor.redact(text), clientId: 'client-id-of-demo' },
			);
			assert.match(ask.text, /\nAuthorization: Bearer ‹redacted›\n/);
			assert.match(ask.text, /\nx-api-key: ‹the Client ID of the active Adobe profile›\n/);
			assert.match(ask.text, /\nX-Session-Token: ‹redacted›\n/);
			assert.match(ask.text, /\nx-note: sent ‹redacted›/);
			for (const secret of [jwt, 'client-id-of-demo', 'opaque-session-value', known]) {
				assert.ok(!ask.text.includes(secret) && !ask.markdown.includes(secret) && !ask.title.includes(secret), secret);
			}
			// Given by the model, they are not added again.
			assert.ok(!/access token of/.test(ask.text));
			// Another x-api-key than the profile's is shown: the user sees it differs.
			assert.match(
				confirm({ headers: { 'x-api-key': 'someone-elses-client' } }, { clientId: 'client-id-of-demo' }).text,
				/\nx-api-key: someone-elses-client\n/,
			);
		});

		it('shows a body with Markdown and fences as plain text, in a fence nothing in it can close', () => {
			const body =
				'Done.\n```\n[click me](https://evil.example/steal) ![img](https://evil.example/x.png) **bold** <b>html</b>\n`````\n# heading';
			const ask = confirm({ body, profile: '**Demo** [x](https://evil.example)' });
			assert.ok(ask.text.endsWith(`\n\n${body}`), 'the plain text is the body itself');
			const { fence, inside } = fenced(ask.markdown);
			assert.equal(fence, '``````', 'one backtick longer than the longest run in the block');
			assert.ok(inside.endsWith(body), 'the body is in the block, unchanged');
			assert.equal(
				ask.markdown.split('\n').filter((line) => line.startsWith(fence)).length,
				2,
				'no line of the body starts a fence of its length',
			);
			// Outside the block, the profile name (model-written) is escaped: no link, no emphasis.
			const intro = ask.markdown.slice(0, ask.markdown.indexOf(`\n${fence}`));
			assert.ok(!intro.includes('**Demo**') && !intro.includes('[x]('), intro);
			assert.match(intro, /\\\*\\\*Demo\\\*\\\* \\\[x\\\]\\\(https\\:\\\/\\\/evil\\\.example\\\)/);
		});

		it('shows characters that hide or reorder text as escapes', () => {
			const ask = confirm({ body: 'pay \u202Eevil\u202C now\u0007\r\nnext line' });
			assert.ok(ask.text.endsWith('pay \\u{202E}evil\\u{202C} now\\u{0007}\nnext line'), ask.text);
		});

		it('cuts a long body and says how many characters were cut', () => {
			const body = `${'a'.repeat(MAX_CONFIRMATION_BODY_CHARS)}${'b'.repeat(1234)}`;
			const ask = confirm({ body });
			assert.ok(!ask.text.includes('b'.repeat(2)), 'the rest is not shown');
			assert.match(ask.text, /4,000 of 5,234 characters are shown; the other 1,234 are sent too\.$/);
			assert.match(ask.markdown, /1\\,234 are sent too\\\.$/);
			// Redacted before it is cut: a token across the cut is still hidden.
			const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
			const across = confirm({ body: `${'a'.repeat(MAX_CONFIRMATION_BODY_CHARS - 10)} ${jwt}` });
			assert.ok(!across.text.includes(jwt.slice(0, 10)), across.text.slice(-60));
		});
	});

	describe('the progress message', () => {
		it('names the storage path or id, the host of a request or job, and the profile', () => {
			assert.equal(
				agentToolProgress('adobe_list_storage', { path: 'Product Shots/Spring', profile: 'Demo' }),
				'Listing Adobe Cloud Storage /Product Shots/Spring with profile "Demo"',
			);
			assert.equal(
				agentToolProgress('adobe_list_storage', { folderId: 'urn:aaid:sc:US:1' }),
				'Listing Adobe Cloud Storage folder urn:aaid:sc:US:1',
			);
			assert.equal(agentToolProgress('adobe_list_storage', {}), 'Listing Adobe Cloud Storage projects');
			assert.equal(
				agentToolProgress('adobe_list_storage', { cursor: 'https://cloudstorage.adobe.io/v1/x?cursor=2' }),
				'Listing the next page of an Adobe Cloud Storage listing (cloudstorage.adobe.io)',
			);
			assert.equal(
				agentToolProgress('adobe_get_asset', { path: '/Product Shots/shoe.jpg' }),
				'Getting Adobe Cloud Storage /Product Shots/shoe.jpg',
			);
			assert.equal(
				agentToolProgress('adobe_send_request', { method: 'POST', url: 'https://firefly-api.adobe.io/v3/images/generate-async' }),
				'Sending POST request to firefly-api.adobe.io',
			);
			assert.equal(agentToolProgress('adobe_send_request', { url: 'not a url' }), 'Sending GET request');
			assert.equal(
				agentToolProgress('adobe_get_job', { statusUrl: 'https://image.adobe.io/pie/psdService/status/1' }),
				'Following the Adobe job at image.adobe.io',
			);
			assert.equal(
				agentToolProgress('adobe_get_job', { statusUrl: 'https://image.adobe.io/x', wait: false }),
				'Checking the Adobe job at image.adobe.io',
			);
			assert.equal(agentToolProgress('adobe_check_setup', { profile: 'Demo' }), 'Checking the Adobe setup of profile "Demo"');
			assert.equal(agentToolProgress('adobe_verify_credential', null), 'Verifying the Adobe credential of the active profile');
		});

		it('keeps what the model wrote on one short line, redacted', () => {
			const progress = agentToolProgress('adobe_list_storage', {
				path: `a\nb/${'c'.repeat(200)}`,
				profile: 'token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
			});
			assert.ok(!progress.includes('\n'));
			assert.ok(!progress.includes('eyJhbGci'), progress);
			assert.ok(progress.length < 200, progress);
		});
	});

	describe('input the schema forbids', () => {
		it('is refused, whatever the tool would have made of it, before anything is sent', async () => {
			const h = host();
			const cases: Array<[string, unknown, RegExp]> = [
				['adobe_list_storage', { limit: '20' }, /limit must be a whole number from 1 to 100, not string\./],
				['adobe_list_storage', { path: null }, /path must be a string, not null \(leave it out instead\)\./],
				['adobe_get_job', { statusUrl: `${env.emulator.url}/v3/status/1`, wait: 'false' }, /wait must be true or false, not "false"\./],
				['adobe_send_request', { url: `${env.emulator.url}/x`, method: 'get' }, /method must be one of GET, HEAD/],
				[
					'adobe_send_request',
					{ url: `${env.emulator.url}/x`, headers: { 'x-count': 2 } },
					/headers\["x-count"\] must be a string, not number\./,
				],
				['adobe_get_asset', { assetId: 'urn:x', assetType: 'image' }, /assetType must be one of project, folder, file\./],
				['adobe_send_request', {}, /url is required: The absolute https URL/],
				['adobe_list_profiles', { verbose: true }, /adobe_list_profiles does not take "verbose"; it accepts no fields\./],
			];
			for (const [tool, input, message] of cases) {
				const result = failed(await invoke(tool, input, h), message);
				assert.equal((result.data.error as { code?: string }).code, 'invalid_arguments', tool);
				assert.equal(
					agentToolInputProblem(tool as AgentToolName, input)?.match(message)?.length,
					1,
					`${tool}: the same problem, for the front doors`,
				);
			}
			assert.deepEqual(h.asked, [], 'no token was fetched');
			assert.equal(env.emulator.count(), 0);
			assert.equal(agentToolInputProblem('adobe_list_storage', { path: 'Product Shots', limit: 5 }), undefined);
			assert.equal(agentToolInputProblem('adobe_list_profiles', undefined), undefined, 'no input is no fields');
		});
	});

	describe('the MCP catalogue', () => {
		it('says what the MCP server does with writes and jobs, and keeps the tools and their schemas', () => {
			const refusing = mcpAgentTools({ writesAllowed: false, maxJobWaitSeconds: 50 });
			const allowing = mcpAgentTools({ writesAllowed: true, maxJobWaitSeconds: 50 });
			assert.deepEqual(
				refusing.map((t) => t.name),
				AGENT_TOOLS.map((t) => t.name),
			);
			const send = (tools: AgentToolDefinition[]) => tools.find((t) => t.name === 'adobe_send_request')!.modelDescription;
			assert.match(send(refusing), /refuses every other method .* unless it is started with ADOBE_MCP_ALLOW_WRITES=1/);
			assert.match(
				send(allowing),
				/started with ADOBE_MCP_ALLOW_WRITES=1, so it sends requests that may create, change or delete something without asking/,
			);
			for (const tools of [refusing, allowing]) {
				assert.ok(!/asks the user to confirm/.test(send(tools)), 'no VS Code confirmation over MCP');
			}
			assert.match(
				send(AGENT_TOOLS as AgentToolDefinition[]),
				/asks the user to confirm, showing the method, the URL, every header and the body/,
			);
			const job = refusing.find((t) => t.name === 'adobe_get_job')!;
			assert.match(job.modelDescription, /at most 50 s per call on this server/);
			assert.ok(!job.modelDescription.includes('600'), job.modelDescription);
			const timeout = job.inputSchema.properties.timeoutSeconds as { default: number; maximum: number; description: string };
			assert.equal(timeout.default, 50);
			assert.match(timeout.description, /50/);
			for (const tool of refusing) {
				const vscodeTool = AGENT_TOOLS.find((t) => t.name === tool.name)!;
				assert.deepEqual(
					Object.keys(tool.inputSchema.properties),
					Object.keys(vscodeTool.inputSchema.properties),
					`${tool.name} takes the same fields`,
				);
			}
		});
	});

	describe('adobe_list_profiles', () => {
		it('lists names, API kinds, scopes and token state, and nothing else the host carries', async () => {
			const h = host();
			const withToken = { ...(await h.listProfiles())[0], accessToken: 'must-not-show' } as AgentProfileInfo;
			const result = ok(await invoke('adobe_list_profiles', {}, { ...h, listProfiles: () => [withToken] }));
			assert.match(
				result.text,
				/^1 Adobe profile:\n- Demo \(active\) · cloudStorage · scopes: openid, .* · token valid \(expires 2026-11-24T12:00:00.000Z\)$/,
			);
			assert.equal(result.data.active, 'Demo');
			assert.deepEqual(Object.keys((result.data.profiles as object[])[0]), ['name', 'apiKind', 'scopes', 'active', 'token']);
			assert.ok(!JSON.stringify(result).includes('must-not-show'));
			const two = ok(await invoke('adobe_list_profiles', undefined, h));
			assert.match(two.text, /^2 Adobe profiles:[\s\S]*- Other · photoshop · .* · no token yet$/);
		});
	});

	describe('adobe_list_storage', () => {
		it('lists the demo projects without a target', async () => {
			const result = ok(await invoke('adobe_list_storage', {}));
			assert.deepEqual(
				items(result).map((i) => i.name),
				['Brand Refresh 2026', 'Empty Project', 'Product Shots', 'Summer Campaign'],
			);
			assert.ok(items(result).every((i) => i.type === 'project' && i.assetId.startsWith('urn:aaid:sc:')));
			assert.equal(result.data.count, 4);
			assert.equal(result.data.cursor, undefined);
			assert.match(
				result.text,
				/^Projects \(profile "Demo"\): 4 items on this page, the last page\.\n- Brand Refresh 2026 · project · urn:aaid:sc:/,
			);
		});

		it('lists a folder by path one page at a time, and its cursor fetches the next page until the last', async () => {
			const first = ok(await invoke('adobe_list_storage', { path: '/Product Shots/Spring', limit: 5 }));
			assert.deepEqual(
				items(first).map((i) => i.name),
				['shoe-01.psd', 'shoe-02.jpg', 'shoe-03.jpg', 'shoe-04.psd', 'shoe-05.jpg'],
			);
			assert.equal(items(first)[1].mediaType, 'image/jpeg');
			assert.equal(typeof items(first)[1].size, 'number');
			assert.deepEqual((first.data.listing as { path: string }).path, '/Product Shots/Spring');
			const cursor = first.data.cursor as string;
			assert.ok(cursor.startsWith(`${env.emulator.endpoints.cloudStorage}/folders/`), 'the cursor is a link on the endpoint');
			assert.match(first.text, new RegExp(`^cursor: ${cursor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));

			const second = ok(await invoke('adobe_list_storage', { cursor }));
			assert.deepEqual(
				items(second).map((i) => i.name),
				['shoe-06.jpg', 'shoe-07.psd', 'shoe-08.jpg', 'shoe-09.jpg', 'shoe-10.psd'],
			);
			const third = ok(await invoke('adobe_list_storage', { cursor: second.data.cursor, limit: 5 }));
			assert.deepEqual(
				items(third).map((i) => i.name),
				['shoe-11.jpg', 'shoe-12.jpg'],
			);
			assert.equal(third.data.cursor, undefined, 'no cursor on the last page');
		});

		it('lists a project and a folder by id', async () => {
			const projects = items(ok(await invoke('adobe_list_storage', {})));
			const shots = projects.find((p) => p.name === 'Product Shots')!;
			const children = items(ok(await invoke('adobe_list_storage', { projectId: shots.assetId })));
			assert.deepEqual(children.map((c) => c.name).sort(), ['Archive (10,000 items)', 'Spring', 'shot-list.txt']);
			const spring = children.find((c) => c.name === 'Spring')!;
			const page = ok(await invoke('adobe_list_storage', { folderId: spring.assetId, limit: 3 }));
			assert.equal(page.data.count, 3);
			// The schema says integer: a string of digits is refused, so that what the model learns from the schema holds.
			failed(
				await invoke('adobe_list_storage', { folderId: spring.assetId, limit: '3' }),
				/limit must be a whole number from 1 to 100, not string/,
			);
		});

		it('refuses a forged cursor on another origin or path before any token is fetched', async () => {
			const h = host();
			for (const cursor of [
				'https://evil.example/v1/projects?cursor=abc',
				`${env.emulator.url}/elsewhere/projects?cursor=abc`,
				'not a url',
			]) {
				const result = failed(
					await invoke('adobe_list_storage', { cursor }, h),
					/not a next-page link of the configured Adobe Cloud Storage endpoint .*no token was sent/,
				);
				assert.match(result.text, /Fix: Pass back the cursor/);
			}
			assert.deepEqual(h.asked, [], 'no token was asked for');
			assert.equal(env.emulator.count(), 0, 'nothing was sent');
		});

		it('refuses bad input with a readable message, sending nothing', async () => {
			const cases: Array<[unknown, RegExp]> = [
				[{ limit: 0 }, /limit must be a whole number from 1 to 100/],
				[{ limit: 2.5 }, /limit must be a whole number/],
				[{ projectId: 'a', path: 'b' }, /takes one of projectId, folderId, path, cursor, not projectId and path/],
				[{ folder: 'x' }, /does not take "folder"; it accepts profile, projectId, folderId, path, cursor, limit/],
				[{ path: 42 }, /path must be a string, not number/],
				['Product Shots', /must be a JSON object/],
				[{ path: 'a/'.repeat(30) }, /at most 20 are looked up/],
			];
			for (const [input, message] of cases) failed(await invoke('adobe_list_storage', input), message);
			failed(await invoke('adobe_delete_everything', {}), /no Adobe tool named "adobe_delete_everything"/);
			assert.equal(env.emulator.count(), 0);
		});

		it('says which name of a path it could not find, and that a file has no children', async () => {
			failed(
				await invoke('adobe_list_storage', { path: 'Product Shots/Autumn' }),
				/no item named "Autumn" in "\/Product Shots"\. Fix: List the parent/,
			);
			failed(await invoke('adobe_list_storage', { path: 'No Such Project' }), /no project named "No Such Project"/);
			failed(
				await invoke('adobe_list_storage', { path: 'Product Shots/shot-list.txt' }),
				/is a file, which has no children; adobe_get_asset/,
			);
		});

		it('gets a fresh token once when storage answers 401', async () => {
			const h = host();
			env.emulator.inject('storage.list', { type: 'expiredToken' }, 1);
			const result = ok(await invoke('adobe_list_storage', {}, h));
			assert.equal(result.data.count, 4);
			assert.deepEqual(h.asked, [false, true]);
		});

		it('explains a 403 and an empty project list with the Technical Account setup', async () => {
			const projectId = items(ok(await invoke('adobe_list_storage', {}))).find((p) => p.name === 'Product Shots')!.assetId;
			const denied = host(DEMO_CLIENTS.storageDenied);
			const result = failed(await invoke('adobe_list_storage', { projectId }, denied), /denied access \(access_error/);
			assert.match(result.text, /Technical Account a Storage administrator/);
			assert.match(result.text, /Fix: An Admin fixes that in the Adobe Admin Console: .*Storage administrator.*Enterprise Storage/);
			assert.ok(result.text.endsWith(`Docs: ${TECHNICAL_ACCOUNT_SETUP_URL}`));
			assert.deepEqual(
				{ status: (result.data.error as { status: number }).status, docs: (result.data.error as { docs: string }).docs },
				{ status: 403, docs: TECHNICAL_ACCOUNT_SETUP_URL },
			);

			const empty = ok(await invoke('adobe_list_storage', {}, denied));
			assert.equal(empty.data.count, 0);
			assert.match(
				empty.text,
				/No projects\. Adobe lists only the projects a credential may access.*Storage administrator.*Enterprise Storage/,
			);
			assert.match(empty.data.note as string, new RegExp(TECHNICAL_ACCOUNT_SETUP_URL.replace(/[.]/g, '\\.')));
		});
	});

	describe('adobe_get_asset', () => {
		it('gets an item by path, and by id with and without its type', async () => {
			const byPath = ok(await invoke('adobe_get_asset', { path: 'Product Shots/Spring/shoe-02.jpg' }));
			assert.equal(byPath.data.assetType, 'file');
			assert.equal(byPath.data.path, '/Product Shots/Spring/shoe-02.jpg');
			assert.equal(byPath.data.mediaType, 'image/jpeg');
			assert.match(
				byPath.text,
				/^file "shoe-02\.jpg" · urn:aaid:sc:\S+\npath: \/Product Shots\/Spring\/shoe-02\.jpg\nimage\/jpeg · [\d,]+ bytes\ncreated /,
			);

			const assetId = byPath.data.assetId as string;
			const byId = ok(await invoke('adobe_get_asset', { assetId }));
			assert.deepEqual(byId.data, byPath.data);
			const folder = ok(await invoke('adobe_get_asset', { path: 'Product Shots/Spring' }));
			env.emulator.reset();
			const typed = ok(await invoke('adobe_get_asset', { assetId: folder.data.assetId, assetType: 'folder' }));
			assert.equal(typed.data.name, 'Spring');
			assert.equal(env.emulator.count('storage.metadata'), 1, 'the type given saves the lookups');
		});

		it('needs an id or a path, and says when no item has the id', async () => {
			failed(await invoke('adobe_get_asset', {}), /needs one of assetId, path/);
			failed(await invoke('adobe_get_asset', { assetId: 'x', assetType: 'brand' }), /assetType must be one of project, folder, file/);
			failed(
				await invoke('adobe_get_asset', { assetId: 'urn:aaid:sc:US:00000000-0000-0000-0000-000000000000' }),
				/could not find that item/,
			);
		});
	});

	describe('adobe_verify_credential', () => {
		it("makes the profile's verification call and reports status, latency and what it proves", async () => {
			const result = ok(await invoke('adobe_verify_credential', {}));
			assert.equal(result.data.ok, true);
			assert.equal(result.data.status, 200);
			assert.equal(result.data.call, `GET ${env.emulator.endpoints.cloudStorage}/projects?limit=1`);
			assert.equal(typeof result.data.latencyMs, 'number');
			assert.match(
				result.text,
				/^Verified "Demo" \(cloudStorage\): GET .*\/projects\?limit=1 → HTTP 200 · \d+ ms\.\nAdobe Cloud Storage accepted the token/,
			);
			assert.equal('error' in result.data, false, 'the error object stays in core');
		});

		it('names an unknown profile as an error with a fix', async () => {
			failed(
				await invoke('adobe_verify_credential', { profile: 'Nope' }),
				/no Adobe profile named "Nope"\. Fix: Add or import an Adobe profile/,
			);
		});
	});

	describe('adobe_send_request', () => {
		it('sends a GET with the token and API key added, and returns status, headers and body', async () => {
			const result = ok(await invoke('adobe_send_request', { url: `${env.emulator.url}/pie/psdService/hello` }));
			assert.equal(result.data.status, 200);
			assert.match(result.data.body as string, /Welcome to the Photoshop API/);
			assert.ok((result.data.headers as Record<string, string>)['x-request-id']);
			assert.match(
				result.text,
				/^GET http:\/\/127\.0\.0\.1:\d+\/pie\/psdService\/hello \(profile "Demo"\) → HTTP 200 OK · \d+ ms · x-request-id \S+\nHeaders: /,
			);
			assert.equal(env.emulator.count('photoshop.hello'), 1);
		});

		it('refuses a host that is not Adobe or a configured endpoint, sending nothing and fetching no token', async () => {
			const h = host();
			for (const url of [
				'https://example.com/pie/psdService/hello',
				'https://evil-adobe.io/x',
				'https://image.adobe.io.evil.example/x',
				'http://image.adobe.io/pie/psdService/hello',
			]) {
				failed(await invoke('adobe_send_request', { url }, h), /is not an Adobe host .* so the request was not sent/);
			}
			failed(
				await invoke('adobe_send_request', { url: 'https://firefly-api.adobe.io@evil.example/v3' }, h),
				/url must not contain a user name or password/,
			);
			const named = failed(
				await invoke('adobe_send_request', { url: 'https://example.com/x' }, h),
				/^Error: example\.com is not an Adobe host/,
			);
			assert.equal((named.data.error as { code: string }).code, 'origin_refused');
			assert.deepEqual(h.asked, []);
			assert.equal(env.emulator.count(), 0);
		});

		it('refuses a Host header (it would route the token past the origin check) or a method override, sending nothing', async () => {
			const h = host();
			const url = `${env.emulator.url}/pie/psdService/hello`;
			const before = env.emulator.count();
			failed(await invoke('adobe_send_request', { url, headers: { Host: 'runtime.adobe.io' } }, h), /The header Host cannot be set here/);
			failed(
				await invoke('adobe_send_request', { url, headers: { 'X-HTTP-Method-Override': 'DELETE' } }, h),
				/The header X-HTTP-Method-Override cannot be set here/,
			);
			assert.equal(env.emulator.count(), before);
		});

		it('sends to an approved origin, and checks method, headers and body', async () => {
			const approved = ok(
				await invoke(
					'adobe_send_request',
					{ url: `${env.emulator.url.replace('127.0.0.1', 'localhost')}/pie/psdService/hello` },
					host(DEMO_CLIENTS.demo, { approvedOrigins: () => [env.emulator.url.replace('127.0.0.1', 'localhost')] }),
				),
			);
			assert.equal(approved.data.status, 200);
			failed(
				await invoke('adobe_send_request', { url: `${env.emulator.url}/x`, method: 'TRACE' }),
				/method must be one of GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE/,
			);
			failed(
				await invoke('adobe_send_request', { url: `${env.emulator.url}/x`, headers: { 'bad name': 'x' } }),
				/"bad name" is not a valid header name/,
			);
			failed(
				await invoke('adobe_send_request', { url: `${env.emulator.url}/x`, headers: { 'x-a': 'a\r\nx-b: b' } }),
				/must be on one line/,
			);
			failed(await invoke('adobe_send_request', { url: 'ftp://adobe.io/x' }), /must be an https URL, not ftp:/);
			failed(await invoke('adobe_send_request', { method: 'GET' }), /url is required/);
		});

		it('cuts a long body with a note', async () => {
			env.emulator.inject('photoshop.hello', { type: 'status', status: 200, body: { text: 'y'.repeat(MAX_AGENT_BODY_CHARS * 2) } }, 1);
			const result = ok(await invoke('adobe_send_request', { url: `${env.emulator.url}/pie/psdService/hello` }));
			assert.equal((result.data.body as string).length, MAX_AGENT_BODY_CHARS);
			assert.match(result.data.bodyNote as string, /^Body truncated: showing 16,000 of 32,\d{3} characters\.$/);
		});
	});

	describe('adobe_get_job', () => {
		async function submit(h: AgentToolHost): Promise<string> {
			const started = ok(
				await invoke(
					'adobe_send_request',
					{
						method: 'POST',
						url: `${env.emulator.url}/v3/images/generate-async`,
						headers: { 'Content-Type': 'application/json' },
						body: '{"prompt":"a lighthouse at dusk"}',
					},
					h,
				),
			);
			assert.equal(started.data.status, 202);
			const job = started.data.job as { statusUrl: string; api: string };
			assert.equal(job.api, 'firefly');
			assert.match(started.text, /Async job started \(firefly\): statusUrl \S+\/v3\/status\/\S+\. Follow it with adobe_get_job\./);
			return job.statusUrl;
		}

		it('follows a job a request started to its end, with its image', async () => {
			const h = host();
			const statusUrl = await submit(h);
			const result = ok(await invoke('adobe_get_job', { statusUrl }, h));
			assert.equal(result.data.state, 'succeeded');
			assert.equal(result.data.finished, true);
			const outputs = result.data.outputs as Array<{ url: string; image?: boolean }>;
			assert.equal(outputs.length, 1);
			assert.equal(outputs[0].image, true);
			assert.match(result.text, /^Job \(firefly, profile "Demo"\) ended: succeeded after \d+ status requests\.\n- image 1/);
		});

		it('polls once with wait=false, and reports a failed job with its errors', async () => {
			const h = host();
			const statusUrl = await submit(h);
			const pollsBefore = env.emulator.requests.filter((r) => r.route === 'firefly.status').length;
			const running = ok(await invoke('adobe_get_job', { statusUrl, wait: false }, h));
			assert.equal(running.data.finished, false);
			assert.equal(running.data.polls, 1);
			assert.equal(env.emulator.requests.filter((r) => r.route === 'firefly.status').length, pollsBefore + 1, 'exactly one status request');
			assert.match(running.text, /still (pending|running).* after 1 status request\.\n.*call adobe_get_job again/s);

			env.emulator.inject(
				'firefly.generateAsync',
				{ type: 'jobFailed', errors: [{ error_code: 'input_image_too_large', message: 'The image is too large.' }] },
				1,
			);
			const failedJob = ok(await invoke('adobe_get_job', { statusUrl: await submit(h), timeoutSeconds: 60 }, h));
			assert.equal(failedJob.data.state, 'failed');
			assert.deepEqual(failedJob.data.errors, [{ code: 'input_image_too_large', message: 'The image is too large.' }]);
			assert.match(failedJob.text, /ended: failed .*\n- error input_image_too_large: The image is too large\./);
		});

		it('stops waiting at timeoutSeconds and says the job is still running', async () => {
			const h = host();
			env.emulator.inject('firefly.generateAsync', { type: 'jobHold' }, 1);
			const result = ok(await invoke('adobe_get_job', { statusUrl: await submit(h), timeoutSeconds: 5 }, h));
			assert.equal(result.data.finished, false);
			assert.equal(result.data.timedOut, true);
			assert.ok((result.data.polls as number) > 1, 'it polled more than once before giving up');
			assert.match(result.text, /Still running after 5 s of waiting; call adobe_get_job again/);
		});

		it('does not follow a status URL a lying server pointed elsewhere', async () => {
			const h = host();
			env.emulator.inject('firefly.generateAsync', { type: 'lyingStatusUrl', origin: 'https://collector.example' }, 1);
			const started = ok(
				await invoke(
					'adobe_send_request',
					{
						method: 'POST',
						url: `${env.emulator.url}/v3/images/generate-async`,
						body: '{"prompt":"x"}',
						headers: { 'content-type': 'application/json' },
					},
					h,
				),
			);
			const statusUrl = (started.data.job as { statusUrl: string }).statusUrl;
			assert.ok(statusUrl.startsWith('https://collector.example/'));
			failed(await invoke('adobe_get_job', { statusUrl }, h), /collector\.example is not an Adobe host/);
			assert.equal(env.emulator.count('firefly.status'), 0);
		});

		it('refuses a status URL off Adobe and bad wait options before any token is fetched', async () => {
			const h = host();
			failed(
				await invoke('adobe_get_job', { statusUrl: 'https://evil.example/v3/status/1' }, h),
				/evil\.example is not an Adobe host .* the status request was not sent/,
			);
			failed(
				await invoke('adobe_get_job', { statusUrl: `${env.emulator.url}/v3/status/1`, timeoutSeconds: 601 }, h),
				/timeoutSeconds must be a whole number from 1 to 600/,
			);
			failed(
				await invoke('adobe_get_job', { statusUrl: `${env.emulator.url}/v3/status/1`, wait: 'soon' }, h),
				/wait must be true or false/,
			);
			assert.deepEqual(h.asked, []);
			assert.equal(env.emulator.count(), 0);
		});
	});

	describe('adobe_check_setup', () => {
		it("returns the host doctor's findings with their fixes and a summary", async () => {
			const findings: Finding[] = [
				{ id: 'settings', title: 'Settings', status: 'pass', detail: 'The endpoints are valid.' },
				{
					id: 'storage',
					title: 'Cloud Storage',
					status: 'fail',
					detail: 'Adobe Cloud Storage denied access.',
					cause: 'The Technical Account is not a Storage administrator.',
					fix: 'Make it one.',
					docs: TECHNICAL_ACCOUNT_SETUP_URL,
					error: { kind: 'http', status: 403 },
				},
			];
			const asked: Array<string | undefined> = [];
			const h = host(DEMO_CLIENTS.demo, {
				checkSetup: async (profile) => {
					asked.push(profile);
					return findings;
				},
			});
			const result = ok(await invoke('adobe_check_setup', { profile: 'Demo' }, h));
			assert.deepEqual(asked, ['Demo']);
			assert.deepEqual(result.data.summary, { pass: 1, fail: 1, warn: 0, skipped: 0 });
			const withoutError = Object.fromEntries(Object.entries(findings[1]).filter(([key]) => key !== 'error'));
			assert.deepEqual((result.data.findings as Array<Record<string, unknown>>)[1], withoutError, 'every field but the error object');
			assert.match(
				result.text,
				/^Setup check for "Demo": 1 failed, 0 warnings, 1 passed, 0 skipped\.\n✓ \[pass\] settings: The endpoints are valid\.\n✗ \[fail\] storage: .*\n {2}Cause: .*\n {2}Fix: Make it one\.\n {2}Docs: https:/,
			);
		});
	});

	describe('secrets', () => {
		it('keeps the secret and every token out of every result, even when servers echo them', async () => {
			const leak = DEMO_CLIENTS.leakHunt;
			const h = host(leak);
			const results: AgentToolResult[] = [];
			const hello = `${env.emulator.url}/pie/psdService/hello`;

			results.push(ok(await invoke('adobe_list_storage', {}, h)));
			env.emulator.inject('photoshop.hello', { type: 'echo', status: 200 }, 1);
			const echoed = ok(await invoke('adobe_send_request', { url: hello }, h));
			assert.match(echoed.data.body as string, /Rejected credentials: ‹redacted›/, 'the echo came back, redacted');
			results.push(echoed);
			env.emulator.inject('photoshop.hello', { type: 'echo', status: 403 }, 1);
			results.push(await invoke('adobe_send_request', { url: hello, method: 'POST', body: '{}' }, h));
			env.emulator.inject('storage.list', { type: 'echo', status: 403 }, 1);
			results.push(failed(await invoke('adobe_list_storage', { path: 'Product Shots' }, h), /Adobe Cloud Storage/));
			results.push(await invoke('adobe_verify_credential', {}, h));

			// A fresh host: its first token request is answered by an IMS that echoes the secret.
			const fresh = host(leak);
			env.emulator.inject('ims.token', { type: 'echo', status: 400 }, 1);
			results.push(failed(await invoke('adobe_list_storage', {}, fresh), /IMS/));
			// A host whose redactor knows nothing: the tool's own redaction still removes the tokens it handed out.
			const blind = host(leak, { redact: (text) => text });
			env.emulator.inject('photoshop.hello', { type: 'echo', status: 200 }, 1);
			results.push(ok(await invoke('adobe_send_request', { url: hello }, blind)));

			const tokens = [...h.issued, ...blind.issued];
			assert.ok(tokens.length >= 2, 'tokens were issued');
			assertNoLeak(
				[leak.clientSecret, encodeURIComponent(leak.clientSecret), ...tokens, ...tokens.map((t) => t.split('.').pop()!)],
				...results,
			);
		});
	});
});
