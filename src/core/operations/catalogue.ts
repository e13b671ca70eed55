/**
 * The catalogue of Adobe operations on a storage file (issue #20): one entry per operation, its inputs, its
 * options with the bounds Adobe's specs give them, and what it produces. Request bodies are built in
 * bodies.ts; the runner (run.ts) checks options with validateOptions before anything is sent.
 *
 * Sources (Apache-2.0, vendored unchanged in test/contract/):
 * - Photoshop API v2, AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json: createComposite, edit
 *   (LightroomEdits: autoTone, light, color, effects, sharpness), executeActions (ActionsOptions.actions),
 *   autoCrop (AutoCropMode, AutoCropAspectRatio), createArtboard, generateManifest; outputs JpegOutput
 *   (quality enum), PngOutput (compression enum), TiffOutput, PsdOutput, width/maxWidth ≥ 0.
 * - Firefly API v3, AdobeDocs/ffs-firefly-api static/firefly-api.json: generateSimilarImagesV3Async,
 *   expandImagesV3Async, fillImagesV3Async, generateObjectCompositeV3Async, preciseUpsamplerV3Async
 *   (numVariations 1–4, prompt 1–1024 characters, Size width/height 1–4096, UpsampleFactor 2|3|4|6,
 *   seeds 1–4 integers).
 * Where a spec gives no bound, ours is written next to it and says so.
 */
import { invalidInput } from '../common/errors';
import type { OperationId, OperationOption, OperationSpec } from './types';

export const MEDIA = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	tiff: 'image/tiff',
	webp: 'image/webp',
	psd: 'image/vnd.adobe.photoshop',
	dng: 'image/x-adobe-dng',
	json: 'application/json',
} as const;

/** JpegOutput.quality / LrJpegOutput.quality (photoshopv2-api.json). */
const JPEG_QUALITY = ['very_poor', 'poor', 'low', 'medium', 'high', 'maximum', 'photoshop_max'] as const;
/** PngOutput.compression / LrPngOutput.compression. */
const PNG_COMPRESSION = [
	'none',
	'very_low',
	'low',
	'medium_low',
	'medium',
	'medium_high',
	'default',
	'high',
	'very_high',
	'maximum',
] as const;
/** AutoCropMode, AutoCropAspectRatio. */
const AUTO_CROP_MODES = ['smartCrop', 'subjectCrop', 'fullSceneDetection', 'objectDetection'] as const;
const ASPECT_RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4', '4:5', '5:4', '3:2', '2:3', '21:9'] as const;
/** ColorAdjustments.whiteBalance. */
const WHITE_BALANCE = ['As Shot', 'Auto', 'Cloudy', 'Custom', 'Daylight', 'Flash', 'Fluorescent', 'Shade', 'Tungsten'] as const;
/** AlignmentHorizontal, AlignmentVertical (firefly-api.json). */
const HORIZONTAL = ['center', 'left', 'right'] as const;
const VERTICAL = ['center', 'top', 'bottom'] as const;

const choices = (values: readonly string[], labels: Record<string, string> = {}) =>
	values.map((value) => ({ value, label: labels[value] ?? value }));

/** Photoshop's output formats for createComposite / executeActions / createArtboard (PhotoshopOutput.mediaType). */
const FORMAT_LABELS: Record<string, string> = {
	jpeg: 'JPEG',
	png: 'PNG',
	tiff: 'TIFF',
	psd: 'Photoshop document (PSD)',
	same: 'Same as the input',
};
const FORMAT_MEDIA: Record<string, string> = { jpeg: MEDIA.jpeg, png: MEDIA.png, tiff: MEDIA.tiff, psd: MEDIA.psd };

