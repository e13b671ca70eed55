/** Issue #11: Import cURL turns a curl command into a request file that uses the built-in variables. */
import * as assert from 'node:assert/strict';
import { curlToRequest } from '../../../src/core/requests/fromCurl';
import { parseRequestFile } from '../../../src/core/requests/parse';
import { BuiltinValues, resolveRequest } from '../../../src/core/requests/resolve';
import { ID, SECRET } from '../credentials/fixtures';
import { assertNoLeak, thrownMessage } from '../helpers';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXRva2Vu';
const HEADER_COMMENT = '# Imported from a cURL command. The token and client id come from your Adobe profile; none is written here.';

/** The seeds' commands (AdobeDocs/ffs-photoshop-api getting-started authentication), verbatim. */
const SEED_TOKEN = `curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\
-H 'Content-Type: application/x-www-form-urlencoded' \\
-d 'grant_type=client_credentials' \\
-d "client_id=$PS_FF_SERVICES_CLIENT_ID" \\
-d "client_secret=$PS_FF_SERVICES_CLIENT_SECRET" \\
-d 'scope=openid,AdobeID,read_organizations'`;
const SEED_HELLO = `curl --request GET \\
  --url https://image.adobe.io/pie/psdService/hello \\
  --header "Authorization: Bearer $PS_FF_SERVICES_ACCESS_TOKEN" \\
  --header "x-api-key: $PS_FF_SERVICES_CLIENT_ID"`;
/** The Developer Console's "View cURL command" (AdobeDocs/ffs-firefly-api getting-started/create-credentials), with real values. */
const CONSOLE_TOKEN = `curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\\n-H 'Content-Type: application/x-www-form-urlencoded' \\\n-d 'grant_type=client_credentials&client_id=${ID}&client_secret=${SECRET}&scope=openid,AdobeID,session,additional_info,read_organizations,firefly_api,ff_apis'`;

/** Converts, checks the text parses cleanly as a request file, and that no literal credential survives. */
function convert(command: string, literals: string[] = []) {
	const result = curlToRequest(command);
	const file = parseRequestFile(result.text);
	assert.deepEqual(file.problems, [], result.text);
	assert.equal(file.requests.length, 1, result.text);
	assertNoLeak([...literals, SECRET, JWT], result.text, result.warnings);
	assertNoLeak(['$PS_FF_SERVICES_CLIENT_SECRET', '$PS_FF_SERVICES_ACCESS_TOKEN'], result.text);
	return { ...result, file, request: file.requests[0] };
}

const values: BuiltinValues = {
	token: async () => 'the-token',
	clientId: async () => 'the-client-id',
	endpoint: (name) => `http://127.0.0.1:4010${name === 'cloudStorage' ? '/v1' : ''}`,
};

