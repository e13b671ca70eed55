// @ts-check
/**
 * Contract mode: Adobe's Cloud Storage OpenAPI spec, vendored unchanged in
 * test/contract/cloud-storage/openapi.yml, judges every Cloud Storage request our clients send and
 * every response the emulator returns, so neither can drift from what Adobe documents.
 *
 * Schemas are checked by Ajv. What the spec says only in prose is read from that prose, not copied
 * here: the FIQL fields, operators and values of each `filter` parameter ("Following fields are
 * supported for filtering"), the fields of each `sortBy`, and "Only applicable for the first page"
 * (such a parameter may not travel with a `cursor`).
 */
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

const SPEC_RELATIVE = 'contract/cloud-storage/openapi.yml';
/** Beside this file in test/, or in the repository's test/ when running compiled from out/test/. */
const SPEC_FILE =
	[path.join(__dirname, '..', SPEC_RELATIVE), path.join(__dirname, '../../../test', SPEC_RELATIVE)].find((file) => fs.existsSync(file)) ??
	SPEC_RELATIVE;
const SPEC_ID = 'cloud-storage.openapi';
/** The spec's `servers` URL ends in /v1; the emulator serves it under the same prefix. */
const BASE_PATH = '/v1';

/**
 * @typedef {{ name: string, in: string, required?: boolean, description?: string, schema?: any }} Parameter
 * @typedef {{ parameter: Parameter, pointer: string }} ParameterAt
 * @typedef {{ method: string, template: string, pattern: RegExp, operation: any, parameters: ParameterAt[], pointer: string }} Operation
 * @typedef {{ kind: 'request' | 'response', method: string, path: string, status?: number, message: string }} Violation
 * @typedef {{ field: string, operators: string[], values?: string[], multiple: boolean }} FilterField
 */

/** @type {CloudStorageContract | undefined} */
let shared;

/** The contract, parsed and compiled once per process (the spec is 200 kB). */
function cloudStorageContract() {
	shared ??= new CloudStorageContract(/** @type {any} */ (yaml.load(fs.readFileSync(SPEC_FILE, 'utf8'))));
	return shared;
}

