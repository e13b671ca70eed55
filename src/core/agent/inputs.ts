/**
 * Input checks for the agent tools. Input comes from a model, so it is untrusted: every field is
 * checked against the tool's declared inputSchema before anything runs (inputProblem), and read
 * with a message that says what is accepted.
 */
import { AdobeApiError, invalidInput } from '../common/errors';
import type { AgentToolDefinition, Fields } from './types';

/** The `profile` field every tool but adobe_list_profiles takes. */
export const PROFILE = {
	type: 'string',
	description: 'The Adobe profile to use, by name (see adobe_list_profiles). Omit to use the active profile.',
	maxLength: 200,
};

export function invalid(message: string): AdobeApiError {
	return invalidInput(message);
}

/** A part of the catalogue's JSON Schemas: the keywords they use, which agentToolInputProblem checks. */
interface SchemaNode {
	type?: string;
	enum?: readonly unknown[];
	maxLength?: number;
	minimum?: number;
	maximum?: number;
	description?: string;
	properties?: Record<string, unknown>;
	required?: string[];
	additionalProperties?: boolean | SchemaNode;
}

/** The most problems one answer lists: enough to correct the input, bounded whatever the input. */
const MAX_INPUT_PROBLEMS = 5;

function typeName(value: unknown): string {
	return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** What `value` breaks of `schema`, as sentences naming `where` (a field, `headers["x"]`, or '' for the whole input of `tool`); appended to `problems`. */
function schemaProblems(schema: SchemaNode, value: unknown, where: string, problems: string[], tool: string): void {
	if (problems.length >= MAX_INPUT_PROBLEMS) return;
	const omit = value === null ? ' (leave it out instead)' : '';
	switch (schema.type) {
		case 'string':
			if (typeof value !== 'string') return void problems.push(`${where} must be a string, not ${typeName(value)}${omit}.`);
			if (schema.enum && !schema.enum.includes(value)) return void problems.push(`${where} must be one of ${schema.enum.join(', ')}.`);
			if (schema.maxLength !== undefined && value.length > schema.maxLength) {
				return void problems.push(
					`${where} is ${value.length.toLocaleString('en-US')} characters long; at most ${schema.maxLength.toLocaleString('en-US')} are accepted.`,
				);
			}
			return;
		case 'integer':
			if (
				typeof value !== 'number' ||
				!Number.isSafeInteger(value) ||
				value < (schema.minimum ?? -Infinity) ||
				value > (schema.maximum ?? Infinity)
			) {
				problems.push(
					`${where} must be a whole number from ${schema.minimum ?? Number.MIN_SAFE_INTEGER} to ${schema.maximum ?? Number.MAX_SAFE_INTEGER}${typeof value === 'number' ? '' : `, not ${typeName(value)}`}${omit}.`,
				);
			}
			return;
		case 'boolean':
			if (typeof value !== 'boolean') {
				problems.push(
					`${where} must be true or false, not ${typeName(value) === 'string' ? JSON.stringify(String(value).slice(0, 20)) : typeName(value)}${omit}.`,
				);
			}
			return;
		case 'object': {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				return void problems.push(`${where} must be a JSON object, not ${typeName(value)}${omit}.`);
			}
			const properties = schema.properties ?? {};
			const accepted = Object.keys(properties);
			const keys = Object.keys(value);
			const unknown = schema.additionalProperties === false ? keys.filter((key) => !Object.hasOwn(properties, key)) : [];
			if (unknown.length) {
				const list = unknown
					.slice(0, 5)
					.map((key) => JSON.stringify(key.slice(0, 50)))
					.join(', ');
				problems.push(`${where || tool} does not take ${list}; it accepts ${accepted.length ? accepted.join(', ') : 'no fields'}.`);
			}
			for (const field of schema.required ?? []) {
				if (!Object.hasOwn(value, field)) {
					const about = (properties[field] as SchemaNode | undefined)?.description;
					problems.push(`${field} is required${about ? `: ${about}` : '.'}`);
				}
			}
			const entries = Object.entries(value as Record<string, unknown>);
			for (const [key, item] of entries) {
				if (problems.length >= MAX_INPUT_PROBLEMS) return;
				const own = Object.hasOwn(properties, key)
					? (properties[key] as SchemaNode)
					: typeof schema.additionalProperties === 'object'
						? schema.additionalProperties
						: undefined;
				// A field of the input by its name; an entry of a map (headers) by its key.
				if (own) {
					schemaProblems(
						own,
						item,
						Object.hasOwn(properties, key) ? (where === '' ? key : `${where}.${key}`) : `${where}[${JSON.stringify(key.slice(0, 50))}]`,
						problems,
						tool,
					);
				}
			}
			return;
		}
		default:
			return;
	}
}

