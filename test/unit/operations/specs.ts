/**
 * Adobe's Photoshop v2 and Firefly specs (vendored unchanged in test/contract/photoshop-v2/ and test/contract/firefly/)
 * as validators of request bodies, by operationId.
 *
 * Two adjustments, both stricter or equal to the spec, never looser:
 * - `oneOf` with a `discriminator` but no `mapping` (PhotoshopOutput's mediaType) has members that differ only in
 *   the discriminator's value, which each member leaves open; plain JSON Schema would see every member match and
 *   fail the oneOf. It becomes `anyOf`, and undeclaredProperties() below checks the rest.
 * - Draft-4 boolean `exclusiveMinimum` / `exclusiveMaximum` (false in the spec: "not exclusive") are dropped.
 * undeclaredProperties() then refuses any property no reachable schema declares (the spec has no
 * additionalProperties: false, so Ajv alone would let a misspelt field through).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

const CONTRACT = path.join(__dirname, '..', '..', 'contract');
const SOURCES = {
	photoshopV2: path.join(CONTRACT, 'photoshop-v2', 'photoshopv2-api.json'),
	firefly: path.join(CONTRACT, 'firefly', 'firefly-api.json'),
};
/** Compiled from out/test/unit/operations too: then the specs are in the repository's test/. */
function specFile(file: string): string {
	if (fs.existsSync(file)) return file;
	return file.replace(`${path.sep}out${path.sep}test${path.sep}`, `${path.sep}test${path.sep}`);
}

/**
 * The schemas whose members a discriminator without mapping tells apart: PhotoshopOutput, LightroomOutput and
 * ManifestOutput carry `discriminator: { propertyName: mediaType }`, and JpegOutput, PngOutput, … are each
 * `allOf: [PhotoshopOutput, …]`, so an `outputs.items.oneOf` of them can only be told apart by the mediaType.
 */
function discriminatedMembers(spec: Json): Set<string> {
	const schemas = (spec.components as Json).schemas as Record<string, Json>;
	const bases = new Set(
		Object.entries(schemas)
			.filter(([, s]) => (s.discriminator as Json | undefined) && !(s.discriminator as Json).mapping)
			.map(([n]) => `#/components/schemas/${n}`),
	);
	const members = new Set<string>();
	for (const [name, schema] of Object.entries(schemas)) {
		if (((schema.allOf as Json[] | undefined) ?? []).some((s) => bases.has(s.$ref as string))) members.add(`#/components/schemas/${name}`);
	}
	return members;
}

function adjust(node: unknown, members: Set<string>): unknown {
	if (Array.isArray(node)) return node.map((n) => adjust(n, members));
	if (!node || typeof node !== 'object') return node;
	const out: Json = {};
	for (const [key, value] of Object.entries(node as Json)) {
		if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') continue;
		out[key] = adjust(value, members);
	}
	const discriminator = out.discriminator as Json | undefined;
	const ambiguous =
		Array.isArray(out.oneOf) && (out.oneOf as Json[]).length > 1 && (out.oneOf as Json[]).every((m) => members.has(m.$ref as string));
	if ((discriminator && Array.isArray(out.oneOf) && !discriminator.mapping) || ambiguous) {
		out.anyOf = out.oneOf;
		delete out.oneOf;
	}
	if (discriminator) delete out.discriminator;
	// format uuid4 (Firefly's uploadId) is not a JSON Schema format: a uuid.
	if (out.format === 'uuid4') out.format = 'uuid';
	return out;
}

export class SpecContract {
	readonly spec: Json;
	private readonly ajv: Ajv;
	private readonly validators = new Map<string, ValidateFunction>();

	constructor(readonly api: keyof typeof SOURCES) {
		this.spec = JSON.parse(fs.readFileSync(specFile(SOURCES[api]), 'utf8')) as Json;
		this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
		addFormats(this.ajv);
		this.ajv.addSchema(adjust(structuredClone(this.spec), discriminatedMembers(this.spec)) as Json, api);
	}

	/** The operation's path, method and request schema pointer. */
	operation(operationId: string): { path: string; method: string; schemaRef: string; operation: Json } {
		for (const [p, item] of Object.entries(this.spec.paths as Record<string, Record<string, Json>>)) {
			for (const [method, operation] of Object.entries(item)) {
				if (operation.operationId !== operationId) continue;
				const content = (operation.requestBody as Json | undefined)?.content as Record<string, { schema: { $ref: string } }> | undefined;
				const schemaRef = content?.['application/json']?.schema.$ref ?? '';
				return { path: p, method, schemaRef, operation };
			}
		}
		throw new Error(`${this.api} has no operation ${operationId}`);
	}

	/** Problems with `body` as the request of `operationId` (empty when it is valid). */
	check(operationId: string, body: unknown): string[] {
		const { schemaRef } = this.operation(operationId);
		let validate = this.validators.get(schemaRef);
		if (!validate) {
			validate = this.ajv.compile({ $ref: `${this.api}${schemaRef}` });
			this.validators.set(schemaRef, validate);
		}
		const problems = validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
		return [...problems, ...this.undeclaredProperties(body, { $ref: schemaRef }, '')];
	}

	private resolve(ref: string): Json {
		let node: unknown = this.spec;
		for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Json)[part];
		return node as Json;
	}

	/** Every property name any branch of `schema` declares for an object, and the schemas of each. */
	private declared(schema: Json, seen = new Set<Json>()): Map<string, Json[]> {
		const out = new Map<string, Json[]>();
		if (seen.has(schema)) return out;
		seen.add(schema);
		const node = schema.$ref ? this.resolve(schema.$ref as string) : schema;
		for (const [key, sub] of Object.entries((node.properties as Record<string, Json>) ?? {})) out.set(key, [...(out.get(key) ?? []), sub]);
		for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
			for (const sub of (node[keyword] as Json[] | undefined) ?? []) {
				for (const [key, subs] of this.declared(sub, seen)) out.set(key, [...(out.get(key) ?? []), ...subs]);
			}
		}
		return out;
	}

	private itemsOf(schemas: Json[]): Json[] {
		const items: Json[] = [];
		for (const schema of schemas) {
			const node = schema.$ref ? this.resolve(schema.$ref as string) : schema;
			if (node.items) items.push(node.items as Json);
			for (const keyword of ['allOf', 'anyOf', 'oneOf']) items.push(...this.itemsOf((node[keyword] as Json[] | undefined) ?? []));
		}
		return items;
	}

	private undeclaredProperties(value: unknown, schema: Json, at: string, schemas: Json[] = [schema]): string[] {
		if (Array.isArray(value)) {
			const items = this.itemsOf(schemas);
			return value.flatMap((entry, i) => this.undeclaredProperties(entry, schema, `${at}/${i}`, items));
		}
		if (!value || typeof value !== 'object') return [];
		const declared = new Map<string, Json[]>();
		for (const s of schemas) for (const [key, subs] of this.declared(s)) declared.set(key, [...(declared.get(key) ?? []), ...subs]);
		const problems: string[] = [];
		for (const [key, child] of Object.entries(value as Json)) {
			const subs = declared.get(key);
			if (!subs) problems.push(`${at}/${key} is not declared by the spec`);
			else problems.push(...this.undeclaredProperties(child, schema, `${at}/${key}`, subs));
		}
		return problems;
	}
}

let shared: Partial<Record<keyof typeof SOURCES, SpecContract>> = {};
export function contractOf(api: keyof typeof SOURCES): SpecContract {
	return (shared[api] ??= new SpecContract(api));
}
export function resetContracts(): void {
	shared = {};
}
