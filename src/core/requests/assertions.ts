/**
 * Assertions after a request, in httpYac's syntax (httpyac.github.io/guide/assert.html: "Simple
 * Assertions are started using ?? followed by the field which should be checked. After the field
 * follows the condition and the expected result"), read from the `??` lines parse.ts keeps apart:
 *
 *   ?? status == 202                        the HTTP status
 *   ?? header content-type includes json    a response header (any case)
 *   ?? body $.jobId exists                  the body, or a JSONPath into a JSON body (jsonPath.ts)
 *   ?? body $.count > 2
 *   ?? duration < 2000                      milliseconds to the answer
 *   ?? job state == succeeded               the final state of the async job the answer started (core/jobs)
 *   ?? job outputs count >= 1               how many outputs it gave
 *   ?? job error includes quota             its first error message
 *
 * Conditions are httpYac's: == (also `equals`), !=, >, >=, <, <=, startsWith, endsWith, includes
 * (also `contains`), exists, isTrue, isFalse, isNumber, isString, isBoolean, isArray. `matches` (a
 * regular expression) is refused with a line-numbered message: JavaScript's regular expressions
 * backtrack, and a pattern from a file run against any server's answer could take exponential time
 * (a file may come from anywhere); startsWith, endsWith and includes cover the usual checks.
 * httpYac's `js …`, `xpath …` and hash conditions (sha256, md5) are refused the same way.
 *
 * The expected value is the rest of the line, trimmed; a value in double quotes is read as a JSON
 * string (`?? body $.name == "two  spaces"`). Numbers compare as numbers when both sides are numbers.
 * A value with `{{…}}` is refused rather than compared as written (variables are not expanded here).
 *
 * Parsing and evaluation are linear in the line and the answer (no pattern here can backtrack), and
 * every message is redacted and cut to one line before it leaves (the answer may echo a secret).
 * Nothing here imports VS Code or the HTTP client.
 */
import type { Assertion, AssertionResult } from './types';
import type { RequestFileProblem } from './parse';
import { at } from './parse';
import { parseJsonPath, queryJson } from './jsonPath';
import { withoutJsonPrefix } from '../common/jsonPrefix';

/** Conditions that compare with an expected value. */
const BINARY = ['==', '!=', '>', '>=', '<', '<=', 'startsWith', 'endsWith', 'includes'] as const;
/** Conditions on the field alone. */
const UNARY = ['exists', 'isTrue', 'isFalse', 'isNumber', 'isString', 'isBoolean', 'isArray'] as const;
/** httpYac's other spellings. */
const ALIASES: Readonly<Record<string, string>> = { equals: '==', contains: 'includes' };
/** httpYac conditions we refuse, with why. */
const REFUSED_CONDITIONS: Readonly<Record<string, string>> = {
	matches:
		'"matches" is not supported: a regular expression from a request file, run against any answer, could take exponential time. Use startsWith, endsWith or includes.',
	sha256: '"sha256" is not supported; compare the body or a JSONPath value instead.',
	sha512: '"sha512" is not supported; compare the body or a JSONPath value instead.',
	md5: '"md5" is not supported; compare the body or a JSONPath value instead.',
};
/** httpYac fields we do not offer. */
const REFUSED_FIELDS: Readonly<Record<string, string>> = {
	js: '"?? js …" runs JavaScript, which request files here never do; use status, header, body $.path, duration or job.',
	xpath: '"?? xpath …" is not supported in assertions; use body with a JSONPath for JSON answers, or body includes.',
};

/** Longest message an assertion result carries. */
const MAX_MESSAGE_CHARS = 200;
/** Longest value a message quotes. */
const MAX_QUOTED_CHARS = 80;

export type ParsedAssertion = Assertion & { operator: string };

/** The subjects a `??` line may name, for messages. */
const SUBJECTS = 'status, header <name>, body [$.path], duration, job state, job outputs count or job error';

/** Words of a line split at spaces and tabs, each with where it starts: linear. */
function words(text: string): Array<{ word: string; index: number }> {
	const found: Array<{ word: string; index: number }> = [];
	let i = 0;
	while (i < text.length) {
		while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
		if (i >= text.length) break;
		const start = i;
		// A JSONPath may hold spaces inside brackets or quotes ($['a b']): read it to its end.
		let depth = 0;
		let quote = '';
		while (i < text.length) {
			const c = text[i];
			if (quote) {
				if (c === '\\') i++;
				else if (c === quote) quote = '';
			} else if (c === "'" || c === '"') {
				if (text[start] === '$') quote = c;
			} else if (c === '[') depth++;
			else if (c === ']') depth = Math.max(0, depth - 1);
			else if ((c === ' ' || c === '\t') && depth === 0) break;
			i++;
		}
		found.push({ word: text.slice(start, i), index: start });
		// The first word past the operator starts the expected value: words() is asked for a bounded number.
		if (found.length >= 6) {
			const rest = text.slice(i).trimStart();
			if (rest) found.push({ word: rest, index: text.length - rest.length });
			break;
		}
	}
	return found;
}

/**
 * One `??` line (the text after `??`, trimmed) as an Assertion, or a problem naming the line.
 * `line` is 0-based.
 */
