/** A JSON answer's anti-hijacking prefix, removed before parsing. No imports: the request documents load it without the HTTP client. */

/**
 * The Lightroom partner API (lr.adobe.io) starts every JSON answer with `while (1) {}` "to mitigate abuse",
 * and "this clause must be stripped by client applications before using the incoming result"
 * (AdobeDocs/lightroom-partner-apis usage/calling.md, "Handling JSON"; the pattern below is the one its sample
 * uses). Only the first characters are looked at, so this stays cheap on any body.
 */
const WHILE_1_PREFIX = /^\s*while\s*\(\s*1\s*\)\s*\{\s*\}\s*/;

/** `text` without a leading `while (1) {}`; any other text as it is. */
export function withoutJsonPrefix(text: string): string {
	const match = WHILE_1_PREFIX.exec(text.slice(0, 256));
	return match ? text.slice(match[0].length) : text;
}
