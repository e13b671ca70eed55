// @ts-check
/**
 * Contract mode for Adobe's operations: request bodies judged by the vendored specs, unchanged in
 *   test/contract/photoshop-v2/photoshopv2-api.json (AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json)
 *   test/contract/firefly/firefly-api.json          (AdobeDocs/ffs-firefly-api static/firefly-api.json)
 * with Ajv, as test/emulator/contract.js does for Cloud Storage. Other lanes validate the bodies they build
 * with the same function (validateOperationBody), so the emulator and the client read one copy of the specs.
 *
 * One reading of the specs is ours: every `oneOf` is checked as `anyOf`. The Photoshop outputs are
 * `oneOf: [JpegOutput, JsonOutput, PngOutput, PsdOutput, PsdcOutput, TiffOutput]`, each `allOf` the same
 * PhotoshopOutput whose `discriminator` (mediaType) has no mapping, so a PNG output matches all six and a
 * strict `oneOf` would refuse every request Adobe's own examples make. Read as `anyOf`, a body must still
 * match one documented shape.
 */
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

/** @param {string} relative */
function specFile(relative) {
	return (
		[path.join(__dirname, '..', relative), path.join(__dirname, '../../../test', relative)].find((file) => fs.existsSync(file)) ?? relative
	);
}

const SPECS = {
	photoshopV2: { file: 'contract/photoshop-v2/photoshopv2-api.json', id: 'photoshop-v2.openapi' },
	firefly: { file: 'contract/firefly/firefly-api.json', id: 'firefly.openapi' },
};

/** @typedef {'photoshopV2' | 'firefly'} SpecName */

/** @type {{ ajv: import('ajv').default, specs: Record<SpecName, any>, validators: Map<string, import('ajv').ValidateFunction> } | undefined} */
let shared;

function load() {
	if (shared) return shared;
	const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: false });
	addFormats(ajv);
	// Firefly's `uuid4` format (PublicBinaryInputV3.uploadId): a UUID.
	ajv.addFormat('uuid4', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
	/** @type {Record<string, any>} */
	const specs = {};
	for (const [name, { file, id }] of Object.entries(SPECS)) {
		specs[name] = JSON.parse(fs.readFileSync(specFile(file), 'utf8'));
		ajv.addSchema(anyOfForOneOf(structuredClone(specs[name])), id);
	}
	shared = { ajv, specs: /** @type {Record<SpecName, any>} */ (specs), validators: new Map() };
	return shared;
}

/** The spec as Ajv reads it: `oneOf` as `anyOf` (see the header), OpenAPI 3.0 keywords in JSON Schema's terms. @param {any} node @returns {any} */
function anyOfForOneOf(node) {
	if (Array.isArray(node)) return node.map(anyOfForOneOf);
	if (!node || typeof node !== 'object') return node;
	/** @type {Record<string, any>} */
	const out = {};
	for (const [key, value] of Object.entries(node)) {
		if (key === 'discriminator') continue;
		out[key === 'oneOf' ? 'anyOf' : key] = anyOfForOneOf(value);
	}
	// OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum and `nullable`, in JSON Schema's terms.
	for (const [exclusive, bound] of /** @type {const} */ ([
		['exclusiveMinimum', 'minimum'],
		['exclusiveMaximum', 'maximum'],
	])) {
		if (typeof out[exclusive] !== 'boolean') continue;
		if (out[exclusive] && typeof out[bound] === 'number') {
			out[exclusive] = out[bound];
			delete out[bound];
		} else delete out[exclusive];
	}
	if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
	return out;
}

/**
 * The spec's operation at `method` `pathname`: its operationId and the JSON schema pointer of its request body.
 * @param {SpecName} spec @param {string} method @param {string} pathname
 */
function operationAt(spec, method, pathname) {
	const { specs } = load();
	const item = specs[spec].paths[pathname];
	const operation = item?.[method.toLowerCase()];
	if (!operation) return undefined;
	const content = operation.requestBody?.content ?? {};
	const ref = content['application/json']?.schema?.$ref;
	return { operationId: /** @type {string} */ (operation.operationId), bodyRef: typeof ref === 'string' ? ref : undefined, content };
}

/**
 * Validates a JSON request body against the operation's schema.
 * @param {SpecName} spec @param {string} method @param {string} pathname the spec's path (e.g. /v2/edit)
 * @param {unknown} body
 * @returns {{ operationId?: string, problems: string[] }} problems as `instancePath message` lines, none when valid
 */
function validateOperationBody(spec, method, pathname, body) {
	const op = operationAt(spec, method, pathname);
	if (!op?.bodyRef) return { operationId: op?.operationId, problems: op ? [] : [`${method} ${pathname} is not an operation of the spec`] };
	const { ajv, validators } = load();
	const key = `${SPECS[spec].id}${op.bodyRef}`;
	let validate = validators.get(key);
	if (!validate) {
		validate = ajv.compile({ $ref: key });
		validators.set(key, validate);
	}
	if (validate(body)) return { operationId: op.operationId, problems: [] };
	const problems = [...new Set((validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`))];
	return { operationId: op.operationId, problems: problems.slice(0, 20) };
}

/** The parsed specs (read once). @param {SpecName} spec */
function operationSpec(spec) {
	return load().specs[spec];
}

module.exports = { validateOperationBody, operationAt, operationSpec };
