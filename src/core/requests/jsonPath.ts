/**
 * A JSONPath subset, for REST Client's request variables (`{{login.response.body.$.jobId}}`) and
 * httpYac's body assertions (`?? body $.jobId exists`).
 *
 * REST Client evaluates the path with jsonpath-plus and uses the first result: a string as it is,
 * anything else as JSON (github.com/Huachao/vscode-restclient src/utils/requestVariableCacheValueProcessor.ts,
 * resolveJsonHttpBody); firstValueText below does the same. This subset reads the same paths the same
 * way, without evaluating script, which jsonpath-plus does for filters (`[?(@.a > 1)]`) and script
 * expressions (`[(@.length-1)]`): a request file may come from anywhere.
 *
 * Supported: `$` (the root; a path that does not start with it starts at the root, as jsonpath-plus
 * reads it), `.name` (up to the next `.` or `[`, so `$.content-type` works), `['key']` / `["key"]`,
 * `[n]` (n ≥ 0), `.*` / `[*]` (every member or element), `..name` / `..*` (recursive descent), and
 * `.length` of an array or a string (jsonpath-plus reads it as an own property). Anything else
 * (filters, slices, unions, negative indexes, script) is refused with a message naming it.
 *
 * Linear and bounded: the path is read once, left to right, at most MAX_JSON_PATH_CHARS long; the
 * evaluation counts every value it visits and stops at MAX_JSON_PATH_VISITS (several `..` steps in a
 * row multiply what they visit), so a hostile path or body costs a bounded amount of work.
 */

/** The longest path read. */
export const MAX_JSON_PATH_CHARS = 1000;
/** The most values one evaluation may visit (each step's inputs and what `..` walks through). */
export const MAX_JSON_PATH_VISITS = 1_000_000;

export type JsonPathStep = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' } | { kind: 'descend' };

export interface JsonPathResult {
	/** At least one value matched. */
	found: boolean;
	/** The matches, in document order (as jsonpath-plus lists them). */
	values: unknown[];
	/** Why the path could not be evaluated (its syntax, or the visit bound); `found` is false then. */
	error?: string;
}

/** The path's steps, or a message saying what in it is not supported. */
export function parseJsonPath(path: string): { steps: JsonPathStep[] } | { error: string } {
	if (path.length > MAX_JSON_PATH_CHARS) return { error: `the JSONPath is longer than ${MAX_JSON_PATH_CHARS} characters.` };
	const steps: JsonPathStep[] = [];
	let i = 0;
	const text = path.trim();
	if (text.startsWith('$')) i = 1;
	else if (text !== '' && text[0] !== '.' && text[0] !== '[') {
		// jsonpath-plus reads "a.b" as "$.a.b".
		const end = nameEnd(text, 0);
		steps.push(member(text.slice(0, end)));
		i = end;
	}
	while (i < text.length) {
		const c = text[i];
		if (c === '.') {
			if (text[i + 1] === '.') {
				steps.push({ kind: 'descend' });
				i += 2;
				if (text[i] === '[') continue;
			} else i += 1;
			const end = nameEnd(text, i);
			if (end === i) return { error: `the JSONPath "${path}" has an empty name after "." (at character ${i + 1}).` };
			steps.push(member(text.slice(i, end)));
			i = end;
		} else if (c === '[') {
			const close = bracketEnd(text, i + 1);
			if (close < 0) return { error: `the JSONPath "${path}" opens "[" without closing it.` };
			const inside = text.slice(i + 1, close).trim();
			const step = bracketStep(inside);
			if ('error' in step) return { error: `the JSONPath "${path}": ${step.error}` };
			steps.push(step);
			i = close + 1;
		} else {
			return { error: `the JSONPath "${path}" has "${c}" where "." or "[" should be (at character ${i + 1}).` };
		}
	}
	return { steps };
}

/** Where a dot-name starting at `from` ends: the next `.` or `[`, or the end. */
function nameEnd(text: string, from: number): number {
	let end = from;
	while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
	return end;
}

/** The `]` closing a bracket opened before `from`, skipping a quoted key (which may hold `]`). */
function bracketEnd(text: string, from: number): number {
	let i = from;
	while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
	const quote = text[i];
	if (quote === "'" || quote === '"') {
		const closeQuote = text.indexOf(quote, i + 1);
		if (closeQuote < 0) return -1;
		return text.indexOf(']', closeQuote + 1);
	}
	return text.indexOf(']', from);
}

