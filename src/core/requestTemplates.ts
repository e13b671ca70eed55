/**
 * New request files, one per common first call. They use the built-in variables only, so the file
 * can be committed: the token and API key are filled in from the Adobe profile when it is sent.
 * Sources: the hello call, AdobeDocs/ffs-photoshop-API src/pages/getting-started/index.md; the
 * project list, Adobe's Cloud Storage OpenAPI spec (GET /projects, limit); the async generate and
 * its status, AdobeDocs/ffs-firefly-api src/pages/guides/how-tos/using-async-apis.md.
 */

export interface RequestTemplate {
	id: string;
	label: string;
	detail: string;
	text: string;
}

const HEADER = [
	'# Send a request with the "Send with Adobe profile" link above it (or Ctrl+Alt+Enter).',
	'# {{$adobeToken}} and {{$adobeClientId}} are filled in from your active Adobe profile when the',
	'# request is sent, and only for Adobe hosts: they are never written into this file.',
	'# {{$adobeToken Other Profile}} uses another profile; {{$adobeEndpoint …}} is a configured base URL.',
	'',
].join('\n');

const AUTH = 'Authorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}';

export const REQUEST_TEMPLATES: readonly RequestTemplate[] = [
	{
		id: 'photoshopHello',
		label: 'Photoshop API: hello',
		detail: 'GET /pie/psdService/hello: proves the token and API key reach the Photoshop API',
		text: `${HEADER}# @name hello\nGET {{$adobeEndpoint photoshop}}/pie/psdService/hello\n${AUTH}\n`,
	},
	{
		id: 'cloudStorageProjects',
		label: 'Cloud Storage: list projects',
		detail: 'GET /projects: the projects the credential may access, one page',
		text: `${HEADER}@pageSize = 20\n\n# @name projects\nGET {{$adobeEndpoint cloudStorage}}/projects?limit={{pageSize}}\n${AUTH}\nAccept: application/json\n`,
	},
	{
		id: 'fireflyGenerateAsync',
		label: 'Firefly: generate images (async job)',
		detail: 'POST /v3/images/generate-async: a job the Jobs view follows to its images',
		text:
			`${HEADER}# The answer is a job: the extension polls its statusUrl in the Jobs view and opens the images.\n` +
			`# @name generate\nPOST {{$adobeEndpoint firefly}}/v3/images/generate-async\n${AUTH}\nContent-Type: application/json\n\n` +
			`{\n  "prompt": "a lighthouse on a cliff at sunrise, watercolor",\n  "contentClass": "art",\n  "numVariations": 1\n}\n`,
	},
	{
		id: 'jobStatus',
		label: 'Firefly: job status',
		detail: 'GET /v3/status/{jobId}: the state of one async job',
		text: `${HEADER}@jobId = urn:ff:jobs:replace-with-your-job-id\n\n# @name status\nGET {{$adobeEndpoint firefly}}/v3/status/{{jobId}}\n${AUTH}\n`,
	},
];
