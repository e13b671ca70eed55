/**
 * The text of a response document: what was sent (as written, with `{{$adobeToken}}` in place of
 * the token), the status line, latency, request id, headers and the body, JSON pretty-printed and
 * long bodies cut with a note. The answer's headers and body were redacted when they came
 * (sendRequest.ts); the rest passes the redactor here, and so does a JSON body this pretty-prints
 * (new text: its `\u` escapes decoded), so a body as it came is not redacted a second time.
 */
import type { RequestOutcome } from './send';
import type { ResolvedRequest } from './resolve';
import type { AssertionResult } from './types';
import { withoutJsonPrefix } from '../common/jsonPrefix';
import { formatMoment } from '../common/format';

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
	/** The request's `??` assertions, checked (assertions.ts): a section "Assertions" with ✓/✗ and what was found. */
	assertions?: readonly AssertionResult[];
	/** Assertions still waiting for something (the job's end), named in the section. */
	pendingAssertions?: string;
}

/** The "Assertions" section's comment lines: a count, then ✓/✗ per assertion with what was found when it failed. */
export function assertionLines(results: readonly AssertionResult[], pending?: string): string[] {
	if (results.length === 0 && !pending) return [];
	const failed = results.filter((r) => !r.passed).length;
	const lines = [`# Assertions: ${results.length - failed} passed, ${failed} failed${pending ? ` · ${pending}` : ''}`];
	for (const result of results) {
		lines.push(result.passed ? `# ✓ ${result.assertion.text}` : `# ✗ ${result.assertion.text}: ${result.message}`);
	}
	return lines;
}

export function renderResponseDocument(
	input: ResponseDocumentInput,
	redact: (text: string) => string,
	maxBodyChars = MAX_SHOWN_BODY_CHARS,
): string {
	const { display, outcome } = input;
	const lines: string[] = [];
	lines.push(`HTTP/1.1 ${outcome.status} ${outcome.statusText}`.trimEnd());
	for (const [name, value] of Object.entries(outcome.headers)) lines.push(`${name}: ${value}`);
	lines.push('');
	/** The body, redacted (then cut: cutting first could leave a part of a secret the redactor no longer recognises). */
	let body = '';
	const after: string[] = [];
	if (outcome.bytes) {
		lines.push(
			`# ${outcome.contentType ?? 'binary'} body, ${outcome.bytes.length.toLocaleString('en-US')} bytes${input.bytesNote ? `: ${input.bytesNote}` : ''}`,
		);
	} else {
		const pretty = prettyBody(outcome.body, outcome.contentType);
		// Pretty-printing decodes \u escapes into new text, so it is redacted again; only as far as it is
		// shown (and a margin, so a secret that crosses the cut is still whole when it is hidden).
		body = pretty === outcome.body ? pretty : redact(pretty.slice(0, maxBodyChars + REDACTION_MARGIN));
		if (pretty.length > maxBodyChars) {
			after.push(
				'',
				`# Body truncated: showing ${maxBodyChars.toLocaleString('en-US')} of ${pretty.length.toLocaleString('en-US')} characters.`,
			);
			body = body.slice(0, maxBodyChars);
		}
	}
	if (input.jobNote) after.push('', `# ${input.jobNote}`);
	const meta = [
		`# ${outcome.status} ${outcome.statusText} in ${outcome.latencyMs} ms${outcome.requestId ? ` · x-request-id ${outcome.requestId}` : ''}${outcome.retriedAfter401 ? ' · sent again with a fresh token after a 401' : ''}`,
		`# Sent ${formatMoment(input.sentAt.getTime(), Date.now())}${input.profile ? ` with the Adobe profile "${input.profile}"` : ''}:`,
		`# ${display.method} ${display.url}`,
		...display.headers.map(({ name, value }) => `# ${name}: ${value}`),
		...(display.body ? [`# (body: ${display.body.length.toLocaleString('en-US')} characters)`] : []),
		...assertionLines(input.assertions ?? [], input.pendingAssertions),
		'',
	];
	const head = redact([...meta, ...lines].join('\n'));
	return [head, ...(body ? [body] : []), ...(after.length > 0 ? [redact(after.join('\n'))] : [])].join('\n');
}

/** How far past the shown part a pretty-printed body is redacted: longer than any secret we hide. */
const REDACTION_MARGIN = 64 * 1024;

/**
 * JSON pretty-printed with two spaces (a Lightroom `while (1) {}` prefix stripped first); anything else
 * as it came. Indentation grows with depth (`[[[…]]]` nested d deep prints about d² characters), so a
 * body whose pretty form would be more than four times its size (plus 1 MB) is shown as it came.
 */
export function prettyBody(body: string, contentType: string | undefined): string {
	const json = withoutJsonPrefix(body);
	const looksJson = /json/i.test(contentType ?? '') || /^\s*[{[]/.test(json);
	if (!looksJson || prettySize(json) > 4 * json.length + 1_000_000) return body;
	try {
		return JSON.stringify(JSON.parse(json), null, 2);
	} catch {
		return body;
	}
}

/**
 * About how long `JSON.stringify(JSON.parse(json), null, 2)` would be, in one pass without parsing:
 * each value inside an array or object starts a line indented by two spaces per level. Strings are
 * skipped (their brackets and commas are text).
 */
function prettySize(json: string): number {
	let size = json.length;
	let depth = 0;
	for (let at = 0; at < json.length; at++) {
		const c = json.charCodeAt(at);
		if (c === 0x22) {
			// A string: up to its closing quote, past escaped characters.
			for (at++; at < json.length && json.charCodeAt(at) !== 0x22; at++) if (json.charCodeAt(at) === 0x5c) at++;
		} else if (c === 0x5b || c === 0x7b) {
			depth++;
			size += 2 * depth + 1;
		} else if (c === 0x5d || c === 0x7d) {
			depth = Math.max(0, depth - 1);
			size += 2 * depth + 1;
		} else if (c === 0x2c) {
			size += 2 * depth + 1;
		}
	}
	return size;
}
