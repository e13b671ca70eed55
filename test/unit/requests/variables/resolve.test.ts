/** Issue #21: variables in resolve.ts: REST Client's lookup order, environments, request variables, prompts, $processEnv and $dotenv. */
import * as assert from 'node:assert/strict';
import { invalidInput } from '../../../../src/core/common/errors';
import { MemoryExchangeStore } from '../../../../src/core/requests/exchanges';
import { parseRequestFile } from '../../../../src/core/requests/parse';
import {
	BuiltinValues,
	askPrompts,
	isPasswordPrompt,
	requestHost,
	resolveRequest,
	resolvesAlone,
} from '../../../../src/core/requests/resolve';
import type { RequestExchange, VariableSources } from '../../../../src/core/requests/types';
import { assertNoLeak, rejection } from '../../helpers';
import { assertLinear } from '../../linear';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ2YXJzIn0.c2lnbmF0dXJlLXZhcnM';
const ENV_SECRET = 'env-secret-value-0123456789';

function builtins(calls: string[]): BuiltinValues {
	return {
		async token() {
			calls.push('token');
			return TOKEN;
		},
		async clientId() {
			calls.push('clientId');
			return 'client-id-0123456789';
		},
		endpoint: () => 'https://image.adobe.io',
	};
}

function exchange(overrides: Partial<RequestExchange['response']> = {}, sensitive = false): RequestExchange {
	return {
		request: {
			method: 'POST',
			url: 'https://ims.example/login',
			headers: { 'content-type': 'application/json', authorization: 'Bearer request-side-secret-123' },
			body: '{"user":"ada"}',
		},
		response: {
			status: 200,
			headers: { 'content-type': 'application/json; charset=utf-8', location: 'https://image.adobe.io/jobs/42' },
			body: '{"token":"t-1","job":{"id":42,"tags":["a","b"]}}',
			...overrides,
		},
		sensitive,
	};
}

async function resolve(text: string, sources: VariableSources = {}, calls: string[] = [], index = -1) {
	const file = parseRequestFile(text);
	assert.deepEqual(file.problems, []);
	const request = file.requests.at(index)!;
	return resolveRequest(
		file,
		request,
		builtins(calls),
		async (url) => {
			calls.push(`check:${url.host}`);
		},
		undefined,
		sources,
	);
}