const formatOption = (defaultValue: string, values: readonly string[]): OperationOption => ({
	key: 'format',
	label: 'Output format',
	kind: 'choice',
	choices: choices(values, FORMAT_LABELS),
	default: defaultValue,
});
const qualityOption: OperationOption = {
	key: 'quality',
	label: 'JPEG quality',
	description: 'For JPEG outputs (JpegOutput.quality).',
	kind: 'choice',
	choices: choices(JPEG_QUALITY),
	default: 'maximum',
};
const compressionOption: OperationOption = {
	key: 'compression',
	label: 'PNG compression',
	description: 'For PNG outputs (PngOutput.compression).',
	kind: 'choice',
	choices: choices(PNG_COMPRESSION),
};
/** PhotoshopOutput.width: minimum 0 ("0" keeps the size); the maximum is ours, ImageParameters' 32,000 px. */
const widthOption: OperationOption = {
	key: 'width',
	label: 'Width in pixels',
	description: 'Resize to this width, keeping the aspect ratio; empty keeps the size.',
	kind: 'number',
	min: 1,
	max: 32_000,
};

/** LightroomEdits adjustments, each with the spec's bounds (LightAdjustments, ColorAdjustments, EffectsAdjustments). */
const adjustment = (key: string, label: string, min: number, max: number, description?: string): OperationOption => ({
	key,
	label,
	kind: 'number',
	min,
	max,
	...(description ? { description } : {}),
});
const EDIT_OPTIONS: OperationOption[] = [
	adjustment('exposure', 'Exposure', -5, 5, 'Stops, −5 to 5 (LightAdjustments.exposure).'),
	adjustment('contrast', 'Contrast', -100, 100),
	adjustment('highlights', 'Highlights', -100, 100),
	adjustment('shadows', 'Shadows', -100, 100),
	adjustment('whites', 'Whites', -100, 100),
	adjustment('blacks', 'Blacks', -100, 100),
	adjustment('saturation', 'Saturation', -100, 100),
	adjustment('vibrance', 'Vibrance', -100, 100),
	{ key: 'whiteBalance', label: 'White balance', kind: 'choice', choices: choices(WHITE_BALANCE) },
	adjustment('clarity', 'Clarity', -100, 100),
	adjustment('dehaze', 'Dehaze', -100, 100),
	adjustment('texture', 'Texture', -100, 100),
	adjustment('vignette', 'Vignette', -100, 100),
	adjustment('sharpness', 'Sharpness', 0, 150, '0 to 150 (LightroomEdits.sharpness).'),
	{ key: 'autoStraighten', label: 'Auto straighten', kind: 'boolean', default: false },
];
/** Where each adjustment goes in LightroomEdits. */
export const EDIT_GROUPS: Readonly<Record<string, 'light' | 'color' | 'effects' | 'top'>> = {
	exposure: 'light',
	contrast: 'light',
	highlights: 'light',
	shadows: 'light',
	whites: 'light',
	blacks: 'light',
	saturation: 'color',
	vibrance: 'color',
	whiteBalance: 'color',
	clarity: 'effects',
	dehaze: 'effects',
	texture: 'effects',
	vignette: 'effects',
	sharpness: 'top',
};

/** Firefly's shared options. */
const variationsOption: OperationOption = {
	key: 'numVariations',
	label: 'Variations',
	description: 'How many results, 1 to 4 (numVariations).',
	kind: 'number',
	min: 1,
	max: 4,
	default: 1,
};
const promptOption = (required: boolean, label = 'Prompt'): OperationOption => ({
	key: 'prompt',
	label,
	kind: 'text',
	maxLength: 1024,
	...(required ? { required: true } : {}),
});
const sizeOptions: OperationOption[] = [
	{ key: 'width', label: 'Width in pixels', description: '1 to 4096 (Size.width); with height.', kind: 'number', min: 1, max: 4096 },
	{ key: 'height', label: 'Height in pixels', description: '1 to 4096 (Size.height); with width.', kind: 'number', min: 1, max: 4096 },
];
const seedOption: OperationOption = {
	key: 'seed',
	label: 'Seed',
	description: 'The same seed gives the same result (seeds[]); further variations use the next seeds.',
	kind: 'number',
	min: 0,
	max: 2_147_483_647,
};

