/**
 * An operation as a request file (core/requests/parse.ts syntax, REST Client's subset): what the user can read,
 * tweak and send again with "Send with Adobe profile". Only built-in variables carry credentials
 * (`{{$adobeToken}}`, `{{$adobeClientId}}`, `{{$adobeEndpoint …}}`), so the file can be saved and shared; a
 * pre-signed input is never written in: it is a file variable the user fills from the first request's answer
 * (request variables are not supported, parse.ts), and a Firefly upload id likewise.
 */
import { fireflyCall, HOSTED_VALIDITY_SECONDS, photoshopCall } from './bodies';
import { operationById, validateOptions } from './catalogue';
import type { RunOperationRequest } from './types';

const AUTH = 'Authorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}';

/** A value the parser reads as text up to `{{`…`}}` only: names and ids are written as they are, without line breaks. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

/** The request file text for `request`; throws invalidInput like run() for an unknown operation or a bad option. */
export function operationRequestFile(request: RunOperationRequest): string {
	const spec = operationById(request.operation);
	if (!spec) return `# ${oneLine(String(request.operation))} is not an operation.\n`;
	const attachments = request.attachments ?? {};
	const options = validateOptions(spec, request.options, attachments);
	const file = request.file;
	const lines: string[] = [
		`# ${spec.title} on ${oneLine(file.name)} (${spec.id}: ${spec.adobeOperation}, ${spec.path})`,
		'# Send each request with the "Send with Adobe profile" link above it. {{$adobeToken}} and {{$adobeClientId}} are',
		'# filled in from your active Adobe profile when it is sent, only for Adobe hosts; they are never written here.',
		'# The result is not saved back to Cloud Storage from here: the Jobs view follows the job and opens its outputs.',
		'',
		`@assetId = ${oneLine(file.assetId)}`,
	];
	const downloadLink = (variable: string, assetId: string) => [
		'',
		`### A pre-signed link to the input (valid for an hour): send it, then copy the answer's url into @${variable} below`,
		`# @name ${variable}Link`,
		`GET {{$adobeEndpoint cloudStorage}}/files/${assetId}/download`,
		AUTH,
		'',
	];
	let body: Record<string, unknown>;
	let base: string;
	if (spec.api === 'firefly') {
		base = '{{$adobeEndpoint firefly}}';
		lines.push(
			'@uploadId = paste-the-id-from-the-upload-answer',
			...(attachments.mask ? ['@maskUploadId = paste-the-id-of-the-mask-upload'] : []),
			...downloadLink('inputUrl', '{{assetId}}'),
			'### Firefly takes the image from its own storage: POST the downloaded bytes to /v2/storage/image',
			`# (storageImageV2, Content-Type: ${spec.inputMediaTypes.includes(file.mediaType) ? file.mediaType : 'image/jpeg'}); its answer images[0].id is the @uploadId above.`,
			'# Request files cannot send a file\'s bytes yet; "Run Operation" in the explorer does this step for you.',
		);
		body = fireflyCall(spec, options, { uploadId: '{{uploadId}}', maskUploadId: attachments.mask ? '{{maskUploadId}}' : undefined }).body;
	} else {
		base = '{{$adobeEndpoint photoshopV2}}';
		const presigned = request.route === 'presignedUrl' || spec.adobeOperation === 'autoCrop';
		if (presigned) lines.push('@inputUrl = paste-the-pre-signed-url-here', ...downloadLink('inputUrl', '{{assetId}}'));
		const image = presigned ? { url: '{{inputUrl}}' } : { creativeCloudFileId: '{{assetId}}' };
		const atn = attachments.actions;
		const atnSource =
			atn && 'file' in atn
				? presigned
					? { url: '{{actionsUrl}}' }
					: { creativeCloudFileId: oneLine(atn.file.assetId) }
				: atn
					? { url: '{{actionsUrl}}' }
					: undefined;
		if (atnSource && 'url' in atnSource) lines.push('@actionsUrl = paste-a-pre-signed-url-of-the-atn-file');
		body = photoshopCall(spec, options, {
			image,
			inputMediaType: file.mediaType,
			destination: { validityPeriod: HOSTED_VALIDITY_SECONDS },
			outputMediaType: spec.resultMediaType(file.mediaType, options),
			...(atnSource ? { attachments: { actions: atnSource } } : {}),
		}).body;
		lines.push(
			'',
			presigned
				? '### The input as a pre-signed URL (source.url); the output is hosted by Adobe (validityPeriod, seconds)'
				: '### The input straight from Cloud Storage (creativeCloudFileId); the output is hosted by Adobe (validityPeriod, seconds).\n# A server-to-server credential may be refused Creative Cloud access: then use source.url with a pre-signed link.',
		);
	}
	lines.push(
		`# @name ${spec.id.replace(/\W/g, '_')}`,
		`POST ${base}${spec.path}`,
		AUTH,
		'Content-Type: application/json',
		'',
		JSON.stringify(body, null, 2),
		'',
	);
	return lines.join('\n');
}
