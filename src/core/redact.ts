/**
 * Redaction of credentials and tokens from any text that may reach a log, a notification, the UI or
 * a caller. Two layers:
 *
 * Registered values (the client secrets and tokens the extension holds) are found
 * - as they are, percent-encoded (URL or form encoding, either hex case), or backslash-escaped
 *   (JSON's `\"` `\/` `\\`, Markdown's `\-` `\_`, at any depth);
 * - split by whitespace or line breaks (a wrapped line), JSON-escaped line breaks (`\n`), or a quoted
 *   concatenation (`"…" + "…"`), anywhere and any number of times;
 * - when shorter than MIN_SECRET_LENGTH, only as a whole token and unsplit: short strings occur
 *   inside ordinary words.
 * Not covered: a part of a value on its own (a truncated secret), and other encodings (base64).
 * So text is redacted before it is shortened or escaped for display.
 *
 * Patterns catch what was never registered: `Bearer …`, JWTs (Adobe's access tokens are JWTs), and
 * fields named like secrets (…secret, …token, password, code_verifier) in form and query, JSON,
 * single-quoted, YAML and .env forms. They can also hide a word after "…token:" in prose; for a
 * secret, erring that way is the right one.
 */

export const REDACTED = '‹redacted›';

/** Registered values shorter than this are replaced only as whole tokens, not inside longer words. */
const MIN_SECRET_LENGTH = 6;

/**
 * What may stand between the characters of a registered value in text that still shows it:
 * whitespace, JSON-escaped line breaks, a quoted concatenation, and escaping backslashes.
 */
const FILLER = /\s+|\\+[nrt]|\\*["']\s*\+\s*\\*["']|\\+(?=[!-/:-@[-`{-~])/g;

/** `Bearer <token>`, also URL- or form-encoded (`Bearer%20…`, `Bearer+…`). */
const BEARER = /(\bBearer(?:\s+|%20|\+))[A-Za-z0-9._~+/=%-]+/gi;
/** A JWT: base64url header (a JSON object, so `eyJ`), payload and signature. */
const JWT = /(?<![\w-])eyJ[\w-]*\.[\w-]+\.[\w-]*/g;
/**
 * A field named like a secret and its value: `client_secret=…`, `"accessToken": "…"`, `'password': '…'`,
 * `\"token\":\"…\"`, and YAML's `access_token: …` when the value ends the line (or the flow
 * mapping's entry), so that prose such as "clientSecret: Enter the secret" keeps its words.
 */
const KEY = String.raw`\b\w*?(?:secret|token|password|passwd|verifier)\\?["']?[ \t]*`;
const QUOTED = String.raw`\\"(?:[^"\\]|\\[^"])*\\"|"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'`;
const BARE = String.raw`[^\s"'&,;<>{}[\]()]+`;
const SECRET_FIELD = new RegExp(
	`(${KEY}(?:=|%3d)[ \\t]*)(${QUOTED}|${BARE})|(${KEY}(?::|%3a)[ \\t]*)(${QUOTED}|${BARE}(?=[ \\t]*(?:$|[\\r\\n,}\\]])))`,
	'gi',
);

/** The registered values to hide, kept in the forms they are searched in; the log holds one for all shown text. */
export class Redactor {
	/** Filler-free forms of the values long enough to be found anywhere. */
	private readonly forms = new Set<string>();
	private readonly shortForms = new Set<string>();
	private shortPattern?: RegExp;

	add(value: string): void {
		if (!value) return;
		if (value.length >= MIN_SECRET_LENGTH) {
			for (const form of encodings(value)) {
				const squeezed = squeeze(form).text;
				if (squeezed) this.forms.add(squeezed);
			}
			return;
		}
		for (const form of [...encodings(value), JSON.stringify(value).slice(1, -1)]) this.shortForms.add(form);
		const alternatives = [...this.shortForms].sort((a, b) => b.length - a.length).map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
		this.shortPattern = new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'g');
	}

	redact(text: string): string {
		let result = this.hideRegistered(text);
		if (this.shortPattern) result = result.replace(this.shortPattern, REDACTED);
		return result
			.replace(BEARER, `$1${REDACTED}`)
			.replace(JWT, REDACTED)
			.replace(SECRET_FIELD, (_match, ...groups: Array<string | undefined>) => (groups[0] ?? groups[2] ?? '') + maskedValue(groups[1] ?? groups[3] ?? ''));
	}

	private hideRegistered(text: string): string {
		if (this.forms.size === 0) return text;
		const squeezed = squeeze(text);
		const ranges: Array<[number, number]> = [];
		for (const form of this.forms) {
			for (let at = squeezed.text.indexOf(form); at !== -1; at = squeezed.text.indexOf(form, at + 1)) {
				ranges.push([squeezed.origin(at), squeezed.origin(at + form.length - 1) + 1]);
			}
		}
		return replaceRanges(text, ranges);
	}
}

/** `text` with every registered `secrets` value and every secret-looking value replaced by REDACTED. */
export function redact(text: string, secrets: Iterable<string> = []): string {
	const redactor = new Redactor();
	for (const secret of secrets) redactor.add(secret);
	return redactor.redact(text);
}

/** A value and its percent-encodings (a server may echo a value the way it received it in a form or URL). */
function encodings(value: string): Set<string> {
	const encoded = [encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)];
	return new Set([value, ...encoded, ...encoded.map((e) => e.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()))]);
}

/** `text` without FILLER, and the index in `text` of each remaining character. */
function squeeze(text: string): { text: string; origin(index: number): number } {
	const parts: string[] = [];
	/** Each kept run: where it starts in the squeezed text, and in `text`. */
	const runs: Array<[number, number]> = [];
	let length = 0;
	let from = 0;
	const keep = (to: number) => {
		if (to <= from) return;
		runs.push([length, from]);
		parts.push(text.slice(from, to));
		length += to - from;
	};
	for (const filler of text.matchAll(FILLER)) {
		keep(filler.index);
		from = filler.index + filler[0].length;
	}
	keep(text.length);
	return {
		text: parts.join(''),
		origin(index) {
			let low = 0;
			let high = runs.length - 1;
			while (low < high) {
				const mid = (low + high + 1) >> 1;
				if (runs[mid][0] <= index) low = mid;
				else high = mid - 1;
			}
			return runs[low][1] + index - runs[low][0];
		},
	};
}

function replaceRanges(text: string, ranges: Array<[number, number]>): string {
	const merged: Array<[number, number]> = [];
	for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
		const last = merged.at(-1);
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	let result = '';
	let at = 0;
	for (const [start, end] of merged) {
		result += text.slice(at, start) + REDACTED;
		at = end;
	}
	return result + text.slice(at);
}

/** REDACTED in the quotes the value had, so the surrounding JSON or YAML stays readable. */
function maskedValue(value: string): string {
	if (value.startsWith('\\"')) return `\\"${REDACTED}\\"`;
	if (value.startsWith('"') || value.startsWith("'")) return `${value[0]}${REDACTED}${value[0]}`;
	return REDACTED;
}