function member(name: string): JsonPathStep {
	return name === '*' ? { kind: 'all' } : { kind: 'key', key: name };
}

function bracketStep(inside: string): JsonPathStep | { error: string } {
	if (inside === '*') return { kind: 'all' };
	const quote = inside[0];
	if ((quote === "'" || quote === '"') && inside.length >= 2 && inside.endsWith(quote) && inside.indexOf(quote, 1) === inside.length - 1) {
		return { kind: 'key', key: inside.slice(1, -1) };
	}
	if (/^\d{1,9}$/.test(inside)) return { kind: 'index', index: Number(inside) };
	if (inside.startsWith('?')) return { error: 'filters ([?(…)]) are not supported; select by key or index.' };
	if (inside.startsWith('(')) return { error: 'script expressions ([(…)]) are not supported; select by key or index.' };
	if (inside.includes(':')) return { error: 'slices ([a:b]) are not supported; select by index.' };
	if (inside.includes(',')) return { error: 'unions ([a,b]) are not supported; use one path per value.' };
	if (/^-\d+$/.test(inside)) return { error: `negative indexes ([${inside}]) are not supported; use an index from 0.` };
	return { error: `[${inside}] is not a key in quotes, an index or *.` };
}

class VisitBudget extends Error {}

/** Evaluates `path` against a parsed JSON value. Never throws. */
export function queryJson(value: unknown, path: string): JsonPathResult {
	const parsed = parseJsonPath(path);
	if ('error' in parsed) return { found: false, values: [], error: parsed.error };
	let visits = 0;
	const visit = () => {
		if (++visits > MAX_JSON_PATH_VISITS) throw new VisitBudget();
	};
	let current: unknown[] = [value];
	try {
		for (let s = 0; s < parsed.steps.length; s++) {
			const step = parsed.steps[s];
			const next: unknown[] = [];
			if (step.kind === 'descend') {
				// `..x`: x applied to every value at or below each current one, in document order.
				for (const v of current) descendants(v, next, visit);
			} else {
				for (const v of current) {
					visit();
					apply(step, v, next, visit);
				}
			}
			current = next;
		}
	} catch (error) {
		if (error instanceof VisitBudget) {
			return {
				found: false,
				values: [],
				error: `the JSONPath "${path}" visits more than ${MAX_JSON_PATH_VISITS.toLocaleString('en-US')} values.`,
			};
		}
		throw error;
	}
	return { found: current.length > 0, values: current };
}

function apply(step: JsonPathStep, v: unknown, out: unknown[], visit: () => void): void {
	if (step.kind === 'all') {
		const members = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
		for (const x of members) {
			visit();
			out.push(x);
		}
	} else if (step.kind === 'index') {
		if (Array.isArray(v) && step.index < v.length) out.push(v[step.index]);
		else if (isObject(v) && Object.hasOwn(v, String(step.index))) out.push(v[String(step.index)]);
	} else if (step.kind === 'key') {
		if (Array.isArray(v)) {
			if (step.key === 'length') out.push(v.length);
			else if (/^\d{1,9}$/.test(step.key) && Number(step.key) < v.length) out.push(v[Number(step.key)]);
		} else if (typeof v === 'string') {
			if (step.key === 'length') out.push(v.length);
		} else if (isObject(v) && Object.hasOwn(v, step.key)) out.push(v[step.key]);
	}
}

/** `v` and every value below it, depth first in document order, without recursion (a deep body cannot overflow the stack). */
function descendants(root: unknown, out: unknown[], visit: () => void): void {
	const stack: unknown[] = [root];
	while (stack.length > 0) {
		const v = stack.pop();
		visit();
		out.push(v);
		if (Array.isArray(v)) {
			for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
		} else if (isObject(v)) {
			const keys = Object.keys(v);
			for (let i = keys.length - 1; i >= 0; i--) stack.push(v[keys[i]]);
		}
	}
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** REST Client's value of a match: the first one, a string as it is, anything else as JSON. Undefined when nothing matched. */
export function firstValueText(result: JsonPathResult): string | undefined {
	if (!result.found) return undefined;
	const first = result.values[0];
	if (typeof first === 'string') return first;
	return JSON.stringify(first) ?? undefined;
}