/**
 * What the tool's declared inputSchema forbids in `input`, as one message; undefined when the
 * schema allows it. The same schemas VS Code and MCP clients are given (additionalProperties,
 * types, enums, lengths, ranges, required fields); no input at all counts as `{}`.
 */
export function inputProblem(tool: AgentToolDefinition, input: unknown): string | undefined {
	if (input === undefined || input === null) input = {};
	if (typeof input !== 'object' || Array.isArray(input)) return `The input of ${tool.name} must be a JSON object.`;
	const problems: string[] = [];
	schemaProblems(tool.inputSchema as SchemaNode, input, '', problems, tool.name);
	return problems.length ? problems.join(' ') : undefined;
}

/** The input as an object, once its schema allows it (a model may send `null` or nothing for "no input"). */
export function fieldsOf(tool: AgentToolDefinition, input: unknown): Fields {
	const problem = inputProblem(tool, input);
	if (problem) throw invalidInput(problem, { code: 'invalid_arguments' });
	return (input ?? {}) as Fields;
}

export function schemaOf(
	tool: AgentToolDefinition,
	field: string,
): { maxLength?: number; minimum?: number; maximum?: number; enum?: string[] } {
	return tool.inputSchema.properties[field] as {
		maxLength?: number;
		minimum?: number;
		maximum?: number;
		enum?: string[];
	};
}

/** A non-empty string within the schema's maxLength, or undefined when absent. */
export function stringField(tool: AgentToolDefinition, fields: Fields, field: string): string | undefined {
	const value = fields[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw invalid(`${field} must be a string, not ${typeof value}.`);
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	const max = schemaOf(tool, field).maxLength;
	if (max !== undefined && trimmed.length > max) {
		throw invalid(
			`${field} is ${trimmed.length.toLocaleString('en-US')} characters long; at most ${max.toLocaleString('en-US')} are accepted.`,
		);
	}
	return trimmed;
}

export function integerField(tool: AgentToolDefinition, fields: Fields, field: string): number | undefined {
	const value = fields[field];
	if (value === undefined || value === null) return undefined;
	const { minimum = 1, maximum = Number.MAX_SAFE_INTEGER } = schemaOf(tool, field);
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
		throw invalid(`${field} must be a whole number from ${minimum} to ${maximum}.`);
	}
	return value;
}

export function booleanField(fields: Fields, field: string): boolean | undefined {
	const value = fields[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw invalid(`${field} must be true or false.`);
	return value;
}

/** At most one of the fields; their names for the message. */
export function oneOf(
	fields: Record<string, string | undefined>,
	required: boolean,
	tool: AgentToolDefinition,
): [string, string] | undefined {
	const given = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
	const names = Object.keys(fields);
	if (given.length > 1) throw invalid(`${tool.name} takes one of ${names.join(', ')}, not ${given.map(([key]) => key).join(' and ')}.`);
	if (required && given.length === 0) throw invalid(`${tool.name} needs one of ${names.join(', ')}.`);
	return given[0];
}

/** An absolute http(s) URL, or a readable refusal naming the field. */
export function httpUrlField(field: string, text: string): URL {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw invalid(`${field} must be an absolute URL such as https://image.adobe.io/…; "${text.slice(0, 100)}" is not one.`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`${field} must be an https URL, not ${url.protocol}//.`);
	if (url.username || url.password) throw invalid(`${field} must not contain a user name or password.`);
	return url;
}