class CloudStorageContract {
	/** @param {any} spec */
	constructor(spec) {
		this.spec = spec;
		this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
		addFormats(this.ajv);
		this.ajv.addSchema(withDiscriminators(structuredClone(spec)), SPEC_ID);
		/** @type {Map<string, import('ajv').ValidateFunction>} */
		this.validators = new Map();
		/** @type {Operation[]} */
		this.operations = [];
		for (const [template, item] of Object.entries(spec.paths)) {
			const itemPointer = `#/paths/${escapePointer(template)}`;
			for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
				const operation = item[method];
				if (!operation) continue;
				const pointer = `${itemPointer}/${method}`;
				const parameters = [
					...(item.parameters ?? []).map((/** @type {any} */ p, /** @type {number} */ i) =>
						this.parameterAt(p, `${itemPointer}/parameters/${i}`),
					),
					...(operation.parameters ?? []).map((/** @type {any} */ p, /** @type {number} */ i) =>
						this.parameterAt(p, `${pointer}/parameters/${i}`),
					),
				];
				// Literal segments outrank {params}: /files/upload/init is not /files/{assetId}/…
				const pattern = new RegExp(`^${BASE_PATH}${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
				this.operations.push({ method: method.toUpperCase(), template, pattern, operation, parameters, pointer });
			}
		}
		const params = (/** @type {Operation} */ o) => o.template.split('{').length;
		this.operations.sort((a, b) => params(a) - params(b));
	}

	/** @param {any} parameter @param {string} pointer @returns {ParameterAt} */
	parameterAt(parameter, pointer) {
		return parameter.$ref ? { parameter: this.resolve(parameter.$ref), pointer: parameter.$ref } : { parameter, pointer };
	}

	/** @param {string} ref a local JSON pointer such as `#/components/responses/x` @returns {any} */
	resolve(ref) {
		let node = this.spec;
		for (const part of ref.replace(/^#\//, '').split('/')) node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
		if (node === undefined) throw new Error(`the spec has no ${ref}`);
		return node.$ref ? this.resolve(node.$ref) : node;
	}

	/** @param {string} pointer */
	validator(pointer) {
		let validate = this.validators.get(pointer);
		if (!validate) {
			validate = this.ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
			this.validators.set(pointer, validate);
		}
		return validate;
	}

	/** The documented operation for a request, if any. @param {string} method @param {string} pathname */
	operation(method, pathname) {
		return this.operations.find((o) => o.method === method && o.pattern.test(pathname));
	}

	/** Whether the spec documents `status` for the operation. @param {Operation} op @param {number} status */
	documents(op, status) {
		return Object.hasOwn(op.operation.responses ?? {}, String(status));
	}

	/**
	 * Checks a request against the spec. Returns the problems and, when Adobe would refuse it, the
	 * status and body Adobe documents for that (422 validation_error where the operation lists 422,
	 * else 400 bad_request). Authorization, when sent, must be the spec's bearer scheme; a request
	 * without it is not refused here but answered 401 by the route, as every operation documents
	 * (Check Setup probes reachability that way).
	 * @param {{ method: string, url: URL, headers: Record<string, string | string[] | undefined> }} req
	 * @returns {{ problems: string[], refusal?: { status: number, body: { error_code: string, message: string } } }}
	 */
	checkRequest(req) {
		const op = this.operation(req.method, req.url.pathname);
		if (!op) return { problems: [`${req.method} ${req.url.pathname} is not an operation of the spec`] };
		/** @type {string[]} */
		const problems = [];
		// The spec's global security: an HTTP bearer token (components/securitySchemes/Authorization).
		if (req.headers.authorization !== undefined && !/^Bearer \S+$/.test(String(req.headers.authorization)))
			problems.push('the Authorization header is not "Bearer <token>"');
		/** @type {string[]} */
		const invalid = [];
		const declared = op.parameters.filter((p) => p.parameter.in === 'query');
		for (const name of new Set(req.url.searchParams.keys())) {
			const values = req.url.searchParams.getAll(name);
			const at = declared.find((p) => p.parameter.name === name);
			if (!at) invalid.push(`query parameter ${name} is not declared for ${op.operation.operationId}`);
			else if (values.length > 1) invalid.push(`query parameter ${name} is given ${values.length} times`);
			else invalid.push(...this.checkValue(at, values[0], `query parameter: ${name}`));
			if (at && req.url.searchParams.has('cursor') && /Only applicable for the first page/.test(at.parameter.description ?? '')) {
				invalid.push(`Following query parameters: [cursor and ${name}] are not allowed together`);
			}
		}
		for (const at of op.parameters) {
			const { name } = at.parameter;
			if (at.parameter.in === 'query' && at.parameter.required && !req.url.searchParams.has(name))
				invalid.push(`query parameter ${name} is required`);
			if (at.parameter.in === 'header' && req.headers[name.toLowerCase()] !== undefined)
				invalid.push(...this.checkValue(at, String(req.headers[name.toLowerCase()]), `header ${name}`));
			if (at.parameter.in === 'path') {
				const index = [...op.template.matchAll(/\{([^}]+)\}/g)].findIndex((m) => m[1] === name);
				const raw = op.pattern.exec(req.url.pathname)?.[index + 1] ?? '';
				invalid.push(...this.checkValue(at, decodeURIComponent(raw), `path parameter ${name}`));
			}
		}
		problems.push(...invalid);
		if (invalid.length === 0) return { problems };
		const status = this.documents(op, 422) ? 422 : 400;
		const message = invalid.length === 1 ? invalid[0] : `Multiple issues with request: ${invalid.join('; ')}`;
		return { problems, refusal: { status, body: { error_code: status === 422 ? 'validation_error' : 'bad_request', message } } };
	}

	/**
	 * Checks a request's body against the operation's requestBody: present when required (else 400
	 * missingRequestBody), of a documented media type (else 415 invalidContentType), JSON (else 400
	 * invalidRequestBody), and valid by the schema (else 422 validation_error, worded as the spec's
	 * examples: missingRequiredField, invalidNameType, invalidNameValue, invalidUploadIdType, …).
	 * Returns the problems, Adobe's refusal if any, and the parsed body.
	 * @param {string} method @param {string} pathname @param {string} contentType @param {string} raw
	 * @returns {{ problems: string[], refusal?: { status: number, body: { error_code: string, message: string } }, body?: any }}
	 */
	checkRequestBody(method, pathname, contentType, raw) {
		const op = this.operation(method, pathname);
		const requestBody = op?.operation.requestBody;
		if (!op || !requestBody) return { problems: [] };
		const rb = requestBody.$ref ? this.resolve(requestBody.$ref) : requestBody;
		const rbPointer = requestBody.$ref ?? `${op.pointer}/requestBody`;
		const id = op.operation.operationId;
		const refuse = (
			/** @type {number} */ status,
			/** @type {string} */ error_code,
			/** @type {string} */ message,
			/** @type {string} */ problem,
		) => ({
			problems: [`${id}: ${problem}`],
			refusal: { status, body: { error_code, message } },
		});
		if (!raw.trim()) {
			return rb.required
				? refuse(400, 'bad_request', 'The request is missing the required body', 'the request has no body')
				: { problems: [] };
		}
		const mediaType = contentType.split(';')[0].trim().toLowerCase();
		if (!Object.hasOwn(rb.content ?? {}, mediaType))
			return refuse(
				415,
				'invalid_content_type',
				'The request content type is not supported.',
				`the body is ${mediaType || 'without a content type'}; documented: ${Object.keys(rb.content ?? {}).join(', ')}`,
			);
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			return refuse(400, 'bad_request', 'The provided request body is not a valid JSON', 'the body is not JSON');
		}
		const validate = this.validator(`${rbPointer}/content/${escapePointer(mediaType)}/schema`);
		if (validate(body)) return { problems: [], body };
		const problem = `the body does not match the spec: ${this.ajv.errorsText(validate.errors)}`;
		return { ...refuse(422, 'validation_error', bodyErrorMessage(validate.errors ?? []), problem), body };
	}

	/** @param {ParameterAt} at @param {string} raw @param {string} label @returns {string[]} */
	checkValue(at, raw, label) {
		const { parameter } = at;
		const schema = parameter.schema?.$ref ? this.resolve(parameter.schema.$ref) : parameter.schema;
		const value = coerce(raw, schema?.type);
		// Numbers get the wording of the spec's examples invalidLimitType and invalidLimitRange.
		if (schema?.type === 'integer' && !Number.isInteger(value))
			return [`Provided value: (${raw}) for ${label} is of invalid type. Allowed Type is Integer`];
		if (typeof value === 'number' && (value < (schema.minimum ?? -Infinity) || value > (schema.maximum ?? Infinity))) {
			return [`Provided value: (${raw}) for ${label} is out of the allowed range. Allowed Range is ${schema.minimum}-${schema.maximum}`];
		}
		const validate = this.validator(`${at.pointer}/schema`);
		if (!validate(value)) return [`Provided value: (${raw}) for ${label} is invalid: ${this.ajv.errorsText(validate.errors)}`];
		if (parameter.name === 'filter' && parameter.in === 'query') return checkFilter(raw, filterFields(parameter.description ?? ''));
		if (parameter.name === 'sortBy' && parameter.in === 'query') return checkSort(raw, sortFields(parameter.description ?? ''));
		return [];
	}

	/**
	 * Checks a response against the operation it answers: the status must be documented, a JSON
	 * body must match the documented schema, other bodies the documented media type.
	 * Headers the response documents as required (location on 201, retry-after on 202 and on job status) must be sent.
	 * @param {string} method @param {string} pathname @param {number} status @param {string} contentType @param {unknown} [body]
	 * @param {Record<string, unknown>} [headers] the headers sent, by lower-case name
	 * @returns {string[]}
	 */
	checkResponse(method, pathname, status, contentType, body, headers) {
		const op = this.operation(method, pathname);
		if (!op) return [];
		if (!this.documents(op, status))
			return [
				`${status} is not a documented answer of ${op.operation.operationId} (documented: ${Object.keys(op.operation.responses).join(', ')})`,
			];
		const response = op.operation.responses[String(status)];
		const responsePointer = response.$ref ?? `${op.pointer}/responses/${status}`;
		const resolved = response.$ref ? this.resolve(response.$ref) : response;
		const missing = headers
			? Object.entries(resolved.headers ?? {})
					.filter(
						([name, header]) => (header.$ref ? this.resolve(header.$ref) : header).required && headers[name.toLowerCase()] === undefined,
					)
					.map(([name]) => name)
			: [];
		if (missing.length) return [`${op.operation.operationId} ${status} lacks the required header(s) ${missing.join(', ')}`];
		const content = resolved.content;
		if (!content) return [];
		const mediaType = contentType.split(';')[0].trim().toLowerCase();
		const documented = Object.keys(content).find(
			(type) => type === mediaType || (type.endsWith('/*') && mediaType.startsWith(type.slice(0, -1))),
		);
		if (!documented)
			return [
				`${op.operation.operationId} ${status} answered ${mediaType || 'without a content type'}; documented: ${Object.keys(content).join(', ')}`,
			];
		if (documented !== 'application/json' || !content[documented].schema) return [];
		const validate = this.validator(`${responsePointer}/content/${escapePointer(documented)}/schema`);
		return validate(body)
			? []
			: [`${op.operation.operationId} ${status} body does not match the spec: ${this.ajv.errorsText(validate.errors)}`];
	}
}

/**
 * OpenAPI's discriminator picks one `oneOf` branch by a property's value; plain JSON Schema would
 * demand that exactly one branch match, which the spec's overlapping job and asset schemas do not
 * give. Each discriminator with a mapping becomes "the property is a mapped value, and the mapped
 * schema holds".
 * @param {any} node
 * @returns {any}
 */
function withDiscriminators(node) {
	if (Array.isArray(node)) return node.map(withDiscriminators);
	if (!node || typeof node !== 'object') return node;
	const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withDiscriminators(v)]));
	if (!out.discriminator?.mapping || !out.oneOf) return out;
	const { discriminator, ...rest } = out;
	delete rest.oneOf;
	const property = discriminator.propertyName;
	const mapping = /** @type {Record<string, string>} */ (discriminator.mapping);
	return {
		...rest,
		required: [...new Set([...(rest.required ?? []), property])],
		properties: { ...rest.properties, [property]: { enum: Object.keys(mapping) } },
		allOf: [
			...(rest.allOf ?? []),
			...Object.entries(mapping).map(([value, ref]) => ({
				if: { properties: { [property]: { const: value } }, required: [property] },
				then: { $ref: ref },
			})),
		],
	};
}

