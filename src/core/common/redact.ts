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
 *
 * Linear in the text: it may be any server's answer (10 MB), and the extension host waits for it.
 * No pattern here can backtrack over more than the run it stands on: every quantified run that is
 * followed by more of its pattern is taken whole, once (`(?=(x+))\1`, an atomic group: a lookahead
 * never gives back what it matched), so a failed attempt costs the run it looked at, and runs that
 * a failed attempt looked at are not looked at again (the notes at each pattern say why). Fields
 * named like secrets are found by a scanner (hideSecretFields) that reads each character a bounded
 * number of times. Registered values are searched with indexOf, and overlapping repeats of one are
 * covered in one step (hideRegistered). test/unit/common/redact.test.ts doubles hostile inputs and checks
 * that the time doubles; `npm run bench` prints the throughput.
 */

export const REDACTED = '‹redacted›';

/** Registered values shorter than this are replaced only as whole tokens, not inside longer words. */
const MIN_SECRET_LENGTH = 6;

/**
 * `Bearer <token>`, also URL- or form-encoded (`Bearer%20…`, `Bearer+…`). The gap after "Bearer" is
 * taken whole (a shorter gap is followed by a space, not a token character); the token has nothing after it.
 */
const BEARER = /(\bBearer)(?=(\s+|%20|\+))\2[A-Za-z0-9._~+/=%-]+/gi;
/**
 * A JWT: base64url header (a JSON object, so `eyJ`), payload and signature. Each part is taken whole
 * (it cannot hold the "." that follows it), and a JWT starts only where a run of [\w-] starts, so a
 * run is read by at most the three attempts that start at it and at the two runs before it.
 */
const JWT = /(?<![\w-])eyJ(?=([\w-]*))\1\.(?=([\w-]+))\2\.[\w-]*/g;

/**
 * Fields named like secrets, with their value: `client_secret=…`, `"accessToken": "…"`,
 * `'password': '…'`, `\"token\":\"…\"`, `client_secret%3D…`, and YAML's `access_token: …` when the
 * value ends the line (or the flow mapping's entry), so that prose such as "clientSecret: Enter the
 * secret" keeps its words. The name is a whole word ending in one of these (any case).
 *
 * One name is not ours to hide: `X-Amz-Security-Token`, a query parameter of S3 pre-signed URLs made
 * with temporary credentials (AWS's "Authenticating Requests: Using Query Parameters (AWS Signature
 * Version 4)"). Adobe's job outputs are such URLs, a script that waits for a job asked for them, and
 * with the value hidden the URL no longer works. It is no Adobe secret or token: it is useless
 * without the signature beside it, which only grants that one URL until it expires. (Logs and stored
 * jobs drop a URL's query anyway: withoutQuery in endpoints.ts.) The look-behind is of fixed length,
 * so the scan stays linear.
 */
