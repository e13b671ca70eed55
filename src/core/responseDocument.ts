/**
 * The text of a response document: what was sent (as written, with `{{$adobeToken}}` in place of
 * the token), the status line, latency, request id, headers and the body, JSON pretty-printed and
 * long bodies cut with a note. The answer's headers and body were redacted when they came
 * (sendRequest.ts); the rest passes the redactor here, and so does a JSON body this pretty-prints
 * (new text: its `\u` escapes decoded), so a body as it came is not redacted a second time.
 */
import type { RequestOutcome } from './sendRequest';
import type { ResolvedRequest } from './requestFile';
import { withoutJsonPrefix } from './jsonPrefix';

/** How much of a body the document shows; the rest is cut with a note saying how much. */
export const MAX_SHOWN_BODY_CHARS = 200_000;

export interface ResponseDocumentInput {
	display: ResolvedRequest['display'];
	outcome: RequestOutcome;
	profile?: string;
	sentAt: Date;
	/** Where a binary body went instead (an image preview, a file). */
	bytesNote?: string;
	/** A line about the async job this answer started. */
	jobNote?: string;
}

export function renderResponseDocument(input: ResponseDocumentInput, redact: (text: string) => string, maxBodyChars = MAX_SHOWN_BODY_CHARS): string {
	const { display, outcome } = input;
	const lines: string[] = [];
	lines.push(`HTTP/1.1 ${outcome.status} ${outcome.statusText}`.trimEnd());
	for (const [name, value] of Object.entries(outcome.headers)) lines.push(`${name}: ${value}`);
	lines.push('');
	/** The body, redacted (then cut: cutting first could leave a part of a secret the redactor no longer recognises). */
	let body = '';
	const after: string[] = [];
	if (outcome.bytes) {
		lines.push(`# ${outcome.contentType ?? 'binary'} body, ${outcome.bytes.length.toLocaleString('en-US')} bytes${input.bytesNote ? `: ${input.bytesNote}` : ''}`);
	} else {
		const pretty = prettyBody(outcome.body, outcome.contentType);
		body = pretty === outcome.body ? pretty : redact(pretty);
		if (body.length > maxBodyChars) {
			after.push('', `# Body truncated: showing ${maxBodyChars.toLocaleString('en-US')} of ${body.length.toLocaleString('en-US')} characters.`);
			body = body.slice(0, maxBodyChars);
		}
	}
	if (input.jobNote) after.push('', `# ${input.jobNote}`);
	const meta = [
		`# ${outcome.status} ${outcome.statusText} in ${outcome.latencyMs} ms${outcome.requestId ? ` · x-request-id ${outcome.requestId}` : ''}${outcome.retriedAfter401 ? ' · sent again with a fresh token after a 401' : ''}`,
		`# Sent ${input.sentAt.toISOString()}${input.profile ? ` with the Adobe profile "${input.profile}"` : ''}:`,
		`# ${display.method} ${display.url}`,
		...display.headers.map(({ name, value }) => `# ${name}: ${value}`),
		...(display.body ? [`# (body: ${display.body.length.toLocaleString('en-US')} characters)`] : []),
		'',
	];
	const head = redact([...meta, ...lines].join('\n'));
	return [head, ...(body ? [body] : []), ...(after.length > 0 ? [redact(after.join('\n'))] : [])].join('\n');
}

/** JSON pretty-printed with two spaces (a Lightroom `while (1) {}` prefix stripped first); anything else as it came. */
export function prettyBody(body: string, contentType: string | undefined): string {
	const json = withoutJsonPrefix(body);
	const looksJson = /json/i.test(contentType ?? '') || /^\s*[{[]/.test(json);
	if (!looksJson) return body;
	try {
		return JSON.stringify(JSON.parse(json), null, 2);
	} catch {
		return body;
	}
}