export function parseAssertion(text: string, line: number): ParsedAssertion | RequestFileProblem {
	const problem = (message: string): RequestFileProblem => ({ line, message: at(line, message) });
	if (text === '') return problem(`"??" needs a field, a condition and usually a value, e.g. "?? status == 200".`);
	const parts = words(text);
	const field = parts[0].word;
	let subject: string;
	let next: number;
	if (Object.hasOwn(REFUSED_FIELDS, field)) return problem(REFUSED_FIELDS[field]);
	if (field === 'status' || field === 'duration') {
		subject = field;
		next = 1;
	} else if (field === 'header') {
		const name = parts[1]?.word;
		if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
			return problem(`"?? header" needs a header name, e.g. "?? header content-type includes json".`);
		}
		subject = `header ${name.toLowerCase()}`;
		next = 2;
	} else if (field === 'body') {
		const path = parts[1]?.word;
		if (path !== undefined && path.startsWith('$')) {
			const syntax = parseJsonPath(path);
			if ('error' in syntax) return problem(`body ${clip(path)}: ${syntax.error}`);
			subject = `body ${path}`;
			next = 2;
		} else {
			subject = 'body';
			next = 1;
		}
	} else if (field === 'job') {
		const what = parts[1]?.word;
		if (what === 'state' || what === 'error') {
			subject = `job ${what}`;
			next = 2;
		} else if (what === 'outputs' && parts[2]?.word === 'count') {
			subject = 'job outputs count';
			next = 3;
		} else {
			return problem(`"?? job" asks about the job the answer started: "job state", "job outputs count" or "job error".`);
		}
	} else {
		return problem(`"${clip(field)}" is not a field an assertion can check; use ${SUBJECTS}.`);
	}
	const written = parts[next]?.word;
	if (written === undefined) return problem(`"?? ${subject}" needs a condition, e.g. "== 200", "includes json" or "exists".`);
	if (Object.hasOwn(REFUSED_CONDITIONS, written)) return problem(REFUSED_CONDITIONS[written]);
	const operator = Object.hasOwn(ALIASES, written) ? ALIASES[written] : written;
	const expectedPart = parts[next + 1];
	const expectedText = expectedPart ? text.slice(expectedPart.index).trim() : undefined;
	if ((UNARY as readonly string[]).includes(operator)) {
		if (expectedText !== undefined) return problem(`"${operator}" takes no value; remove "${clip(expectedText)}".`);
		return { line, text, subject, operator };
	}
	if (!(BINARY as readonly string[]).includes(operator)) {
		return problem(`"${clip(written)}" is not a condition; use ${[...BINARY, 'equals', 'contains', ...UNARY].join(', ')}.`);
	}
	if (expectedText === undefined) return problem(`"${operator}" needs a value to compare with, e.g. "?? status ${operator} 200".`);
	if (expectedText.includes('{{')) {
		return problem('an assertion compares with the value as written; variables ({{…}}) in it are not supported.');
	}
	let expected = expectedText;
	if (expected.length >= 2 && expected.startsWith('"') && expected.endsWith('"')) {
		try {
			expected = String(JSON.parse(expected));
		} catch {
			return problem(`the value ${clip(expectedText)} starts and ends with a quote but is not a JSON string.`);
		}
	}
	if (['>', '>=', '<', '<='].includes(operator) && !isNumeric(expected)) {
		return problem(`"${operator}" compares numbers; "${clip(expected)}" is not a number.`);
	}
	return { line, text, subject, operator, expected };
}

/** The assertions of one request: parsed ones and problems (each names its line). */
export function parseAssertions(lines: ReadonlyArray<{ text: string; line: number }>): {
	assertions: ParsedAssertion[];
	problems: RequestFileProblem[];
} {
	const assertions: ParsedAssertion[] = [];
	const problems: RequestFileProblem[] = [];
	for (const { text, line } of lines) {
		const parsed = parseAssertion(text, line);
		if ('subject' in parsed) assertions.push(parsed);
		else problems.push(parsed);
	}
	return { assertions, problems };
}

/** Whether an assertion asks about the job the answer started (the runner then follows it to its end). */
export function asksAboutJob(assertion: Assertion): boolean {
	return assertion.subject.startsWith('job ');
}

/** What assertions are checked against: the redacted outcome (send.ts), and the job's end when followed. */
export interface AssertionInput {
	status: number;
	/** Lower-case names. */
	headers: Readonly<Record<string, string>>;
	body: string;
	durationMs: number;
	/** The job the answer started, followed to its end; `undefined` when it started none. */
	job?: { state: string; outputs: number; error?: string };
	/** Why the job could not be followed (redacted), when it was asked about and could not be. */
	jobProblem?: string;
}

/** The field's value, or `absent` with why. */
type Field = { value: unknown } | { absent: string };

