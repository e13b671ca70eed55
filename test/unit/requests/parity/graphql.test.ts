/**
 * Parity with REST Client: GraphQL requests (README "Making GraphQL Request"; src/utils/httpRequestParser.ts
 * createGraphQlBody): with `X-Request-Type: GraphQL` the body is `{"query", "operationName",
 * "variables"}` JSON, the query up to the first blank line and the variables after it, and the header is
 * not sent. Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { parseRequestFile, requestAt } from '../../../../src/core/requests/parse';
import { resolveRequest } from '../../../../src/core/requests/resolve';
import { WireServer, clientHeaders, headerLines, sendOnWire, startWireServer } from './wire';

describe('parity: graphql', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());
	const last = () => server.requests[server.requests.length - 1];

	it("sends README's query and variables as JSON, without the X-Request-Type header", async () => {
		const text = [
			`POST ${server.url}/graphql`,
			'Content-Type: application/json',
			'Authorization: Bearer xxx',
			'X-REQUEST-TYPE: GraphQL',
			'',
			'query Repo($name: String!, $owner: String!) {',
			'  repository(name: $name, owner: $owner) {',
			'    name',
			'  }',
			'}',
			'',
			'{',
			'    "name": "{{repo}}",',
			'    "owner": "Huachao"',
			'}',
		].join('\n');
		await sendOnWire(`@repo = vscode-restclient\n${text}`);
		const body = JSON.stringify({
			query: 'query Repo($name: String!, $owner: String!) {\n  repository(name: $name, owner: $owner) {\n    name\n  }\n}',
			operationName: 'Repo',
			variables: { name: 'vscode-restclient', owner: 'Huachao' },
		});
		assert.equal(last().requestLine, 'POST /graphql HTTP/1.1');
		assert.deepEqual(
			headerLines(last()),
			[...clientHeaders(server, Buffer.byteLength(body)), 'authorization: Bearer xxx', 'content-type: application/json'].sort(),
		);
		assert.equal(last().body.toString('utf8'), body);
	});

	it('sends a query without variables with {} and no operationName when it is not a named query', async () => {
		await sendOnWire(`POST ${server.url}/graphql\nX-Request-Type: graphql\n\nmutation { star(id: 1) { ok } }`);
		assert.equal(last().body.toString('utf8'), '{"query":"mutation { star(id: 1) { ok } }","variables":{}}');
		assert.equal(last().header('x-request-type'), undefined);
	});

	it('names the line when the variables are not JSON, and sends nothing', async () => {
		const file = parseRequestFile(`POST ${server.url}/graphql\nX-Request-Type: GraphQL\n\nquery { a }\n\n{ name: 1 }\n`);
		const before = server.requests.length;
		await assert.rejects(
			resolveRequest(
				file,
				requestAt(file) as never,
				{ token: async () => '', clientId: async () => '', endpoint: () => '' },
				async () => undefined,
			),
			/Line 6: the GraphQL variables \(after the blank line below the query\) are not valid JSON\./,
		);
		assert.equal(server.requests.length, before);
	});
});