const PHOTOSHOP_IMAGES = [MEDIA.psd, MEDIA.jpeg, MEDIA.png, MEDIA.tiff];
/** edit's inputs: "JPEG, PNG, TIFF, DNG and camera raw" (EditImageInput); we offer the ones Cloud Storage names. */
const EDIT_IMAGES = [MEDIA.jpeg, MEDIA.png, MEDIA.tiff, MEDIA.dng];
/** AutoCropImageMediaType. */
const AUTO_CROP_IMAGES = [MEDIA.jpeg, MEDIA.png, MEDIA.webp];
/** POST /v2/storage/image (storageImageV2) takes image/jpeg, image/png, image/webp, image/tiff. */
const FIREFLY_IMAGES = [MEDIA.jpeg, MEDIA.png, MEDIA.webp, MEDIA.tiff];

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A format option's media type; 'same' (or none) keeps the input's when Photoshop writes it, else `fallback`. */
function formatMedia(options: Readonly<Record<string, unknown>>, input: string, fallback: string): string {
	const chosen = FORMAT_MEDIA[str(options.format) ?? ''];
	if (chosen) return chosen;
	return PHOTOSHOP_IMAGES.includes(input as (typeof PHOTOSHOP_IMAGES)[number]) ? input : fallback;
}

/** "similar 2" for the second of several outputs, "similar" for one. */
const numbered = (words: string) => (_options: Readonly<Record<string, unknown>>, index: number, count: number) =>
	count > 1 ? `${words} ${index + 1}` : words;

/** edit writes JPEG or PNG (LightroomOutput.mediaType; DNG and XMP are not images we save): PNG stays PNG, the rest becomes JPEG. */
const editMedia = (input: string) => (input === MEDIA.png ? MEDIA.png : MEDIA.jpeg);