function fieldOf(assertion: Assertion, input: AssertionInput, json: () => unknown): Field {
	const { subject } = assertion;
	if (subject === 'status') return { value: input.status };
	if (subject === 'duration') return { value: input.durationMs };
	if (subject.startsWith('header ')) {
		const name = subject.slice('header '.length);
		return Object.hasOwn(input.headers, name) ? { value: input.headers[name] } : { absent: `header ${name} was not in the answer` };
	}
	if (subject === 'body') return { value: input.body };
	if (subject.startsWith('body ')) {
		const path = subject.slice('body '.length);
		const value = json();
		if (value === undefined) return { absent: `the body is not JSON, so ${path} does not exist` };
		const result = queryJson(value, path);
		if (result.error) return { absent: `body ${path}: ${result.error}` };
		if (!result.found || result.values.length === 0) return { absent: `body ${path} does not exist` };
		return { value: result.values.length === 1 ? result.values[0] : result.values };
	}
	if (subject.startsWith('job ')) {
		if (input.jobProblem) return { absent: input.jobProblem };
		if (!input.job) return { absent: 'the answer started no job' };
		if (subject === 'job state') return { value: input.job.state };
		if (subject === 'job outputs count') return { value: input.job.outputs };
		return input.job.error === undefined ? { absent: 'the job gave no error' } : { value: input.job.error };
	}
	return { absent: `${subject} is not a field an assertion can check` };
}

/** The body as JSON (after a Lightroom `while (1) {}` prefix, as send.ts parseJson reads it), or undefined. */
function parseJson(text: string): unknown {
	try {
		return JSON.parse(withoutJsonPrefix(text)) as unknown;
	} catch {
		return undefined;
	}
}

function isNumeric(text: string): boolean {
	return text.trim() !== '' && Number.isFinite(Number(text));
}

function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && isNumeric(value)) return Number(value);
	return undefined;
}

/** How a value reads in a message and in text comparisons. */
function asText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === undefined) return 'undefined';
	const json = JSON.stringify(value) as string | undefined;
	return json ?? String(value);
}

function equal(actual: unknown, expected: string): boolean {
	const number = asNumber(actual);
	if (typeof actual === 'number' || (typeof actual === 'string' && number !== undefined && isNumeric(expected))) {
		return number === Number(expected) || asText(actual) === expected;
	}
	return asText(actual) === expected;
}

function holds(operator: string, actual: unknown, expected: string | undefined): boolean {
	switch (operator) {
		case 'exists':
			return actual !== undefined && actual !== null;
		case 'isTrue':
			return actual === true || actual === 'true' || (typeof actual !== 'string' && typeof actual !== 'boolean' && Boolean(actual));
		case 'isFalse':
			return actual === false || actual === 'false' || actual === null || actual === 0 || actual === '';
		case 'isNumber':
			return typeof actual === 'number';
		case 'isString':
			return typeof actual === 'string';
		case 'isBoolean':
			return typeof actual === 'boolean';
		case 'isArray':
			return Array.isArray(actual);
	}
	const want = expected as string;
	switch (operator) {
		case '==':
			return equal(actual, want);
		case '!=':
			return !equal(actual, want);
		case '>':
		case '>=':
		case '<':
		case '<=': {
			const a = asNumber(actual);
			const b = Number(want);
			if (a === undefined) return false;
			return operator === '>' ? a > b : operator === '>=' ? a >= b : operator === '<' ? a < b : a <= b;
		}
		case 'startsWith':
			return asText(actual).startsWith(want);
		case 'endsWith':
			return asText(actual).endsWith(want);
		case 'includes':
			return Array.isArray(actual) ? actual.some((item) => equal(item, want)) : asText(actual).includes(want);
	}
	return false;
}

/** `text` on one line, at most MAX_QUOTED_CHARS long. */
function clip(text: string, max = MAX_QUOTED_CHARS): string {
	const line = text.replace(/\s+/g, ' ');
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Checks each assertion against the answer. Messages say what was found ("status was 404", "body
 * $.jobId does not exist"), pass `redact` (the answer was redacted when it came, but a message quotes
 * a slice of it, and a slice may be what the redactor recognises only whole), and fit one line.
 * The body is parsed as JSON once, only when a JSONPath asks.
 */
export function evaluateAssertions(
	assertions: readonly Assertion[],
	input: AssertionInput,
	redact: (text: string) => string,
): AssertionResult[] {
	let parsed: { value: unknown } | undefined;
	const json = () => (parsed ??= { value: parseJson(input.body) }).value;
	return assertions.map((assertion) => {
		const field = fieldOf(assertion, input, json);
		const operator = assertion.operator ?? 'exists';
		const name = assertion.subject;
		let passed: boolean;
		let found: string;
		if ('absent' in field) {
			// Only "isFalse" holds for a field that is not there (httpYac: "Field is falsy").
			passed = operator === 'isFalse' && !field.absent.startsWith('the answer started no job');
			found = field.absent;
		} else {
			passed = holds(operator, field.value, assertion.expected);
			found = `${name} was ${typeof field.value === 'string' ? `"${clip(field.value)}"` : clip(asText(field.value))}`;
		}
		const message = passed ? found : `${found}; expected ${operator}${assertion.expected === undefined ? '' : ` ${assertion.expected}`}`;
		return { assertion, passed, message: clip(redact(message), MAX_MESSAGE_CHARS) };
	});
}
