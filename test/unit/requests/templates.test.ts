import * as assert from 'node:assert/strict';
import { PRODUCTION_ENDPOINTS, requestEndpoints } from '../../../src/core/common/endpoints';
import { parseRequestFile } from '../../../src/core/requests/parse';
import { ADOBE_ENDPOINT_NAMES, AdobeEndpointName } from '../../../src/core/requests/resolve';
import { REQUEST_TEMPLATES, fileNameForRequest, freeRequestFileName } from '../../../src/core/requests/templates';

describe('request templates', () => {
	it('lead with Photoshop API v2, and keep the v1 hello last, explained as retired on 31 July 2026', () => {
		assert.equal(REQUEST_TEMPLATES[0].id, 'photoshopV2Status');
		assert.match(REQUEST_TEMPLATES[0].text, /GET \{\{\$adobeEndpoint photoshopV2\}\}\/v2\/status\/\{\{jobId\}\}/);
		const hello = REQUEST_TEMPLATES[REQUEST_TEMPLATES.length - 1];
		assert.equal(hello.id, 'photoshopHello', 'scripts that ask for it by id still get it');
		assert.match(hello.text, /^# Photoshop API v1 ended on 31 July 2026: at Adobe \(image\.adobe\.io\) this call answers as retired\.$/m);
		assert.match(hello.text, /Verify Credential/);
		assert.match(
			hello.text,
			/GET \{\{\$adobeEndpoint photoshop\}\}\/pie\/psdService\/hello/,
			'adobeApi.photoshopBaseUrl still says where the hello goes',
		);
		assert.equal(new Set(REQUEST_TEMPLATES.map((t) => t.id)).size, REQUEST_TEMPLATES.length);
	});

	it('each parses into one request without problems, on an endpoint the request files know', () => {
		for (const template of REQUEST_TEMPLATES) {
			const parsed = parseRequestFile(template.text);
			assert.deepEqual(parsed.problems, [], template.id);
			assert.equal(parsed.requests.length, 1, template.id);
			const endpoint = /\{\{\$adobeEndpoint (\w+)\}\}/.exec(parsed.requests[0].url)?.[1];
			assert.ok(endpoint && ADOBE_ENDPOINT_NAMES.includes(endpoint as AdobeEndpointName), `${template.id}: ${parsed.requests[0].url}`);
		}
	});

	it('at Adobe, the v2 and Firefly templates go to their own hosts; pointed elsewhere, to adobeApi.photoshopBaseUrl', () => {
		assert.equal(requestEndpoints({ ...PRODUCTION_ENDPOINTS }).photoshopV2, 'https://photoshop-api.adobe.io');
		assert.equal(requestEndpoints({ ...PRODUCTION_ENDPOINTS }).firefly, 'https://firefly-api.adobe.io');
		assert.equal(requestEndpoints({ ...PRODUCTION_ENDPOINTS }).photoshop, 'https://image.adobe.io');
		const gateway = { ...PRODUCTION_ENDPOINTS, photoshop: 'https://gateway.example.com/adobe' };
		assert.deepEqual([requestEndpoints(gateway).photoshopV2, requestEndpoints(gateway).firefly], [gateway.photoshop, gateway.photoshop]);
	});

	it('each names its new file (the tab and the save prompt), all different, hello.http for the hello', () => {
		const names = REQUEST_TEMPLATES.map((t) => t.fileName);
		assert.equal(new Set(names).size, names.length);
		for (const name of names) assert.match(name, /^[a-z0-9][a-z0-9-]*\.http$/);
		assert.equal(REQUEST_TEMPLATES.find((t) => t.id === 'photoshopHello')?.fileName, 'hello.http');
		assert.equal(REQUEST_TEMPLATES.find((t) => t.id === 'fireflyGenerateAsync')?.fileName, 'firefly-generate.http');
	});

	it('numbers a name that is taken, as VS Code numbers a copy: hello.http, hello-2.http, hello-3.http', () => {
		const taken = new Set(['hello.http', 'hello-2.http']);
		assert.equal(
			freeRequestFileName('hello.http', () => false),
			'hello.http',
		);
		assert.equal(
			freeRequestFileName('hello.http', (name) => taken.has(name)),
			'hello-3.http',
		);
		assert.equal(
			freeRequestFileName('firefly-generate.http', (name) => name === 'firefly-generate.http'),
			'firefly-generate-2.http',
		);
		assert.equal(
			freeRequestFileName('hello.http', () => true, 5),
			undefined,
			'gives up after the limit',
		);
	});

	it("names an imported request after its URL's last word: not a version, a variable or the host", () => {
		assert.equal(fileNameForRequest('{{$adobeEndpoint photoshop}}/pie/psdService/hello'), 'hello.http');
		assert.equal(fileNameForRequest('https://firefly-api.adobe.io/v3/images/generate-async'), 'generate-async.http');
		assert.equal(fileNameForRequest('https://ims-na1.adobelogin.com/ims/token/v3'), 'token.http');
		assert.equal(fileNameForRequest('{{$adobeEndpoint firefly}}/v3/status/{{jobId}}'), 'status.http');
		assert.equal(fileNameForRequest('{{$adobeEndpoint cloudStorage}}/projects?limit={{pageSize}}'), 'projects.http');
		assert.equal(fileNameForRequest('https://example.com/'), 'request.http');
		assert.equal(fileNameForRequest(undefined), 'request.http');
		assert.equal(fileNameForRequest('https://example.com/a/%2e%2e'), 'a.http', 'no name made of escapes or dots');
	});
});