/**
 * Adobe's wording for a body that fails its schema, after the spec's examples (components/examples):
 * missingRequiredField, invalidNameType, invalidNameValue, invalidAssetIdValue, invalidUploadIdType,
 * invalidUsedTransferLinksValue, invalidSize.
 * @param {import('ajv').ErrorObject[]} errors
 */
function bodyErrorMessage(errors) {
	const first = errors.find((e) => e.keyword === 'required') ?? errors[0];
	if (!first) return 'The request body is invalid.';
	if (first.keyword === 'required') return `The request body is missing the required field (#${first.params.missingProperty})`;
	const field = first.instancePath.split('/')[1] ?? '';
	if (field === 'name') return `The provided name has an invalid ${first.keyword === 'type' ? 'type' : 'value'}.`;
	if (field === 'parentId') return 'The provided assetId has an invalid value.';
	if (field === 'uploadId') return 'The provided uploadId has an invalid type.';
	if (field === 'usedTransferLinks') return 'The provided usedTransferLinks value is invalid.';
	if (field === 'size') return 'The requested size is invalid.';
	return `The provided ${field || 'body'} has an invalid ${first.keyword === 'type' ? 'type' : 'value'}.`;
}

/** A query value as its schema types it (everything arrives as text). @param {string} raw @param {string | undefined} type */
function coerce(raw, type) {
	if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
	if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
	return raw;
}