describe('request variables: resolving', () => {
	it("looks names up in REST Client's order: prompt, request variable, file variable, environment", async () => {
		const requests = new MemoryExchangeStore();
		requests.set('login', exchange());
		const text = [
			'@who = file',
			'@login = file-login',
			'# @name login',
			'POST https://x.example/login',
			'###',
			'# @prompt who',
			'GET https://x.example/{{who}}/{{login.response.body.$.token}}/{{onlyEnv}}',
		].join('\n');
		const sources: VariableSources = {
			environment: { who: 'env', onlyEnv: 'E', login: 'env-login' },
			environmentName: 'dev',
			requests,
			prompt: async () => 'prompted',
		};
		assert.equal((await resolve(text, sources)).url, 'https://x.example/prompted/t-1/E');
		// Without the prompt: the file variable wins over the environment.
		assert.equal((await resolve(text.replace('# @prompt who', ''), sources)).url, 'https://x.example/file/t-1/E');
		// A file variable refers to the environment and to a request variable.
		const chained = await resolve('@u = {{base}}/{{login.response.headers.LOCATION}}\n# @name login\nGET {{u}}', {
			...sources,
			environment: { base: 'https://api.example' },
		});
		assert.equal(chained.url, 'https://api.example/https://image.adobe.io/jobs/42');
	});

	it('inserts environment values as written, and names a $shared reference the environment lacks', async () => {
		const resolved = await resolve('GET https://x.example/{{a}}', { environment: { a: '{{$guid}}' }, environmentName: 'dev' });
		// Not replaced; then percent-encoded as REST Client sends a URL (encodeurl; parity lane, resolve.ts).
		assert.equal(resolved.url, 'https://x.example/%7B%7B$guid%7D%7D');
		const error = await rejection(
			resolve('GET https://x.example/{{a}}', { environment: { a: 'x{{$shared gone}}' }, environmentName: 'dev' }),
		);
		assert.equal(
			error.message,
			'Line 1: {{a}} comes from the environment "dev", whose value refers to {{$shared gone}}, which $shared does not define.',
		);
		assert.match(
			(await rejection(resolve('GET https://x.example/{{$shared a}}'))).message,
			/\$shared references belong in environment values/,
		);
	});

	it('says where an unknown name was looked up', async () => {
		const message = async (text: string, sources: VariableSources) => (await rejection(resolve(text, sources))).message;
		assert.equal(
			await message('GET https://x.example/{{nope}}', { environment: {}, environmentName: 'dev' }),
			'Line 1: {{nope}} is not defined: not a file variable (define it with "@nope = value"), not in the environment "dev".',
		);
		assert.equal(
			await message('# @prompt p\nGET https://x.example/{{nope}}', { environment: {}, prompt: async () => 'x' }),
			'Line 2: {{nope}} is not defined: not a file variable (define it with "@nope = value"), not in $shared (no environment is selected), not a # @prompt of this request.',
		);
		assert.equal(
			await message('GET https://x.example/{{%nope}}', {}),
			'Line 1: {{%nope}}: "%" percent-encodes a file variable (as REST Client does), and nope is not one.',
		);
	});

	it('percent-encodes a file variable written {{%name}}, as REST Client does', async () => {
		const resolved = await resolve('@name = Strunk & White\nGET https://x.example/authors/{{%name}}?q={{name}}');
		// {{name}} as written; the URL's spaces then percent-encoded as REST Client sends a URL (encodeurl).
		assert.equal(resolved.url, 'https://x.example/authors/Strunk%20%26%20White?q=Strunk%20&%20White');
	});

	describe('request variables', () => {
		const sources = (store: MemoryExchangeStore): VariableSources => ({ requests: store });
		const named = (reference: string) => `# @name login\nPOST https://x.example/login\n###\nGET https://x.example/\nX-V: {{${reference}}}`;
		const value = async (reference: string, ex = exchange()) => {
			const store = new MemoryExchangeStore();
			store.set('login', ex);
			return (await resolve(named(reference), sources(store))).headers[0].value;
		};

		it('reads JSON bodies with a JSONPath, headers by name in any case, and whole bodies', async () => {
			assert.equal(await value('login.response.body.$.token'), 't-1');
			assert.equal(await value('login.response.body.$.job.id'), '42');
			assert.equal(await value('login.response.body.$.job.tags'), '["a","b"]');
			assert.equal(await value('login.response.body.$..tags[1]'), 'b');
			assert.equal(await value('login.response.headers.Location'), 'https://image.adobe.io/jobs/42');
			assert.equal(await value('login.response.body.*'), '{"token":"t-1","job":{"id":42,"tags":["a","b"]}}');
			assert.equal(await value('login.request.body.$.user'), 'ada');
			assert.equal(await value('login.request.headers.content-type'), 'application/json');
		});

		it('reads XML bodies with an XPath, and bodies of another type with asJson./asXml.', async () => {
			const xml = exchange({
				headers: { 'content-type': 'application/xml' },
				body: '<replies><reply id="r1">one</reply><reply id="r2">two</reply></replies>',
			});
			assert.equal(await value('login.response.body.//reply[2]/@id', xml), 'r2');
			assert.equal(await value('login.response.body./replies/reply', xml), 'one');
			const text = exchange({ headers: { 'content-type': 'text/plain' }, body: '{"a":1}' });
			assert.equal(await value('login.response.body.asJson.$.a', text), '1');
			assert.match((await rejection(value('login.response.body.$.a', text))).message, /is text\/plain, not JSON or XML; use body\.\* /);
		});

		it('refuses with a message what REST Client would send as the text of the reference', async () => {
			const message = async (reference: string, ex?: RequestExchange) => (await rejection(value(reference, ex))).message;
			assert.equal(
				await message('login.response.body.$.missing'),
				'Line 5: the JSONPath $.missing finds nothing in the response body of "login".',
			);
			assert.equal(await message('login.response.headers.X-Nope'), 'Line 5: the response of "login" has no header X-Nope.');
			assert.match(await message('login'), /names the request "login" but not what to take from it/);
			assert.match(await message('login.response.body'), /needs a path after body/);
			assert.match(await message('login.response.body.$[?(@.a)]'), /filters/);
			assert.match(await message('login.response.body.$.a', exchange({ body: '' })), /the response of "login" has no body/);
			// Not sent yet in this session.
			const empty = new MemoryExchangeStore();
			const error = await rejection(resolve(named('login.response.body.$.token'), sources(empty)));
			assert.equal(
				error.message,
				'Line 5: {{login.response.body.$.token}}: the request "login" has not been sent yet; send it first (REST Client would send the text {{login.response.body.$.token}} as it is).',
			);
		});

		it('makes a request that reads a sensitive exchange pass the origin check, and redacts what that request sent', async () => {
			const store = new MemoryExchangeStore();
			store.set('login', exchange({}, true));
			const calls: string[] = [];
			const resolved = await resolve(named('login.request.headers.Authorization'), sources(store), calls);
			assert.equal(resolved.sensitive, true);
			assert.deepEqual(calls, ['check:x.example']);
			assert.deepEqual(resolved.secrets, ['Bearer request-side-secret-123']);
			// Sent as read, shown as written (as a credential is shown).
			assert.equal(resolved.headers[0].value, 'Bearer request-side-secret-123');
			assert.equal(resolved.display.headers[0].value, '{{login.request.headers.Authorization}}');
			// In a URL it is shown as sent: the URL is what the origin rule judged.
			const inUrl = await resolve(
				'@id = {{login.response.body.$.job.tags}}\n# @name login\nPOST https://x.example/login\n###\nGET {{login.response.headers.Location}}?a={{%id}}\nX-Id: {{%id}}',
				sources(store),
			);
			assert.equal(inUrl.display.url, 'https://image.adobe.io/jobs/42?a=%5B%22a%22%2C%22b%22%5D');
			assert.equal(inUrl.headers[0].value, '%5B%22a%22%2C%22b%22%5D');
			assert.equal(inUrl.display.headers[0].value, '{{%id}}');

			// A response value counts for the origin rule, but stays visible.
			const fromResponse = await resolve(named('login.response.headers.Location'), sources(store), []);
			assert.equal(fromResponse.sensitive, true);
			assert.deepEqual(fromResponse.secrets, []);
			// Not sensitive: no origin check.
			store.set('login', exchange({}, false));
			const plain: string[] = [];
			const shown = await resolve(named('login.response.headers.Location'), sources(store), plain);
			assert.equal(shown.sensitive, false);
			assert.equal(shown.display.headers[0].value, 'https://image.adobe.io/jobs/42');
			assert.deepEqual(plain, []);
		});
	});

	describe('prompts', () => {
		it("asks each prompt once, in order, hiding REST Client's password names and names that hold a secret", async () => {
			const asked: string[] = [];
			const file = parseRequestFile(
				'# @prompt user Your name\n# @prompt password\n# @prompt apiToken\n# @prompt user\nGET https://x.example/{{user}}',
			);
			const answers = await askPrompts(file.requests[0], {
				prompt: async (name, description, password) => {
					asked.push(`${name}|${description ?? ''}|${password}`);
					return `${name}-answer`;
				},
			});
			assert.deepEqual(asked, ['user|Your name|false', 'password||true', 'apiToken||true']);
			assert.deepEqual(answers, { user: 'user-answer', password: 'password-answer', apiToken: 'apiToken-answer' });
			for (const name of ['password', 'Password', 'PASSWORD', 'passwd', 'Passwd', 'PASSWD', 'pass', 'Pass', 'PASS', 'clientSecret']) {
				assert.ok(isPasswordPrompt(name), name);
			}
			for (const name of ['user', 'passage', 'refCode', 'otp']) assert.ok(!isPasswordPrompt(name), name);
		});

		it('redacts hidden answers, stops on Cancel, and says when prompts cannot be asked', async () => {
			const resolved = await resolve('# @prompt password\nPOST https://x.example/\n\n{"p":"{{password}}"}', {
				prompt: async () => 'hunter2-secret',
			});
			assert.equal(resolved.body, '{"p":"hunter2-secret"}');
			assert.deepEqual(resolved.secrets, ['hunter2-secret']);
			const cancelled = await rejection(resolve('# @prompt a\nGET https://x.example/{{a}}', { prompt: async () => undefined }));
			assert.equal(cancelled.kind, 'cancelled');
			const none = await rejection(resolve('# @prompt a\nGET https://x.example/{{a}}', {}));
			assert.equal(none.message, 'Line 1: # @prompt a: prompts cannot be asked here; give the value another way (the CLI: --var a=value).');
		});

		it('uses answers given in advance (a send resolves twice after a 401, and asks once)', async () => {
			const file = parseRequestFile('# @prompt a\nGET https://x.example/{{a}}');
			const resolved = await resolveRequest(
				file,
				file.requests[0],
				builtins([]),
				async () => {},
				undefined,
				{ prompt: async () => assert.fail('asked') },
				{ a: 'given' },
			);
			assert.equal(resolved.url, 'https://x.example/given');
		});
	});

	describe('$processEnv and $dotenv', () => {
		const env: Record<string, string> = { SECRET_KEY: ENV_SECRET, OTHER: 'other' };
		const sources = (calls: string[]): VariableSources => ({
			environment: { secretKey: 'SECRET_KEY' },
			environmentName: 'dev',
			processEnv: (name) => {
				calls.push(`env:${name}`);
				return env[name];
			},
			dotenv: async (name) => {
				calls.push(`dotenv:${name}`);
				return name === 'DOT' ? 'dot-secret-value' : undefined;
			},
		});

		it('reads them only after the origin check, and redacts their values', async () => {
			const calls: string[] = [];
			const resolved = await resolve(
				'POST https://x.example/\nX-Key: {{$processEnv SECRET_KEY}}\nX-Indirect: {{$processEnv %secretKey}}\nX-Dot: {{$dotenv DOT}}\n\n{{$processEnv MISSING}}',
				sources(calls),
				calls,
			);
			assert.deepEqual(calls, ['check:x.example', 'env:SECRET_KEY', 'dotenv:DOT', 'env:MISSING']);
			assert.deepEqual(
				resolved.headers.map((h) => h.value),
				[ENV_SECRET, ENV_SECRET, 'dot-secret-value'],
			);
			// REST Client sends an empty value for an unset process variable.
			assert.equal(resolved.body, '');
			assert.equal(resolved.sensitive, true);
			assert.equal(resolved.usesCredentials, false);
			assert.deepEqual(resolved.secrets.sort(), [ENV_SECRET, 'dot-secret-value'].sort());
			assert.equal(resolved.display.headers[0].value, '{{$processEnv SECRET_KEY}}');
		});

		it('reads nothing when the origin is refused, and never in a URL', async () => {
			const calls: string[] = [];
			const file = parseRequestFile('GET https://x.example/\nX-Key: {{$processEnv SECRET_KEY}}');
			const refused = await rejection(
				resolveRequest(
					file,
					file.requests[0],
					builtins(calls),
					async (url) => {
						calls.push(`check:${url.host}`);
						throw invalidInput('refused: not an approved origin');
					},
					undefined,
					sources(calls),
				),
			);
			assert.equal(refused.message, 'refused: not an approved origin');
			assert.deepEqual(calls, ['check:x.example'], 'nothing read before the refusal');
			calls.length = 0;
			const inUrl = await rejection(resolve('GET https://x.example/?k={{$processEnv SECRET_KEY}}', sources(calls), calls));
			assert.equal(
				inUrl.message,
				'Line 1: {{$processEnv SECRET_KEY}} cannot be used in the URL: the URL must be known before an environment value is read, and URLs end up in logs and proxies; send it in a header or the body.',
			);
			assert.deepEqual(calls, []);
			assertNoLeak([ENV_SECRET], inUrl);
		});

		it('counts one inside a <@ body file as used: the origin is checked before it is read', async () => {
			const calls: string[] = [];
			const resolved = await resolve(
				'POST https://x.example/\n\n<@ ./body.json',
				{
					...sources(calls),
					readFile: async (relativePath) => {
						calls.push(`file:${relativePath}`);
						return Buffer.from('{"key":"{{$processEnv SECRET_KEY}}"}');
					},
				},
				calls,
			);
			assert.deepEqual(calls, ['file:./body.json', 'check:x.example', 'env:SECRET_KEY']);
			assert.equal(resolved.body ?? resolved.bodyBytes?.toString('utf8'), `{"key":"${ENV_SECRET}"}`);
			assert.deepEqual(resolved.secrets, [ENV_SECRET]);
			const named = await rejection(resolve('POST https://x.example/\n\n<@ ./{{$processEnv SECRET_KEY}}', sources([])));
			assert.match(named.message, /cannot name a body file/);
		});

		it('says when a .env value is missing, the source is unavailable, or the arguments are wrong', async () => {
			const message = async (text: string, s: VariableSources) => (await rejection(resolve(text, s))).message;
			assert.equal(
				await message('GET https://x.example/\nX: {{$dotenv NOPE}}', sources([])),
				'Line 2: {{$dotenv NOPE}}: no .env file beside the request file (or in a folder above it, inside the workspace) defines NOPE.',
			);
			assert.match(
				await message('GET https://x.example/\nX: {{$processEnv A}}', {}),
				/the process environment is not available here \(in VS Code: only in a trusted workspace\)/,
			);
			assert.match(await message('GET https://x.example/\nX: {{$dotenv A}}', {}), /\.env files are not available here/);
			assert.equal(
				await message('GET https://x.example/\nX: {{$processEnv}}', {}),
				'Line 2: {{$processEnv}} should be {{$processEnv NAME}} or {{$processEnv %environmentVariable}}.',
			);
			assert.match(await message('GET https://x.example/\nX: {{$processEnv a b}}', {}), /should be/);
		});
	});

	it('finds the host with the environment and request variables, asking nothing', async () => {
		const store = new MemoryExchangeStore();
		store.set('job', exchange());
		const file = parseRequestFile(
			'# @name job\nGET https://x.example\n###\nGET {{job.response.headers.location}}\nX: {{$processEnv A}}\n###\n# @prompt p\nGET https://{{host}}/{{p}}',
		);
		const endpoint = () => 'https://image.adobe.io';
		assert.equal(
			await requestHost(file, file.requests[1], endpoint, { requests: store, prompt: async () => assert.fail('asked') }),
			'image.adobe.io',
		);
		assert.equal(await requestHost(file, file.requests[2], endpoint, { environment: { host: 'api.example:8443' } }), 'api.example:8443');
		assert.equal(await requestHost(file, file.requests[2], endpoint, {}), undefined);
	});
});