export const OPERATIONS: readonly OperationSpec[] = [
	{
		id: 'photoshop.convert',
		api: 'photoshopV2',
		adobeOperation: 'createComposite',
		path: '/v2/create-composite',
		title: 'Convert or Export',
		detail: 'Photoshop: save as JPEG, PNG, TIFF or PSD, with quality and size',
		icon: 'file-media',
		inputMediaTypes: PHOTOSHOP_IMAGES,
		options: [formatOption('png', ['jpeg', 'png', 'tiff', 'psd']), qualityOption, compressionOption, widthOption],
		produces: 'image',
		resultLabel: () => 'converted',
		resultMediaType: (input, options) => formatMedia(options, input, MEDIA.png),
	},
	{
		id: 'photoshop.autoTone',
		api: 'photoshopV2',
		adobeOperation: 'edit',
		path: '/v2/edit',
		title: 'Auto Tone',
		detail: 'Photoshop: Lightroom auto tone, with optional light, colour and effect adjustments',
		icon: 'wand',
		inputMediaTypes: EDIT_IMAGES,
		options: [...EDIT_OPTIONS, qualityOption],
		produces: 'image',
		resultLabel: () => 'auto tone',
		resultMediaType: (input) => editMedia(input),
	},
	{
		id: 'photoshop.adjust',
		api: 'photoshopV2',
		adobeOperation: 'edit',
		path: '/v2/edit',
		title: 'Adjust (Lightroom edits)',
		detail: 'Photoshop: exposure, contrast, highlights, shadows, saturation, clarity and the other edit adjustments',
		icon: 'settings',
		inputMediaTypes: EDIT_IMAGES,
		options: [...EDIT_OPTIONS, qualityOption],
		produces: 'image',
		resultLabel: () => 'edited',
		resultMediaType: (input) => editMedia(input),
	},
	{
		id: 'photoshop.actions',
		api: 'photoshopV2',
		adobeOperation: 'executeActions',
		path: '/v2/execute-actions',
		title: 'Apply Photoshop Actions',
		detail: 'Photoshop: play the actions of an .atn file on the image',
		icon: 'play',
		inputMediaTypes: PHOTOSHOP_IMAGES,
		options: [
			{
				key: 'actions',
				label: 'Actions file (.atn)',
				description: 'A storage file or a workspace file (ActionsOptions.actions[].source).',
				kind: 'file',
				accept: ['.atn'],
				required: true,
			},
			{
				key: 'actionName',
				label: 'Action name',
				description: 'Only this action of the set (ActionResource.actionName).',
				kind: 'text',
				maxLength: 255,
			},
			formatOption('same', ['same', 'jpeg', 'png', 'tiff', 'psd']),
			qualityOption,
		],
		produces: 'image',
		resultLabel: () => 'actions',
		resultMediaType: (input, options) => formatMedia(options, input, MEDIA.png),
	},
	{
		id: 'photoshop.autoCrop',
		api: 'photoshopV2',
		adobeOperation: 'autoCrop',
		path: '/v1/auto-crop',
		title: 'Auto Crop',
		detail: 'Photoshop: smart crop around the subject, to an aspect ratio',
		icon: 'screen-normal',
		inputMediaTypes: AUTO_CROP_IMAGES,
		options: [
			{
				key: 'mode',
				label: 'Mode',
				kind: 'choice',
				choices: choices(AUTO_CROP_MODES.filter((m) => m !== 'objectDetection')),
				default: 'smartCrop',
			},
			{ key: 'aspectRatio', label: 'Aspect ratio', kind: 'choice', choices: choices(ASPECT_RATIOS), default: '1:1' },
		],
		produces: 'image',
		resultLabel: numbered('crop'),
		resultMediaType: (input) => input,
	},
	{
		id: 'photoshop.artboard',
		api: 'photoshopV2',
		adobeOperation: 'createArtboard',
		path: '/v2/create-artboard',
		title: 'Create Artboard',
		detail: 'Photoshop: a document with the image on an artboard',
		icon: 'layout',
		inputMediaTypes: PHOTOSHOP_IMAGES,
		options: [
			// CreateArtboardRequest.artboardSpacing is an int32 without bounds; ours: 0 to 10,000 px.
			{ key: 'artboardSpacing', label: 'Spacing between artboards (px)', kind: 'number', min: 0, max: 10_000 },
			formatOption('psd', ['psd', 'png', 'jpeg', 'tiff']),
		],
		produces: 'document',
		resultLabel: () => 'artboard',
		resultMediaType: (_input, options) => FORMAT_MEDIA[str(options.format) ?? 'psd'] ?? MEDIA.psd,
	},
	{
		id: 'photoshop.manifest',
		api: 'photoshopV2',
		adobeOperation: 'generateManifest',
		path: '/v2/generate-manifest',
		title: 'Show Layers (Generate Manifest)',
		detail: "Photoshop: the document's layers, with kind, bounds and text",
		icon: 'layers',
		inputMediaTypes: [MEDIA.psd],
		options: [],
		produces: 'manifest',
		resultLabel: () => 'manifest',
		resultMediaType: () => MEDIA.json,
	},
	{
		id: 'firefly.similar',
		api: 'firefly',
		adobeOperation: 'generateSimilarImagesV3Async',
		path: '/v3/images/generate-similar-async',
		title: 'Generate Similar',
		detail: 'Firefly: new images like this one',
		icon: 'copy',
		inputMediaTypes: FIREFLY_IMAGES,
		options: [variationsOption, ...sizeOptions, seedOption],
		produces: 'image',
		resultLabel: numbered('similar'),
		resultMediaType: () => MEDIA.jpeg,
	},
	{
		id: 'firefly.expand',
		api: 'firefly',
		adobeOperation: 'expandImagesV3Async',
		path: '/v3/images/expand-async',
		title: 'Generative Expand',
		detail: 'Firefly: extend the image to a larger size, filling the new area',
		icon: 'screen-full',
		inputMediaTypes: FIREFLY_IMAGES,
		options: [
			promptOption(false, 'Prompt (what to add, optional)'),
			...sizeOptions.map((o) => ({ ...o, default: 2048 })),
			{ key: 'horizontal', label: 'Horizontal placement', kind: 'choice', choices: choices(HORIZONTAL), default: 'center' },
			{ key: 'vertical', label: 'Vertical placement', kind: 'choice', choices: choices(VERTICAL), default: 'center' },
			variationsOption,
			seedOption,
		],
		produces: 'image',
		resultLabel: numbered('expanded'),
		resultMediaType: () => MEDIA.jpeg,
	},
	{
		id: 'firefly.fill',
		api: 'firefly',
		adobeOperation: 'fillImagesV3Async',
		path: '/v3/images/fill-async',
		title: 'Generative Fill',
		detail: 'Firefly: fill a masked area from a prompt',
		icon: 'paintcan',
		inputMediaTypes: FIREFLY_IMAGES,
		options: [
			{
				key: 'mask',
				label: 'Mask image',
				description: 'White where to fill (FillImageRequestV3.mask).',
				kind: 'file',
				accept: FIREFLY_IMAGES,
				required: true,
			},
			promptOption(false, 'Prompt (optional)'),
			{ key: 'negativePrompt', label: 'Avoid (negative prompt)', kind: 'text', maxLength: 1024 },
			{ key: 'invertMask', label: 'Invert the mask', kind: 'boolean', default: false },
			variationsOption,
			seedOption,
		],
		produces: 'image',
		resultLabel: numbered('fill'),
		resultMediaType: () => MEDIA.jpeg,
	},
	{
		id: 'firefly.upscale',
		api: 'firefly',
		adobeOperation: 'preciseUpsamplerV3Async',
		path: '/v3/images/upscale',
		title: 'Upscale',
		detail: 'Firefly: 2, 3, 4 or 6 times the size',
		icon: 'zoom-in',
		inputMediaTypes: FIREFLY_IMAGES,
		options: [
			{
				key: 'upscaleFactor',
				label: 'Factor',
				kind: 'choice',
				choices: choices(['2', '3', '4', '6'], { 2: '2×', 3: '3×', 4: '4×', 6: '6×' }),
				default: '2',
			},
			{ ...variationsOption, description: 'How many results, 1 to 4 (one seed each).' },
			{ ...seedOption, default: 1 },
		],
		produces: 'image',
		resultLabel: (options, index, count) => `upscaled ${str(options.upscaleFactor) ?? '2'}x${count > 1 ? ` ${index + 1}` : ''}`,
		resultMediaType: (input) => (input === MEDIA.png ? MEDIA.png : MEDIA.jpeg),
	},
	{
		id: 'firefly.objectComposite',
		api: 'firefly',
		adobeOperation: 'generateObjectCompositeV3Async',
		path: '/v3/images/generate-object-composite-async',
		title: 'Object Composite',
		detail: 'Firefly: place the object in a scene described by a prompt',
		icon: 'symbol-misc',
		inputMediaTypes: FIREFLY_IMAGES,
		options: [
			promptOption(true, 'Scene (prompt)'),
			{ key: 'contentClass', label: 'Content class', kind: 'choice', choices: choices(['photo', 'art']), default: 'photo' },
			...sizeOptions,
			variationsOption,
			seedOption,
		],
		produces: 'image',
		resultLabel: numbered('composite'),
		resultMediaType: () => MEDIA.jpeg,
	},
];

