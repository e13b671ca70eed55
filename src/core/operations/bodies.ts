/**
 * The request body of each operation, for each way its input reaches Adobe (types.ts InputRoute). Pure:
 * no network, so the runner builds a body once with placeholders before anything is sent (a bad option
 * fails first), the request file shows the same body, and unit tests validate every body against Adobe's
 * specs (test/contract/photoshop-v2/photoshopv2-api.json, test/contract/firefly/firefly-api.json).
 *
 * Photoshop v2 (photoshopv2-api.json):
 * - inputs are FileResourceInput: UrlResourceInput `{ url }` (any pre-signed URL), CreativeCloudFileIdResourceInput
 *   `{ creativeCloudFileId }` (a Cloud Storage `urn:aaid:` asset id) or CreativeCloudResourceInput
 *   `{ creativeCloudPath, creativeCloudProjectId }` (the path inside the project, no leading slash);
 * - outputs name a destination: HostedDestination `{ validityPeriod }` (60–86,400 s; Adobe hosts it, the status
 *   gives its URL), CreativeCloudDestination `{ creativeCloudPath, creativeCloudProjectId }`;
 * - autoCrop takes only `{ url }` (AutoCropUrlResource) and answers Adobe-hosted images.
 * Firefly v3 (firefly-api.json): PublicBinaryInputV3 `{ uploadId }` from storageImageV2 (POST /v2/storage/image).
 */
import { invalidInput } from '../common/errors';
import { EDIT_GROUPS, MEDIA } from './catalogue';
import type { OperationSpec } from './types';

/** A Photoshop v2 input (FileResourceInput). */
export type PhotoshopSource =
	| { url: string }
	| { creativeCloudFileId: string }
	| { creativeCloudPath: string; creativeCloudProjectId?: string }
	/** InlineContentResourceInput (content ≤ 51,200 characters): a small workspace file, for ActionResource only. */
	| { content: string; contentType?: string };

/** A Photoshop v2 output destination: Adobe-hosted, or a Creative Cloud path. */
export type PhotoshopDestination = { validityPeriod: number } | { creativeCloudPath: string; creativeCloudProjectId?: string };

/** How long an Adobe-hosted output stays (HostedDestination.validityPeriod, 60–86,400 s): long enough for a save-back after a reload. */
export const HOSTED_VALIDITY_SECONDS = 3600;

export interface PhotoshopInputs {
	image: PhotoshopSource;
	/** The input's media type (autoCrop names it). */
	inputMediaType: string;
	/** Where each output goes. */
	destination: PhotoshopDestination;
	/** The result's media type (resultMediaType). */
	outputMediaType: string;
	/** An attachment's source (the .atn of photoshop.actions). */
	attachments?: Record<string, PhotoshopSource>;
}

export interface FireflyInputs {
	/** From storageImageV2. */
	uploadId: string;
	/** The mask's uploadId (fill, objectComposite). */
	maskUploadId?: string;
}

export interface OperationCall {
	method: 'POST';
	/** Path under the API's base (spec `paths`). */
	path: string;
	headers: Record<string, string>;
	body: Record<string, unknown>;
}

const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const defined = (entries: Record<string, unknown>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));

/** The output entry for a media type: JpegOutput.quality, PngOutput.compression, width. */
function photoshopOutput(
	mediaType: string,
	destination: PhotoshopDestination,
	options: Readonly<Record<string, unknown>>,
	lightroom = false,
): Record<string, unknown> {
	return defined({
		destination,
		mediaType,
		...(mediaType === MEDIA.jpeg ? { quality: str(options.quality) } : {}),
		...(mediaType === MEDIA.png ? { compression: str(options.compression) } : {}),
		// LightroomOutput has no size; PhotoshopOutput has width (≥ 0).
		...(!lightroom ? { width: num(options.width) } : {}),
		// PhotoshopOutput.shouldOverwrite: a Creative Cloud destination never replaces a file we did not ask to replace.
		...(!lightroom && 'creativeCloudPath' in destination ? { shouldOverwrite: false } : {}),
	});
}

/** LightroomEdits from the options: autoTone, light/color/effects groups, sharpness, autoStraighten. */
function lightroomEdits(options: Readonly<Record<string, unknown>>, autoTone: boolean): Record<string, unknown> {
	const groups: Record<string, Record<string, unknown>> = {};
	const top: Record<string, unknown> = {};
	for (const [key, group] of Object.entries(EDIT_GROUPS)) {
		const value = options[key];
		if (value === undefined) continue;
		if (group === 'top') top[key] = value;
		else (groups[group] ??= {})[key] = value;
	}
	if (options.autoStraighten === true) top.autoStraighten = { enabled: true };
	return { ...(autoTone ? { autoTone: true } : {}), ...groups, ...top };
}

