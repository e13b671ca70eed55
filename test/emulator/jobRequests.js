// @ts-check
/**
 * What Adobe's specs say a job submission must carry, for the emulator's submit routes (asyncJobs.js):
 *   Firefly   POST /v3/images/generate-async (AdobeDocs/ffs-firefly-api static/firefly-api.json, generateImagesV3Async):
 *             the body is application/json (GenerateImagesRequestV3) or multipart/form-data
 *             (Body_generateImagesV3Async: a `request` part holding GenerateImagesRequestV3 as JSON and `files`,
 *             both required). Refusals: 415 invalid_content_type, 400 empty_input_body / bad_request, 422
 *             validation_error with `validation_errors[] { loc, msg, type, ctx? }` (the spec's examples:
 *             contentClass "value is not a valid enumeration member; permitted: 'photo', 'art'", seeds
 *             "ensure this value has at most 1 items").
 *   Photoshop POST /v2/create-composite (AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json, createComposite):
 *             CreateCompositeRequest needs `image` (ImageSource { source } or ImageParameters { width, height },
 *             integers 1–32000: a new blank document) and `outputs` (1–25, each with `destination` and
 *             `mediaType` from PhotoshopOutput's enum). Refusal: ErrorResponse { error_code: 'validation_error',
 *             message: 'Validation failed', errors[] { error_code, message } }; 400 ("Invalid request payload")
 *             as the emulator answered before.
 * Each check returns the parsed request, or the refusal to answer.
 */

/** @typedef {{ status: number, body: Record<string, unknown> }} Refusal */

/** ContentClassV3. */
const CONTENT_CLASSES = ['photo', 'art'];

/** PhotoshopOutput.mediaType. */
const PHOTOSHOP_V2_MEDIA_TYPES = [
	'image/jpeg',
	'image/png',
	'image/tiff',
	'image/vnd.adobe.photoshop',
	'document/vnd.adobe.cpsd+dcxucf',
	'document/vnd.adobe.cpsd+dcx',
	'application/json',
];

/**
 * A generate-async body, JSON or multipart, checked by GenerateImagesRequestV3's rules.
 * @param {string} contentType @param {string} raw
 * @returns {{ request: Record<string, any>, variations: number } | Refusal}
 */
function readGenerateAsync(contentType, raw) {
	const invalid = (/** @type {Array<Record<string, unknown>>} */ errors) => ({
		status: 422,
		body: { error_code: 'validation_error', message: 'Validation failed', validation_errors: errors },
	});
	/** @type {Record<string, any> | undefined} */
	let request;
	if (/^application\/json\b/i.test(contentType)) {
		if (!raw.trim()) return { status: 400, body: { error_code: 'empty_input_body', message: 'The request body is empty' } };
		request = parseObject(raw);
		if (!request) return { status: 400, body: { error_code: 'bad_request', message: 'The request body is not a JSON object' } };
	} else if (/^multipart\/form-data\b/i.test(contentType)) {
		const boundary = /;\s*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
		const parts = boundary ? multipartParts(raw, boundary) : undefined;
		if (!parts) return { status: 400, body: { error_code: 'bad_request', message: 'The multipart body could not be read' } };
		const missing = ['request', 'files'].filter((name) => !parts.some((p) => p.name === name));
		if (missing.length)
			return invalid(missing.map((name) => ({ loc: ['body', name], msg: 'field required', type: 'value_error.missing' })));
		request = parseObject(/** @type {{ value: string }} */ (parts.find((p) => p.name === 'request')).value);
		if (!request)
			return invalid([{ loc: ['body', 'request'], msg: 'the request part must be a JSON object', type: 'value_error.jsondecode' }]);
	} else {
		return { status: 415, body: { error_code: 'invalid_content_type', message: 'Unsupported media type' } };
	}

	const prompt = request.prompt;
	if (typeof prompt !== 'string' || prompt.length < 1 || prompt.length > 1024) {
		return invalid([{ loc: ['body', 'prompt'], msg: 'prompt is required and must be 1 to 1024 characters', type: 'value_error' }]);
	}
	if (request.contentClass !== undefined && !CONTENT_CLASSES.includes(request.contentClass)) {
		return invalid([
			{
				ctx: { enum_values: CONTENT_CLASSES },
				loc: ['body', 'contentClass'],
				msg: "value is not a valid enumeration member; permitted: 'photo', 'art'",
				type: 'type_error.enum',
			},
		]);
	}
	// numVariations: an integer 1–4; "defaults to the number of seed images, or to 1 if you do not specify `seeds`".
	const numVariations = request.numVariations;
	if (numVariations !== undefined && (!Number.isInteger(numVariations) || numVariations < 1 || numVariations > 4)) {
		return invalid([{ loc: ['body', 'numVariations'], msg: 'numVariations must be an integer from 1 to 4', type: 'value_error' }]);
	}
	// seeds: 1–4 unique integers; "If specified along with numVariations, the number of seeds provided must equal numVariations".
	const seeds = request.seeds;
	if (seeds !== undefined) {
		if (!Array.isArray(seeds) || !seeds.every((seed) => Number.isInteger(seed)))
			return invalid([{ loc: ['body', 'seeds'], msg: 'value is not a valid list of integers', type: 'type_error.list' }]);
		if (seeds.length < 1)
			return invalid([{ loc: ['body', 'seeds'], msg: 'ensure this value has at least 1 items', type: 'value_error.list.min_items' }]);
		if (seeds.length > 4)
			return invalid([{ loc: ['body', 'seeds'], msg: 'ensure this value has at most 4 items', type: 'value_error.list.max_items' }]);
		if (new Set(seeds).size !== seeds.length)
			return invalid([{ loc: ['body', 'seeds'], msg: 'the list has duplicated items', type: 'value_error.list.unique_items' }]);
		if (numVariations !== undefined && seeds.length !== numVariations) {
			return invalid([
				{
					loc: ['body', 'seeds'],
					msg: `the number of seeds (${seeds.length}) must equal numVariations (${numVariations})`,
					type: 'value_error',
				},
			]);
		}
	}
	return { request, variations: numVariations ?? seeds?.length ?? 1 };
}

