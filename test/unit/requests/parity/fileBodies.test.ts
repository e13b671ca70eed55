/**
 * Parity with REST Client: bodies read from files (README "Request Body": `< ./file`, `<@ ./file` with
 * variables; src/utils/requestParserUtil.ts resolveRequestBodyPath: the workspace root first, then the
 * request file's folder), read here only inside the workspace folder (no `..` out, no symbolic link
 * out, MAX_BODY_FILE_BYTES at most), with messages naming the line. Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRequestFile, requestAt } from '../../../../src/core/requests/parse';
import { requestHost, resolveRequest } from '../../../../src/core/requests/resolve';
import { fileLineOf } from '../../../../src/core/requests/compose';
import { assertLinear } from '../../linear';
import { CLIENT_ID, WireServer, clientHeaders, headerLines, sendOnWire, startWireServer, tempWorkspace } from './wire';

describe('parity: fileBodies', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());
	const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-outside-'));
	fs.writeFileSync(path.join(outside, 'secret.txt'), 'not yours');
	after(() => fs.rmSync(outside, { recursive: true, force: true }));
	const workspace = tempWorkspace({
		'body.xml': '<request>\r\n  <name>sample</name>\r\n</request>\r\n',
		'requests/near.json': '{"near": true}',
		'requests/tpl.json': '{\n  "id": "{{id}}",\n  "key": "{{$adobeClientId}}"\n}',
		'big.bin': Buffer.alloc(2048, 7),
	});
	fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(workspace.root, 'link.txt'));

	const last = () => server.requests[server.requests.length - 1];

	it('sends a `< ./file` body as the file holds it (its own CRLF kept), the path from the workspace root', async () => {
		await sendOnWire(`POST ${server.url}/comments\nContent-Type: application/xml\n\n< ./body.xml`, {
			readFile: workspace.reader('requests'),
		});
		const bytes = fs.readFileSync(path.join(workspace.root, 'body.xml'));
		assert.equal(last().requestLine, 'POST /comments HTTP/1.1');
		assert.deepEqual(headerLines(last()), [...clientHeaders(server, bytes.length), 'content-type: application/xml'].sort());
		assert.deepEqual(last().body, bytes);
	});

	it("falls back to the request file's folder, as REST Client does", async () => {
		await sendOnWire(`POST ${server.url}/near\n\n< near.json`, { readFile: workspace.reader('requests') });
		assert.equal(last().body.toString('utf8'), '{"near": true}');
	});

	it('replaces variables in a `<@` file, credentials included once the origin is accepted', async () => {
		const checked: string[] = [];
		await sendOnWire(`@id = 42\nPOST ${server.url}/tpl\nContent-Type: application/json\n\n<@ ./requests/tpl.json`, {
			readFile: workspace.reader(),
			checkOrigin: async (url) => void checked.push(url.origin),
		});
		assert.deepEqual(checked, [server.url], 'a credential inside the file counts as used: the origin was checked');
		assert.equal(last().body.toString('utf8'), `{\n  "id": "42",\n  "key": "${CLIENT_ID}"\n}`);
	});

	it('checks the origin before a credential inside a `<@` file is asked for: refused, nothing is sent', async () => {
		const file = parseRequestFile(`@id = 1\nPOST ${server.url}/tpl\n\n<@ ./requests/tpl.json\n`);
		const asked: string[] = [];
		const before = server.requests.length;
		await assert.rejects(
			resolveRequest(
				file,
				requestAt(file) as never,
				{
					token: async () => (asked.push('token'), 'x'),
					clientId: async () => (asked.push('clientId'), CLIENT_ID),
					endpoint: () => '',
					readFile: workspace.reader(),
				},
				async () => {
					throw new Error('refused: not an Adobe host');
				},
			),
			/refused/,
		);
		assert.deepEqual(asked, []);
		assert.equal(server.requests.length, before);
	});

	it('reads nothing outside the workspace folder: `..`, an absolute path, a symbolic link out; and names the line', async () => {
		const reader = workspace.reader();
		const cases: Array<[string, RegExp]> = [
			[`../${path.basename(outside)}/secret.txt`, /^Line 4: the body file ".*secret\.txt" is outside the workspace folder/],
			[path.join(outside, 'secret.txt'), /^Line 4: the body file ".*secret\.txt" is outside the workspace folder/],
			['./link.txt', /^Line 4: the body file "\.\/link\.txt" is a symbolic link to a place outside the workspace folder/],
			['./missing.txt', /^Line 4: the body file "\.\/missing\.txt" was not found/],
			['./requests', /^Line 4: the body file "\.\/requests" is not a file/],
		];
		const before = server.requests.length;
		for (const [written, message] of cases) {
			const file = parseRequestFile(`POST ${server.url}/x\nContent-Type: text/plain\n\n< ${written}\n`);
			await assert.rejects(
				resolveRequest(
					file,
					requestAt(file) as never,
					{ token: async () => '', clientId: async () => '', endpoint: () => '', readFile: reader },
					async () => undefined,
				),
				(error: Error) => (assert.match(error.message, message), true),
			);
		}
		assert.equal(server.requests.length, before, 'nothing was sent');
	});

	it('refuses a file over the size limit, and a body file where there is no folder to read from', async () => {
		const file = parseRequestFile(`POST ${server.url}/x\n\n< ./big.bin\n`);
		const values = { token: async () => '', clientId: async () => '', endpoint: () => '' };
		await assert.rejects(
			resolveRequest(file, requestAt(file) as never, { ...values, readFile: workspace.reader(undefined, 1024) }, async () => undefined),
			/Line 3: the body file "\.\/big\.bin" is larger than .*, the most a request body may read/,
		);
		await assert.rejects(
			resolveRequest(file, requestAt(file) as never, values, async () => undefined),
			/Line 3: a body read from a file .* needs a folder to read from/,
		);
	});

	it("names the host of a request with a body file without reading it (the CodeLens's Send to host)", async () => {
		const file = parseRequestFile(`POST https://image.adobe.io/x\n\n<@ ./requests/tpl.json\n`);
		assert.equal(await requestHost(file, requestAt(file) as never, () => ''), 'image.adobe.io');
	});

	it('takes `<` only in the first column followed by whitespace, as REST Client does', () => {
		assert.deepEqual(fileLineOf('< ./a b.png  '), { processVariables: false, encoding: undefined, path: './a b.png' });
		assert.deepEqual(fileLineOf('<@latin1\t./x'), { processVariables: true, encoding: 'latin1', path: './x' });
		assert.equal(fileLineOf(' < ./x'), undefined);
		assert.equal(fileLineOf('<./x'), undefined);
		assert.equal(fileLineOf('<request>'), undefined);
		assert.equal(fileLineOf('<   '), undefined);
	});

	it('reads a file line in time linear in its length', async () => {
		await assertLinear(
			'spaces, a word, spaces, a word',
			(n) => `<${' '.repeat(n / 2)}a${' '.repeat(n / 2)}b`,
			(line) => fileLineOf(line),
			16_000,
			{ maxLargeMs: 250 },
		);
		await assertLinear(
			'a body of file lines',
			(n) => `POST https://x.example\n\n${'< ./a\n'.repeat(n / 6)}`,
			(text) => parseRequestFile(text),
			16_000,
			{ maxLargeMs: 250 },
		);
	});
});