export function operationById(id: OperationId): OperationSpec | undefined {
	return OPERATIONS.find((op) => op.id === id);
}

/** The operation, or an invalidInput error that lists the ids. */
export function requireOperation(id: unknown): OperationSpec {
	const op = typeof id === 'string' ? operationById(id) : undefined;
	if (!op) {
		const shown = typeof id === 'string' ? `“${id.slice(0, 80)}”` : 'no operation';
		throw invalidInput(`${shown} is not an operation. Use one of: ${OPERATIONS.map((o) => o.id).join(', ')}.`, {
			code: 'unknown_operation',
		});
	}
	return op;
}

/** The operations that take this media type (all of them without one). */
export function operationsFor(mediaType?: string): OperationSpec[] {
	if (!mediaType) return [...OPERATIONS];
	const type = mediaType.split(';')[0].trim().toLowerCase();
	return OPERATIONS.filter((op) => op.inputMediaTypes.includes(type));
}

/** The number options the spec types as `number` (double); every other one is an int32. */
const FRACTIONAL: ReadonlySet<string> = new Set(['exposure']);

/** The most options one call may pass (ours): a form has at most 20. */
const MAX_OPTION_KEYS = 64;

/**
 * The options as the operation takes them: known keys only, each of its kind and within the spec's bounds,
 * required ones present, defaults filled in. Numbers may come as text (a form's input box), booleans as
 * "true"/"false". `file` options are attachments (RunOperationRequest.attachments) and are not values here.
 * Throws invalidInput naming the option, its bounds and the operation.
 */