const SECRET_NAME = /(?<!x-amz-security-)(?:secret|token|password|passwd|verifier)(?!\w)/gi;
/** What ends an unquoted value. */
const BARE_END = /[\s"'&,;<>{}[\]()]/g;

/** The registered values to hide, kept in the forms they are searched in; the log holds one for all shown text. */
export class Redactor {
	/** Filler-free forms of the values long enough to be found anywhere, each with its smallest period. */
	private readonly forms = new Map<string, number>();
	private readonly shortForms = new Set<string>();
	private shortPattern?: RegExp;
	/** The last copy `with` made, and the values it was made for (a request's secrets serve all of its messages). */
	private lastWith?: { values: readonly string[]; copy: Redactor };

	add(value: string): void {
		if (!value) return;
		this.lastWith = undefined;
		if (value.length >= MIN_SECRET_LENGTH) {
			for (const form of encodings(value)) {
				const squeezed = squeeze(form).text;
				if (squeezed && !this.forms.has(squeezed)) this.forms.set(squeezed, smallestPeriod(squeezed));
			}
			return;
		}
		for (const form of [...encodings(value), JSON.stringify(value).slice(1, -1)]) this.shortForms.add(form);
		// Literal alternatives, longest first: each position tries each once (their number is fixed by what was registered).
		const alternatives = [...this.shortForms]
			.sort((a, b) => b.length - a.length)
			.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
		this.shortPattern = new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'g');
	}

	/** `text` without the registered values, `also` (values of this one text, such as a request's token) and secret-looking values. */
	redact(text: string, also: readonly string[] = []): string {
		if (also.length > 0) return this.with(also).redact(text);
		let result = this.hideRegistered(text);
		if (this.shortPattern) result = replaceMatches(result, this.shortPattern, () => REDACTED);
		result = replaceMatches(result, BEARER, (match) => match[1] + match[2] + REDACTED);
		return hideSecretFields(replaceMatches(result, JWT, () => REDACTED));
	}

	/** A copy that also hides `values`: one pass for text with values of its own, instead of one pass per redactor. */
	private with(values: readonly string[]): Redactor {
		const last = this.lastWith;
		if (last && last.values.length === values.length && last.values.every((value, i) => value === values[i])) return last.copy;
		const copy = new Redactor();
		for (const [form, period] of this.forms) copy.forms.set(form, period);
		for (const form of this.shortForms) copy.shortForms.add(form);
		copy.shortPattern = this.shortPattern;
		for (const value of values) copy.add(value);
		this.lastWith = { values: [...values], copy };
		return copy;
	}

	private hideRegistered(text: string): string {
		if (this.forms.size === 0) return text;
		const squeezed = squeeze(text);
		const shown = squeezed.text;
		const ranges: Array<[number, number]> = [];
		for (const [form, period] of this.forms) {
			for (let at = shown.indexOf(form); at !== -1;) {
				// Another occurrence that overlaps this one starts a whole number of periods later, for as
				// long as the text goes on repeating the form's period: one step covers all of them, so
				// overlapping repeats ("abab…" for "abab") cost their length, not their length times the
				// form's. Any other occurrence starting before `last` ends inside the range.
				let end = at + form.length;
				while (end < shown.length && shown.charCodeAt(end) === shown.charCodeAt(end - period)) end++;
				const last = at + Math.floor((end - at - form.length) / period) * period;
				ranges.push([squeezed.origin(at), squeezed.origin(last + form.length - 1) + 1]);
				at = shown.indexOf(form, last + 1);
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

/**
 * `text` without filler, and the index in `text` of each remaining character. Filler is what may
 * stand between the characters of a registered value in text that still shows it: whitespace,
 * JSON-escaped line breaks, a quoted concatenation, and escaping backslashes; as a pattern,
 * `\s+|\\+[nrt]|\\*["']\s*\+\s*\\*["']|\\+(?=[!-/:-@[-`{-~])`, taken leftmost first, which fillerAt
 * reads by hand. Speed matters here, as every text is squeezed: a regular expression's match
 * objects, or a slice per kept run, cost about a microsecond per space of ordinary prose, so the
 * kept characters are copied into one buffer, and where each came from is worked out only when a
 * registered value was found.
 */
function squeeze(text: string): { text: string; origin(index: number): number } {
	const kept = new Uint16Array(text.length);
	let length = 0;
	for (let at = 0; at < text.length;) {
		const code = text.charCodeAt(at);
		const filler = mayStartFiller(code) ? fillerAt(text, at) : 0;
		if (filler > 0) at += filler;
		else kept[length++] = text.charCodeAt(at++);
	}
	let origins: Int32Array | undefined;
	return {
		text: length === text.length ? text : stringOf(kept.subarray(0, length)),
		origin(index) {
			if (!origins) {
				origins = new Int32Array(length);
				for (let at = 0, next = 0; at < text.length;) {
					const filler = fillerAt(text, at);
					if (filler > 0) at += filler;
					else origins[next++] = at++;
				}
			}
			return origins[index];
		},
	};
}

/** UTF-16 code units as a string: decoded at once where the platform stores them little-endian (every one VS Code runs on). */
function stringOf(units: Uint16Array): string {
	if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
	const chunks: string[] = [];
	for (let from = 0; from < units.length; from += 8192) chunks.push(String.fromCharCode(...units.subarray(from, from + 8192)));
	return chunks.join('');
}

const NO_UNITS = new Uint16Array(0);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const BACKSLASH = 0x5c;

/**
 * The length of the filler that starts at `at` (0: none). Each run is read whole and not given back
 * (a shorter run would be followed by more of the same, which the next part cannot match), except
 * that a backslash run before a letter leaves its last backslash. A failed attempt reads the runs after
 * one quote, which the attempts at the next positions consume: so each character is read a bounded
 * number of times.
 */
function fillerAt(text: string, at: number): number {
	const first = text.charCodeAt(at);
	if (!mayStartFiller(first)) return 0;
	if (isSpace(first)) return spacesFrom(text, at) - at;
	const slashes = backslashesFrom(text, at);
	const next = text[slashes];
	if (slashes > at && (next === 'n' || next === 'r' || next === 't')) return slashes + 1 - at;
	if (next === '"' || next === "'") {
		// A quoted concatenation: `"` `+` `"`, with whitespace around the plus and escaping backslashes before the second quote.
		const plus = spacesFrom(text, slashes + 1);
		if (text[plus] === '+') {
			const quote = backslashesFrom(text, spacesFrom(text, plus + 1));
			if (text[quote] === '"' || text[quote] === "'") return quote + 1 - at;
		}
	}
	if (slashes === at) return 0;
	// Backslashes escaping punctuation (`\"`, `\/`, `\\`, Markdown's `\-`): before a letter, the last one stays.
	return isPunctuation(text.charCodeAt(slashes)) ? slashes - at : slashes - at - 1;
}

/** Whitespace, a backslash or a quote; most characters are none of these and are kept at once. */
function mayStartFiller(code: number): boolean {
	return code <= 0x27 || code === BACKSLASH || code >= 0xa0;
}

function spacesFrom(text: string, at: number): number {
	while (at < text.length && isSpace(text.charCodeAt(at))) at++;
	return at;
}

function backslashesFrom(text: string, at: number): number {
	while (text.charCodeAt(at) === BACKSLASH) at++;
	return at;
}

/** JavaScript's `\s`: whitespace and line terminators. */
function isSpace(c: number): boolean {
	if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
	if (c < 0xa0) return false;
	return (
		c === 0xa0 ||
		c === 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) ||
		c === 0x2028 ||
		c === 0x2029 ||
		c === 0x202f ||
		c === 0x205f ||
		c === 0x3000 ||
		c === 0xfeff
	);
}

/** ASCII punctuation, `[!-/:-@[-`{-~]`: what a backslash may escape in JSON, a URL or Markdown. */
function isPunctuation(c: number): boolean {
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

function replaceRanges(text: string, ranges: Array<[number, number]>): string {
	const merged: Array<[number, number]> = [];
	for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
		const last = merged.at(-1);
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	const out = new Rewrite(text);
	for (const [start, end] of merged) out.replace(start, end, REDACTED);
	return out.result();
}

/**
 * `text` with each match of the global `pattern` replaced by what `by` makes of it (String.replace, but
 * see Rewrite). The pattern object itself is used, from lastIndex 0 and left at 0: nothing here runs
 * another search with it meanwhile (`by` only builds a string), and a copy per call was most of the
 * cost of redacting a short text (a run of a request file redacts each answer's messages; npm run bench).
 */
function replaceMatches(text: string, pattern: RegExp, by: (match: RegExpExecArray) => string): string {
	pattern.lastIndex = 0;
	let match = pattern.exec(text);
	if (!match) return text;
	const out = new Rewrite(text);
	try {
		for (; match; match = pattern.exec(text)) out.replace(match.index, pattern.lastIndex, by(match));
	} finally {
		pattern.lastIndex = 0;
	}
	return out.result();
}

/**
 * A text with parts replaced, left to right, written into one growing buffer of UTF-16 code units.
 * String.replace and string concatenation leave a small string per replacement for the garbage
 * collector, which made a 10 MB text with a million replacements take more than twice as long as
 * 5 MB; one buffer keeps it linear.
 */
class Rewrite {
	private units: Uint16Array;
	private length = 0;
	/** `text` before this is written (or replaced). */
	private copied = 0;

	constructor(private readonly text: string) {
		this.units = NO_UNITS; // grown on the first write: most texts have nothing to replace
	}

	/** `text` from `start` to `end` is `replacement` (after everything replaced so far). */
	replace(start: number, end: number, replacement: string): void {
		this.write(this.text, this.copied, start);
		this.write(replacement, 0, replacement.length);
		this.copied = end;
	}

	result(): string {
		if (this.copied === 0) return this.text; // nothing replaced
		this.write(this.text, this.copied, this.text.length);
		return stringOf(this.units.subarray(0, this.length));
	}

	private write(source: string, from: number, to: number): void {
		if (this.length + to - from > this.units.length) {
			const grown = new Uint16Array(Math.max(2 * this.units.length, this.length + to - from, this.text.length + 1024));
			grown.set(this.units.subarray(0, this.length));
			this.units = grown;
		}
		for (let at = from; at < to; at++) this.units[this.length++] = source.charCodeAt(at);
	}
}

/** REDACTED in the quotes the value (`start` to `end`) had, so the surrounding JSON or YAML stays readable. */
function maskedValue(text: string, start: number, end: number): string {
	if (end - start > 1 && text.startsWith('\\"', start)) return `\\"${REDACTED}\\"`;
	if (text[start] === '"' || text[start] === "'") return `${text[start]}${REDACTED}${text[start]}`;
	return REDACTED;
}

/**
 * `text` with the value of every field named like a secret replaced (SECRET_NAME). One pass: the
 * names are found left to right by a pattern that does bounded work at each position, and each is
 * read on with bounded work, so the time is linear in the text:
 * - the separator and the blanks around it are next to one name only;
 * - a quoted value is read up to its closing quote: two reads of the same kind never overlap (one
 *   would have ended at the quote where the other starts);
 * - an unquoted value is the run up to BARE_END; whether a YAML value ends its line is decided once
 *   per run, and the names inside a run whose answer was "no" reuse it (`token:token:…token:x y`
 *   would otherwise read the rest of the run again at each name).
 */
function hideSecretFields(text: string): string {
	// SECRET_NAME itself, from lastIndex 0 and left at 0 (see replaceMatches).
	const names = SECRET_NAME;
	names.lastIndex = 0;
	let name = names.exec(text);
	if (!name) return text;
	const runs = new BareRuns(text);
	const out = new Rewrite(text);
	try {
		for (; name; name = names.exec(text)) {
			const value = fieldValue(text, name.index + name[0].length, runs);
			if (!value) continue;
			out.replace(value.start, value.end, maskedValue(text, value.start, value.end));
			names.lastIndex = value.end;
		}
	} finally {
		names.lastIndex = 0;
	}
	return out.result();
}

/**
 * Where the value of a field whose name ends at `at` lies, if the name is followed by a separator and
 * a value: `\\?["']?[ \t]*` (the name's closing quote, escaped in embedded JSON), `=`, `%3D`, `:` or
 * `%3A`, `[ \t]*`, then a quoted value or an unquoted one (after `:` only when it ends the entry).
 */
function fieldValue(text: string, at: number, runs: BareRuns): { start: number; end: number } | undefined {
	if (text[at] === '\\') at++;
	if (text[at] === '"' || text[at] === "'") at++;
	at = afterBlanks(text, at);
	let colon: boolean;
	if (text[at] === '=' || text[at] === ':') {
		colon = text[at] === ':';
		at += 1;
	} else if (text[at] === '%' && text[at + 1] === '3' && /^[ad]$/i.test(text[at + 2] ?? '')) {
		colon = text[at + 2].toLowerCase() === 'a';
		at += 3;
	} else {
		return undefined;
	}
	const start = afterBlanks(text, at);
	const quoted = quotedEnd(text, start);
	if (quoted !== undefined) return { start, end: quoted };
	const run = runs.at(start);
	if (run.end === start || (colon && !run.endsEntry)) return undefined;
	return { start, end: run.end };
}

function afterBlanks(text: string, at: number): number {
	while (text[at] === ' ' || text[at] === '\t') at++;
	return at;
}

/**
 * The end of the quoted string that starts at `at`, if one does: `\"…\"` (escaped quotes in embedded
 * JSON; a backslash escapes any character but a quote), `"…"` or `'…'` on one line (a backslash
 * escapes any character but a line break).
 */
function quotedEnd(text: string, at: number): number | undefined {
	if (text[at] === '\\' && text[at + 1] === '"') {
		for (let i = at + 2; i < text.length; i++) {
			if (text[i] === '"') return undefined;
			if (text[i] === '\\') {
				if (text[i + 1] === '"') return i + 2;
				i++;
			}
		}
		return undefined;
	}
	const quote = text[at];
	if (quote !== '"' && quote !== "'") return undefined;
	for (let i = at + 1; i < text.length; i++) {
		const c = text[i];
		if (c === quote) return i + 1;
		if (c === '\n' || c === '\r') return undefined;
		if (c === '\\') {
			const escaped = text[i + 1];
			if (escaped === undefined || escaped === '\n' || escaped === '\r' || escaped === '\u2028' || escaped === '\u2029') return undefined;
			i++;
		}
	}
	return undefined;
}

/** Unquoted values: runs up to BARE_END, the last one measured kept for the names inside it. */
class BareRuns {
	private readonly stops = new RegExp(BARE_END.source, 'g');
	private last = { start: -1, end: -1, endsEntry: false };

	constructor(private readonly text: string) {}

	/** The run from `start`, and whether only blanks stand between it and the end of its line or entry (`,` `}` `]`). */
	at(start: number): { end: number; endsEntry: boolean } {
		if (start >= this.last.start && start < this.last.end) return this.last;
		this.stops.lastIndex = start;
		const end = this.stops.exec(this.text)?.index ?? this.text.length;
		const next = afterBlanks(this.text, end);
		this.last = { start, end, endsEntry: next === this.text.length || '\r\n,}]'.includes(this.text[next]) };
		return this.last;
	}
}

/** The shortest p such that `form` repeats with period p (its length when it does not repeat): KMP's failure function. */
function smallestPeriod(form: string): number {
	const border = new Int32Array(form.length);
	for (let i = 1, k = 0; i < form.length; i++) {
		while (k > 0 && form[i] !== form[k]) k = border[k - 1];
		if (form[i] === form[k]) k++;
		border[i] = k;
	}
	return form.length - border[form.length - 1];
}