/**
 * A create-composite body checked by CreateCompositeRequest's rules.
 * @param {string} raw
 * @returns {{ request: Record<string, any> } | Refusal}
 */
function readCreateComposite(raw) {
	const refuse = (/** @type {string[]} */ problems) => ({
		status: 400,
		body: {
			error_code: 'validation_error',
			message: 'Validation failed',
			errors: problems.map((message) => ({ error_code: 'validation_error', message })),
		},
	});
	const request = parseObject(raw);
	if (!request) return refuse(['The request payload is not a JSON object']);
	/** @type {string[]} */
	const problems = [];
	const image = request.image;
	if (typeof image !== 'object' || image === null || Array.isArray(image))
		problems.push('image is required: image.source, or image.width and image.height for a new document');
	else if (image.source === undefined) {
		// ImageParameters: a new document of width × height pixels.
		for (const side of ['width', 'height']) {
			const value = image[side];
			if (!Number.isInteger(value) || value < 1 || value > 32000)
				problems.push(`image.${side} must be an integer from 1 to 32000 when image has no source`);
		}
	} else if (typeof image.source !== 'object' || image.source === null)
		problems.push('image.source must be an object (url, creativeCloudPath, creativeCloudFileId or lightroomPath)');
	const outputs = request.outputs;
	if (!Array.isArray(outputs) || outputs.length < 1 || outputs.length > 25) problems.push('outputs is required: 1 to 25 outputs');
	else {
		outputs.forEach((output, i) => {
			if (typeof output !== 'object' || output === null) return void problems.push(`outputs[${i}] must be an object`);
			if (typeof output.destination !== 'object' || output.destination === null) problems.push(`outputs[${i}].destination is required`);
			if (output.mediaType === undefined) problems.push(`outputs[${i}].mediaType is required`);
			else if (!PHOTOSHOP_V2_MEDIA_TYPES.includes(output.mediaType))
				problems.push(`outputs[${i}].mediaType must be one of ${PHOTOSHOP_V2_MEDIA_TYPES.join(', ')}`);
			for (const side of ['width', 'height']) {
				if (output[side] !== undefined && (!Number.isInteger(output[side]) || output[side] < 0))
					problems.push(`outputs[${i}].${side} must be an integer of 0 or more`);
			}
		});
	}
	return problems.length ? refuse(problems) : { request };
}

/**
 * The named parts of a multipart/form-data body, or undefined when it has no closing boundary.
 * Linear: one split on the boundary, one header scan per part.
 * @param {string} raw @param {string} boundary
 * @returns {Array<{ name: string, value: string }> | undefined}
 */
function multipartParts(raw, boundary) {
	const chunks = raw.split(`--${boundary}`);
	if (chunks.length < 3 || !chunks[chunks.length - 1].startsWith('--')) return undefined;
	/** @type {Array<{ name: string, value: string }>} */
	const parts = [];
	for (const chunk of chunks.slice(1, -1)) {
		const split = chunk.indexOf('\r\n\r\n');
		if (split < 0) return undefined;
		const headers = chunk.slice(0, split);
		const disposition = headers.split('\r\n').find((line) => /^content-disposition:/i.test(line)) ?? '';
		const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
		if (name !== undefined) parts.push({ name, value: chunk.slice(split + 4).replace(/\r\n$/, '') });
	}
	return parts;
}

/** @param {string} raw @returns {Record<string, any> | undefined} */
function parseObject(raw) {
	try {
		const value = JSON.parse(raw);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

module.exports = { readGenerateAsync, readCreateComposite, parseObject, CONTENT_CLASSES, PHOTOSHOP_V2_MEDIA_TYPES };
