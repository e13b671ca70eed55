/**
 * New request files, one per common first call. They use the built-in variables only, so the file
 * can be committed: the token and API key are filled in from the Adobe profile when it is sent.
 * Photoshop API v2 comes first: Adobe ended v1 on 31 July 2026 (AdobeDocs/ffs-photoshop-API
 * src/pages/getting-started/deprecation-announcement/index.md). Sources: the v2 job status,
 * AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json (getJobStatus, 404 unknown_job_id); the
 * project list, Adobe's Cloud Storage OpenAPI spec (GET /projects, limit); the async generate and
 * its status, AdobeDocs/ffs-firefly-api src/pages/guides/how-tos/using-async-apis.md; the v1 hello,
 * AdobeDocs/ffs-photoshop-API src/pages/getting-started/index.md (kept, last, and explained).
 */

export interface RequestTemplate {
	id: string;
	/** The new file's name: its tab, and what Save and Save As write it as (features/requests/newFile.ts). */
	fileName: string;
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

/** A job id no job has (core/photoshop/client.ts PROBE_JOB_ID): Photoshop API v2 answers it 404 unknown_job_id. */
const NO_SUCH_JOB = '00000000-0000-0000-0000-000000000000';

export const REQUEST_TEMPLATES: readonly RequestTemplate[] = [
	{
		id: 'photoshopV2Status',
		fileName: 'photoshop-v2-status.http',
		label: 'Photoshop API v2: job status',
		detail: 'GET /v2/status/{jobId}: the state of a v2 job; proves the token and API key reach Photoshop API v2',
		text:
			`${HEADER}# Photoshop API v2 has no hello. A job id no job has answers 404 unknown_job_id ("Job not found"):\n` +
			`# that too proves the token and API key reached Photoshop API v2 (Verify Credential makes this call).\n` +
			`@jobId = ${NO_SUCH_JOB}\n\n# @name status\nGET {{$adobeEndpoint photoshopV2}}/v2/status/{{jobId}}\n${AUTH}\n`,
	},
	{
		id: 'fireflyGenerateAsync',
		fileName: 'firefly-generate.http',
		label: 'Firefly: generate images (async job)',
		detail: 'POST /v3/images/generate-async: a job the Jobs view follows to its images',
		text:
			`${HEADER}# The answer is a job: the extension polls its statusUrl in the Jobs view and opens the images.\n` +
			`# @name generate\nPOST {{$adobeEndpoint firefly}}/v3/images/generate-async\n${AUTH}\nContent-Type: application/json\n\n` +
			`{\n  "prompt": "a lighthouse on a cliff at sunrise, watercolor",\n  "contentClass": "art",\n  "numVariations": 1\n}\n`,
	},
	{
		id: 'jobStatus',
		fileName: 'firefly-job-status.http',
		label: 'Firefly: job status',
		detail: 'GET /v3/status/{jobId}: the state of one async job',
		text: `${HEADER}@jobId = urn:ff:jobs:replace-with-your-job-id\n\n# @name status\nGET {{$adobeEndpoint firefly}}/v3/status/{{jobId}}\n${AUTH}\n`,
	},
	{
		id: 'cloudStorageProjects',
		fileName: 'cloud-storage-projects.http',
		label: 'Cloud Storage: list projects',
		detail: 'GET /projects: the projects the credential may access, one page',
		text: `${HEADER}@pageSize = 20\n\n# @name projects\nGET {{$adobeEndpoint cloudStorage}}/projects?limit={{pageSize}}\n${AUTH}\nAccept: application/json\n`,
	},
	{
		id: 'photoshopHello',
		fileName: 'hello.http',
		label: 'Photoshop API v1: hello (retired)',
		detail: 'GET /pie/psdService/hello: Photoshop API v1, which Adobe ended on 31 July 2026',
		text:
			`${HEADER}# Photoshop API v1 ended on 31 July 2026: at Adobe (image.adobe.io) this call answers as retired.\n` +
			`# It stays for a gateway or emulator set in adobeApi.photoshopBaseUrl that still serves it. To check a\n` +
			`# credential, use "Adobe: Verify Credential" or the "Photoshop API v2: job status" template.\n` +
			`# @name hello\nGET {{$adobeEndpoint photoshop}}/pie/psdService/hello\n${AUTH}\n`,
	},
];

/**
 * The name a new request file gets when `taken` says its own is in use: hello.http, then hello-2.http,
 * hello-3.http… (as VS Code numbers a duplicated file). Undefined after `limit` tries.
 */
export function freeRequestFileName(fileName: string, taken: (name: string) => boolean, limit = 100): string | undefined {
	const dot = fileName.lastIndexOf('.');
	const [stem, extension] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot)] : [fileName, ''];
	for (let n = 1; n <= limit; n++) {
		const name = n === 1 ? fileName : `${stem}-${n}${extension}`;
		if (!taken(name)) return name;
	}
	return undefined;
}

/**
 * A file name for a request that has no template (Import cURL as Request): the last segment of its
 * URL's path that is a word, not a version (`v3`) or a variable, so `…/pie/psdService/hello` → hello.http,
 * `…/v3/images/generate-async` → generate-async.http, `…/ims/token/v3` → token.http; request.http otherwise.
 */
export function fileNameForRequest(url: string | undefined): string {
	const path = (url ?? '').replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '').replace(/\{\{[^}]*\}\}/g, '');
	const segments = path
		.split(/[?#]/)[0]
		.split('/')
		.filter((segment) => /^[\w.-]+$/.test(segment) && !/^v\d+$/i.test(segment) && /[a-z]/i.test(segment));
	const name = segments.at(-1)?.slice(0, 40).replace(/^\.+/, '');
	return `${name || 'request'}.http`;
}