/** The call for a Photoshop v2 operation (api 'photoshopV2'). */
export function photoshopCall(spec: OperationSpec, options: Readonly<Record<string, unknown>>, inputs: PhotoshopInputs): OperationCall {
	const headers = { 'content-type': 'application/json' };
	const source = inputs.image;
	const output = (lightroom = false) => [photoshopOutput(inputs.outputMediaType, inputs.destination, options, lightroom)];
	let body: Record<string, unknown>;
	switch (spec.adobeOperation) {
		case 'createComposite':
			// CreateCompositeRequest: image is ImageSource { source }; no edits: the document as it is, in another format.
			body = { image: { source }, outputs: output() };
			break;
		case 'edit': {
			// EditRequest: image EditImageInput { source }, edits LightroomEdits, outputs LrJpegOutput | LrPngOutput.
			const edits = lightroomEdits(options, spec.id === 'photoshop.autoTone');
			if (Object.keys(edits).length === 0) throw invalidInput(`${spec.title}: choose at least one adjustment.`, { code: 'invalid_option' });
			body = { image: { source }, edits, outputs: output(true) };
			break;
		}
		case 'executeActions': {
			// ActionsRequest: options.actions[] ActionResource { source, actionName? }.
			const atn = inputs.attachments?.actions;
			if (!atn) throw invalidInput(`${spec.title}: an actions file (.atn) is required.`, { code: 'invalid_option' });
			body = {
				image: { source },
				options: { actions: [defined({ source: atn, actionName: str(options.actionName) })] },
				outputs: output(),
			};
			break;
		}
		case 'autoCrop': {
			// AutoCropRequest: image AutoCropInputImage { source: { url }, mediaType }, mode, aspectRatio, outputType 'images'.
			if (!('url' in source)) {
				throw invalidInput(`${spec.title} takes only a URL input (AutoCropUrlResource).`, { code: 'route_unsupported' });
			}
			body = defined({
				image: { source: { url: source.url }, mediaType: inputs.inputMediaType },
				mode: str(options.mode) ?? 'smartCrop',
				aspectRatio: str(options.aspectRatio),
				outputType: 'images',
			});
			break;
		}
		case 'createArtboard':
			// CreateArtboardRequest: images[] ArtboardImageInput { source }, artboardSpacing, outputs.
			body = defined({ images: [{ source }], artboardSpacing: num(options.artboardSpacing), outputs: output() });
			break;
		case 'generateManifest':
			// GenerateManifestRequest: image { source }, outputs[] ManifestJsonOutput (application/json).
			body = { image: { source }, outputs: [{ destination: inputs.destination, mediaType: MEDIA.json }] };
			break;
		default:
			throw invalidInput(`${spec.title} is not a Photoshop operation.`);
	}
	return { method: 'POST', path: spec.path, headers, body };
}

/** seeds[] for n variations from a first seed (uniqueItems: consecutive). */
function seedsFor(options: Readonly<Record<string, unknown>>, count: number): number[] | undefined {
	const seed = num(options.seed);
	return seed === undefined ? undefined : Array.from({ length: count }, (_, i) => seed + i);
}

/** Size { width, height }: both or neither. */
function sizeOf(spec: OperationSpec, options: Readonly<Record<string, unknown>>): { width: number; height: number } | undefined {
	const width = num(options.width);
	const height = num(options.height);
	if (width === undefined && height === undefined) return undefined;
	if (width === undefined || height === undefined) {
		throw invalidInput(`${spec.title}: give both width and height (Size needs both), or neither.`, { code: 'invalid_option' });
	}
	return { width, height };
}

/** The call for a Firefly v3 operation (api 'firefly'). */
export function fireflyCall(spec: OperationSpec, options: Readonly<Record<string, unknown>>, inputs: FireflyInputs): OperationCall {
	const headers = { 'content-type': 'application/json' };
	const image = { source: { uploadId: inputs.uploadId } };
	const count = num(options.numVariations) ?? 1;
	const common = () => defined({ numVariations: count, seeds: seedsFor(options, count), size: sizeOf(spec, options) });
	let body: Record<string, unknown>;
	switch (spec.adobeOperation) {
		case 'generateSimilarImagesV3Async':
			// GenerateSimilarImagesRequestV3: image BaseInputImageV3, numVariations 1–4, seeds, size.
			body = { image, ...common() };
			break;
		case 'expandImagesV3Async': {
			// ExpandImageRequestV3: image, prompt?, size, placement { alignment { horizontal, vertical } }.
			const alignment = defined({ horizontal: str(options.horizontal), vertical: str(options.vertical) });
			body = defined({
				image,
				prompt: str(options.prompt),
				...common(),
				placement: Object.keys(alignment).length ? { alignment } : undefined,
			});
			break;
		}
		case 'fillImagesV3Async':
			// FillImageRequestV3: image, mask InputMaskV3 { source, invert? } (required), prompt?, negativePrompt?.
			if (!inputs.maskUploadId) throw invalidInput(`${spec.title}: a mask image is required.`, { code: 'invalid_option' });
			body = defined({
				image,
				mask: defined({ source: { uploadId: inputs.maskUploadId }, invert: options.invertMask === true ? true : undefined }),
				prompt: str(options.prompt),
				negativePrompt: str(options.negativePrompt),
				...common(),
			});
			break;
		case 'generateObjectCompositeV3Async':
			// GenerateObjectCompositeRequestV3: image, prompt (required), contentClass, mask? BaseInputMaskV3.
			body = defined({
				image,
				prompt: str(options.prompt),
				contentClass: str(options.contentClass),
				mask: inputs.maskUploadId ? { source: { uploadId: inputs.maskUploadId } } : undefined,
				...common(),
			});
			break;
		case 'preciseUpsamplerV3Async':
			// PreciseUpsamplerRequestV3: image, seeds (required, 1–4: one output each), upscaleFactor 2|3|4|6.
			body = { image, seeds: seedsFor({ seed: num(options.seed) ?? 1 }, count)!, upscaleFactor: Number(str(options.upscaleFactor) ?? '2') };
			break;
		default:
			throw invalidInput(`${spec.title} is not a Firefly operation.`);
	}
	return { method: 'POST', path: spec.path, headers, body };
}

/** Outputs Adobe will make for these options (Firefly numVariations / seeds; Photoshop one). */
export function expectedOutputs(spec: OperationSpec, options: Readonly<Record<string, unknown>>): number {
	return spec.api === 'firefly' ? (num(options.numVariations) ?? 1) : 1;
}