describe('Import cURL: curl command → request file', () => {
	it("turns the seeds' hello command into a request with the built-ins, on the configured Photoshop endpoint", async () => {
		const { text, warnings, file, request } = convert(SEED_HELLO, ['$PS_FF_SERVICES_CLIENT_ID']);
		assert.equal(
			text,
			`${HEADER_COMMENT}\n\nGET {{$adobeEndpoint photoshop}}/pie/psdService/hello\nAuthorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}\n`,
		);
		assert.deepEqual(warnings, []);
		const resolved = await resolveRequest(file, request, values, async () => undefined);
		assert.equal(resolved.url, 'http://127.0.0.1:4010/pie/psdService/hello');
		assert.deepEqual(resolved.headers, [
			{ name: 'Authorization', value: 'Bearer the-token' },
			{ name: 'x-api-key', value: 'the-client-id' },
		]);
	});

	it("turns the seeds' token command into an IMS request without client_secret, saying why", async () => {
		const { text, warnings, request } = convert(SEED_TOKEN, ['$PS_FF_SERVICES_CLIENT_ID']);
		assert.match(text, /^# This is an IMS token request \(OAuth Server-to-Server\)\. You rarely need it: \{\{\$adobeToken\}\} in any$/m);
		assert.match(text, /"Adobe: Generate Token" makes this call for you/);
		assert.match(text, /^# client_secret is left out on purpose/m);
		assert.equal(request.method, 'POST');
		assert.equal(request.url, '{{$adobeEndpoint ims}}/ims/token/v3');
		assert.deepEqual(
			request.headers.map((h) => [h.name, h.value]),
			[['Content-Type', 'application/x-www-form-urlencoded']],
		);
		assert.equal(request.body, 'grant_type=client_credentials&client_id={{$adobeClientId}}&scope=openid,AdobeID,read_organizations');
		assert.ok(!/client_secret=/.test(text), 'no client_secret field at all');
		assert.deepEqual(warnings, [
			'Left out $PS_FF_SERVICES_CLIENT_SECRET: a client secret has no built-in variable and must not be written into a file.',
			'This is an IMS token request: client_secret is left out (IMS refuses the request without it). Use {{$adobeToken}} in your requests, or "Adobe: Import Credential from cURL Command…" to save the credential as a profile.',
		]);
	});

	it("reads the Adobe guides' curl commands without a literal secret surviving", () => {
		// SEED_TOKEN and SEED_HELLO are verbatim copies of the commands in Adobe's getting-started guides.
		for (const command of [SEED_TOKEN, SEED_HELLO]) {
			const { text } = convert(command);
			assert.match(text, /\{\{\$adobeClientId\}\}/, text);
			assert.ok(!/\$[A-Z_]*(SECRET|TOKEN)/.test(text), text);
			assert.ok(!/client_secret=/.test(text), text);
		}
	});

	it('turns the Developer Console\'s "View cURL command" (literal id and secret) into the same IMS request', () => {
		const { request, warnings } = convert(CONSOLE_TOKEN, [ID]);
		assert.equal(
			request.body,
			'grant_type=client_credentials&client_id={{$adobeClientId}}&scope=openid,AdobeID,session,additional_info,read_organizations,firefly_api,ff_apis',
		);
		assert.equal(
			warnings[0],
			'Left out the form field client_secret: secrets have no built-in variable and are never written into request files.',
		);
	});

	it('replaces a literal Bearer token and API key in a Firefly call, and pretty-prints its JSON body', () => {
		const command = `curl --location 'https://firefly-api.adobe.io/v3/images/generate-async' \\
--header 'Content-Type: application/json' \\
--header 'x-api-key: ${ID}' \\
--header 'Authorization: Bearer ${JWT}' \\
--data '{"prompt": "a lighthouse", "numVariations": 1}'`;
		const { request, warnings } = convert(command, [ID]);
		assert.deepEqual([request.method, request.url], ['POST', '{{$adobeEndpoint firefly}}/v3/images/generate-async']);
		assert.deepEqual(
			request.headers.map((h) => `${h.name}: ${h.value}`),
			['Content-Type: application/json', 'x-api-key: {{$adobeClientId}}', 'Authorization: Bearer {{$adobeToken}}'],
		);
		assert.equal(request.body, '{\n  "prompt": "a lighthouse",\n  "numVariations": 1\n}');
		assert.deepEqual(warnings, []);
	});

	it('makes other shell variables file variables to fill in, and drops credentials from the URL', () => {
		const command = `curl -sS -G "https://image.adobe.io/v2/status/$JOB_ID?access_token=${JWT}&x=1" --url-query "api_key=$API_KEY" -H "Authorization: Bearer \${TOKEN}" -H "x-gw-ims-org-id: $ORG_ID" -d "limit=10"`;
		const { text, request, warnings } = convert(command);
		assert.match(text, /^# Fill these in: the command read them from your shell\.\n@JOB_ID =\n@ORG_ID =$/m);
		assert.equal(request.method, 'GET', '-G sends the data in the query');
		assert.equal(request.url, '{{$adobeEndpoint photoshop}}/v2/status/{{JOB_ID}}?x=1&limit=10');
		assert.deepEqual(
			request.headers.map((h) => `${h.name}: ${h.value}`),
			['Authorization: Bearer {{$adobeToken}}', 'x-gw-ims-org-id: {{ORG_ID}}'],
		);
		assert.equal(request.body, undefined);
		assert.deepEqual(warnings, [
			'Left out $API_KEY from the URL: credentials are never sent in URLs. Send it in a header.',
			'Left out the query parameter access_token: credentials are never sent in URLs.',
			'Left out the query parameter api_key: credentials are never sent in URLs.',
			'Fill in @JOB_ID, @ORG_ID: the command read them from your shell.',
		]);
	});

	it('follows curl: -d means POST with a form body, --json sets JSON headers, -I means HEAD, -X wins', () => {
		assert.deepEqual(
			[convert('curl https://image.adobe.io/x -d a=1 -d b=2').request].map((r) => [r.method, r.body, r.headers[0].value]),
			[['POST', 'a=1&b=2', 'application/x-www-form-urlencoded']],
		);
		const json = convert(`curl --json '{"a":1}' https://image.adobe.io/x`).request;
		assert.deepEqual(
			[json.method, json.body, json.headers.map((h) => h.value)],
			['POST', '{\n  "a": 1\n}', ['application/json', 'application/json']],
		);
		assert.equal(convert('curl -I https://image.adobe.io/x').request.method, 'HEAD');
		assert.equal(convert('curl -XPUT https://image.adobe.io/x -d a=1').request.method, 'PUT');
		assert.equal(convert(`curl --data-urlencode 'q=a b&c' https://image.adobe.io/x`).request.body, 'q=a%20b%26c');
		assert.equal(convert(`curl --oauth2-bearer ${JWT} https://image.adobe.io/x`).request.headers[0].value, 'Bearer {{$adobeToken}}');
	});

	it('leaves out what a request file cannot hold, saying so without quoting values', () => {
		const cases: Array<[string, string]> = [
			[
				`curl -u ${ID}:${SECRET} https://image.adobe.io/x`,
				'Left out -u/--user: user names and passwords are not written into request files.',
			],
			[
				`curl -H 'Authorization: Basic ${SECRET}' https://image.adobe.io/x`,
				'Left out an Authorization header that is not "Bearer": its credentials are not written into request files.',
			],
			['curl -d @body.json https://image.adobe.io/x', 'Left out -d @file: request files do not read bodies from files.'],
			[
				'curl -F file=@cat.png https://image.adobe.io/x',
				'Left out -F/--form: multipart form bodies are not converted; write the body by hand.',
			],
			[
				`curl https://image.adobe.io/x -H 'Content-Type: application/json' -d '{"client_secret": "${SECRET}", "n": 1}'`,
				'Emptied the JSON field client_secret: secrets are never written into request files.',
			],
			['curl --frobnicate https://image.adobe.io/x', 'Left out the option --frobnicate.'],
		];
		for (const [command, warning] of cases) {
			const { warnings } = convert(command, [ID]);
			assert.ok(warnings.includes(warning), `${command}: ${warnings.join(' | ')}`);
		}
	});

	it('points an IMS token call on another IMS host at the configured IMS endpoint', () => {
		const { request, warnings } = convert(CONSOLE_TOKEN.replace('ims-na1.adobelogin.com', 'ims-na1-stg1.adobelogin.com'), [ID]);
		assert.equal(request.url, '{{$adobeEndpoint ims}}/ims/token/v3');
		assert.ok(
			warnings.includes(
				'The command called another IMS host; the request uses your configured IMS endpoint (setting adobeApi.imsBaseUrl).',
			),
		);
	});

	it('refuses what is not a complete curl command', () => {
		assert.equal(
			thrownMessage('invalidInput', () => curlToRequest('wget https://image.adobe.io/x')),
			'This is not a cURL command: it should start with "curl".',
		);
		assert.equal(
			thrownMessage('invalidInput', () => curlToRequest('curl -H "x-api-key: abc"')),
			'The cURL command has no URL. Copy the whole command again.',
		);
		assert.equal(
			thrownMessage('invalidInput', () => curlToRequest('curl https://image.adobe.io/x -H')),
			'The cURL command ends after -H, which needs a value. Copy the whole command again.',
		);
		assert.match(
			thrownMessage('invalidInput', () => curlToRequest(`curl 'https://image.adobe.io/x -H x-api-key:${ID}`)),
			/single quote that is never closed/,
		);
	});
});