describe('requests that resolve alone (a run resolves them while the one before is on its way)', () => {
	/** Whether the last request of `text` resolves alone. */
	const alone = (text: string) => {
		const file = parseRequestFile(text);
		assert.deepEqual(file.problems, []);
		return resolvesAlone(file, file.requests[file.requests.length - 1]);
	};

	it('admits the file, the environment and the built-ins that only compute', () => {
		assert.equal(alone('GET https://example.com/items\nAccept: application/json\n'), true);
		assert.equal(
			alone(
				'@base = https://example.com\n@path = {{base}}/v1/{{%segment}}\n@segment = a b\n' +
					'POST {{path}}?n={{$randomInt 1 9}}\nX-Id: {{$guid}}\nX-Env: {{fromEnvironment}}\n\n{"ps": "{{$adobeEndpoint photoshop}}", "twice": "{{base}}{{base}}"}\n',
			),
			true,
		);
		// A loop fails to resolve whenever it is resolved: alone, as far as ordering goes.
		assert.equal(alone('@a = {{b}}\n@b = {{a}}\nGET https://example.com/{{a}}\n'), true);
	});

	it('refuses prompts, request variables (also through a file variable), credentials, the environment reads and body files', () => {
		const first = '# @name login\nPOST https://example.com/login\n\n###\n';
		for (const [why, text] of [
			['a prompt', '# @prompt name\nGET https://example.com/{{name}}\n'],
			['a request variable', `${first}GET https://example.com/{{login.response.body.$.id}}\n`],
			[
				'a request variable in a file variable',
				`@id = {{login.response.headers.X-Id}}\n@path = /x/{{id}}\n${first}GET https://example.com{{path}}\n`,
			],
			['the token', 'GET https://example.com\nAuthorization: Bearer {{$adobeToken}}\n'],
			['the Client ID in a file variable', '@key = {{$adobeClientId}}\nGET https://example.com\nx-api-key: {{key}}\n'],
			['$processEnv', 'GET https://example.com\nX-Home: {{$processEnv HOME}}\n'],
			['$dotenv in the body', 'POST https://example.com\n\n{"k": "{{$dotenv KEY}}"}\n'],
			['an unknown built-in', 'GET https://example.com/{{$nope}}\n'],
			['the clock', 'GET https://example.com/?at={{$timestamp}}\n'],
			['the clock in a file variable', '@when = {{$datetime rfc1123}}\nGET https://example.com\nX-Date: {{when}}\n'],
			['the local clock', 'POST https://example.com\n\n{"at": "{{$localDatetime iso8601}}"}\n'],

			['a body file', 'POST https://example.com\n\n< ./body.json\n'],
			['a body file with variables', 'POST https://example.com\n\n<@ ./body.json\n'],
		]) {
			assert.equal(alone(text), false, why);
		}
	});

	it('reads a body line by line, as resolving does: a credential after an unclosed {{ is seen', () => {
		const file = parseRequestFile('POST https://example.com\n\n{{ not closed\n{"t": "{{$adobeToken}}"}\n');
		assert.equal(file.requests.length, 1);
		assert.equal(resolvesAlone(file, file.requests[0]), false);
	});

	it('reads at most MAX_EXPANSIONS file variables, without recursion: a chain of 6000 is no stack overflow', () => {
		const chain = Array.from({ length: 6000 }, (_, i) => `@v${i} = {{v${i + 1}}}`).join('\n');
		assert.equal(
			alone(`${chain}\n@v6000 = x\nGET https://example.com/{{v0}}\n`),
			false,
			'past the bound: resolved at its turn, which reports it',
		);
		const short = Array.from({ length: 900 }, (_, i) => `@v${i} = {{v${i + 1}}}`).join('\n');
		assert.equal(alone(`${short}\n@v900 = x\nGET https://example.com/{{v0}}\n`), true);
	});

	it('reads each file variable once: linear in a chain of variables that each use the one before twice', async () => {
		await assertLinear(
			'resolvesAlone on a chain of file variables',
			(n) => {
				const lines = ['@v0 = https://example.com'];
				for (let i = 1; i < n; i++) lines.push(`@v${i} = {{v${i - 1}}}{{v${i - 1}}}`);
				return `${lines.join('\n')}\nGET {{v${n - 1}}}\n`;
			},
			(text) => {
				const file = parseRequestFile(text);
				assert.equal(resolvesAlone(file, file.requests[0]), true);
			},
			400,
			{ sizeIsNotLength: true, cpuBatchMs: 20 },
		);
	});
});