/**
 * The fields a filter parameter's description lists under "Following fields are supported for
 * filtering", each with its operators, its values (when the description names them) and whether
 * "Multiple values are supported".
 * @param {string} description
 * @returns {FilterField[]}
 */
function filterFields(description) {
	/** @type {FilterField[]} */
	const fields = [];
	for (const line of listAfter(description, 'Following fields are supported for filtering:')) {
		const field = /^(\s*)- `(\w+)`:.*\(operators allowed are (.+?)\)(.*)$/.exec(line);
		if (field) {
			fields.push({
				field: field[2],
				operators: [...field[3].matchAll(/`([^`]+)`/g)].map((m) => m[1]),
				multiple: /Multiple values are supported/.test(field[4]),
			});
			continue;
		}
		const value = /^\s+- `([^`]+)`/.exec(line);
		const current = fields[fields.length - 1];
		if (value && current) (current.values ??= []).push(value[1]);
	}
	return fields;
}

/** The fields a sortBy parameter's description lists. @param {string} description */
function sortFields(description) {
	return listAfter(description, 'Following fields are supported for sorting:').flatMap((line) => /^\s*- (\w+)\s*$/.exec(line)?.[1] ?? []);
}

/** The lines of a description after `heading`, up to the next `---` rule. @param {string} text @param {string} heading */
function listAfter(text, heading) {
	const start = text.indexOf(heading);
	if (start < 0) return [];
	const rest = text.slice(start + heading.length).split('\n');
	const end = rest.findIndex((line) => line.trim().startsWith('---'));
	return rest.slice(0, end < 0 ? undefined : end);
}

/**
 * A FIQL filter (constraints joined by `;`) against the fields a parameter allows. Blank means no
 * filter (the spec's "All Projects" example is a space). FIQL's "or" (`,` between constraints) is
 * refused: the spec lists each field's operators and none of them is "or".
 * @param {string} filter @param {FilterField[]} fields
 * @returns {string[]}
 */
function checkFilter(filter, fields) {
	if (!filter.trim()) return [];
	const allowed = fields
		.map((f) => `${f.field} (${f.operators.join(', ')}${f.values ? `; values ${f.values.join(', ')}` : ''})`)
		.join(', ');
	return filter.split(';').flatMap((clause) => {
		const m = /^(\w+)(==|!=|=\w+=)(.+)$/.exec(clause.trim());
		const field = m ? fields.find((f) => f.field === m[1]) : undefined;
		if (!m || !field || !field.operators.includes(m[2]))
			return [`Provided value: (${clause}) for query parameter: filter is not supported; allowed: ${allowed}`];
		// FIQL's "or" (`,`) is not among the operators the spec lists, so a comma belongs only in =in=(a,b).
		if (m[2] !== '=in=' && /[,()]/.test(m[3]))
			return [`Provided value: (${clause}) for query parameter: filter is not supported; "or" (,) is not supported, use =in=(a,b)`];
		const values = m[2] === '=in=' ? m[3].replace(/^\((.*)\)$/, '$1').split(',') : [m[3]];
		if (values.length > 1 && !field.multiple)
			return [`Provided value: (${clause}) for query parameter: filter has several values; ${field.field} takes one`];
		const unknown = values.filter((v) => field.values && !field.values.includes(v));
		return unknown.length
			? [
					`Provided value: (${unknown.join(',')}) for query parameter: filter is not a value of ${field.field}; allowed: ${field.values?.join(', ')}`,
				]
			: [];
	});
}

/** A sort order such as "-modified,+name" against the fields a parameter allows. @param {string} sortBy @param {string[]} fields */
function checkSort(sortBy, fields) {
	const bad = sortBy.split(',').filter((part) => !fields.includes(part.trim().replace(/^[+-]/, '')));
	return bad.length
		? [`Provided value: (${sortBy}) for query parameter: sortBy is not supported; allowed: ${fields.join(', ')} (prefix - for descending)`]
		: [];
}

/**
 * The filter fields and sort fields the spec documents for the project list or for children
 * listings, read from its parameter descriptions.
 * @param {'projects' | 'children'} target
 */
function listingRules(target) {
	const contract = cloudStorageContract();
	const prefix = target === 'projects' ? 'projects' : 'assets';
	return {
		filterFields: filterFields(contract.resolve(`#/components/parameters/${prefix}Filter`).description),
		sortFields: sortFields(contract.resolve(`#/components/parameters/${prefix}SortBy`).description),
	};
}

/** Violations as lines for a failure message. @param {Violation[]} violations */
function formatViolations(violations) {
	return violations.map((v) => `  ${v.kind} ${v.method} ${v.path}${v.status ? ` → ${v.status}` : ''}: ${v.message}`).join('\n');
}

/** @param {string} segment */
function escapePointer(segment) {
	return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

module.exports = { cloudStorageContract, CloudStorageContract, listingRules, checkFilter, checkSort, formatViolations, BASE_PATH };