export function validateOptions(
	spec: OperationSpec,
	raw: unknown,
	attachments: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
	const given = raw === undefined || raw === null ? {} : raw;
	if (typeof given !== 'object' || Array.isArray(given)) {
		throw invalidInput(`The options of ${spec.title} must be an object of named values.`);
	}
	const entries = Object.entries(given as Record<string, unknown>);
	if (entries.length > MAX_OPTION_KEYS) {
		throw invalidInput(`Too many options for ${spec.title} (${entries.length}; at most ${MAX_OPTION_KEYS}).`);
	}
	const fail = (message: string) => invalidInput(`${spec.title} (${spec.id}): ${message}`, { code: 'invalid_option' });
	const known = new Map(spec.options.map((o) => [o.key, o]));
	for (const [key] of entries) {
		if (!known.has(key)) {
			const keys = spec.options.filter((o) => o.kind !== 'file').map((o) => o.key);
			throw fail(`“${key.slice(0, 60)}” is not one of its options${keys.length ? ` (${keys.join(', ')})` : ' (it has none)'}.`);
		}
	}
	const out: Record<string, unknown> = {};
	for (const option of spec.options) {
		if (option.kind === 'file') {
			const value = (given as Record<string, unknown>)[option.key];
			if (value !== undefined && value !== null) {
				throw fail(`${option.label} is a file: pass it in attachments.${option.key}, not as an option.`);
			}
			if (option.required && attachments[option.key] === undefined) throw fail(`${option.label} is required (attachments.${option.key}).`);
			continue;
		}
		const value = (given as Record<string, unknown>)[option.key];
		const empty = value === undefined || value === null || value === '';
		if (empty) {
			if (option.required) throw fail(`${option.label} is required.`);
			if (option.default !== undefined) out[option.key] = option.default;
			continue;
		}
		out[option.key] = checkValue(option, value, fail);
	}
	return out;
}

function checkValue(option: OperationOption, value: unknown, fail: (message: string) => Error): unknown {
	switch (option.kind) {
		case 'number': {
			const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
			if (!Number.isFinite(n)) throw fail(`${option.label} must be a number.`);
			if (!FRACTIONAL.has(option.key) && !Number.isInteger(n)) throw fail(`${option.label} must be a whole number.`);
			if ((option.min !== undefined && n < option.min) || (option.max !== undefined && n > option.max)) {
				throw fail(`${option.label} must be between ${option.min ?? '−∞'} and ${option.max ?? '∞'} (got ${n}).`);
			}
			return n;
		}
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (value === 'true' || value === 'false') return value === 'true';
			throw fail(`${option.label} must be true or false.`);
		case 'choice': {
			const text = typeof value === 'number' ? String(value) : value;
			const allowed = option.choices ?? [];
			if (typeof text !== 'string' || !allowed.some((c) => c.value === text)) {
				throw fail(`${option.label} must be one of ${allowed.map((c) => c.value).join(', ')}.`);
			}
			return text;
		}
		case 'text': {
			if (typeof value !== 'string') throw fail(`${option.label} must be text.`);
			const max = option.maxLength ?? 1024;
			if ([...value].length > max) throw fail(`${option.label} is longer than ${max} characters.`);
			return value;
		}
		default:
			throw fail(`${option.label} cannot be given as a value.`);
	}
}
