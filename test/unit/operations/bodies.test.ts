/**
 * Every operation's request body, on every route, validated against Adobe's specs (test/contract/), and the option
 * checks of the catalogue (bounds from the specs).
 */
import * as assert from 'node:assert/strict';
import { fireflyCall, photoshopCall, type PhotoshopDestination, type PhotoshopSource } from '../../../src/core/operations/bodies';
import { OPERATIONS, operationsFor, requireOperation, validateOptions } from '../../../src/core/operations/catalogue';
import { operationRequestFile } from '../../../src/core/operations/requestFile';
import { resultName } from '../../../src/core/operations/run';
import type { OperationSpec } from '../../../src/core/operations/types';
import { parseRequestFile } from '../../../src/core/requests/parse';
import { thrownMessage } from '../helpers';
import { contractOf } from './specs';

const ASSET = 'urn:aaid:sc:US:4f2fc15c-0000-4000-8000-000000000001';
const PROJECT = 'urn:aaid:sc:US:4f2fc15c-0000-4000-8000-0000000000aa';
const UPLOAD = '0b6a3b0e-8a4c-4d2e-9f1a-1c2d3e4f5a6b';
const MASK = '1b6a3b0e-8a4c-4d2e-9f1a-1c2d3e4f5a6b';

const SOURCES: Record<string, PhotoshopSource> = {
	presignedUrl: { url: 'https://storage.example.com/hero.jpg?sig=abc' },
	creativeCloudFileId: { creativeCloudFileId: ASSET },
	creativeCloudPath: { creativeCloudPath: 'Photos/hero.jpg', creativeCloudProjectId: PROJECT },
};
const DESTINATIONS: Record<string, PhotoshopDestination> = {
	hosted: { validityPeriod: 3600 },
	creativeCloud: { creativeCloudPath: 'Photos/hero (auto tone).jpg', creativeCloudProjectId: PROJECT },
};

/** Options that touch every option of an operation (within bounds), and its defaults only. */
function optionSets(spec: OperationSpec): Array<Record<string, unknown>> {
	const full: Record<string, unknown> = {};
	for (const o of spec.options) {
		if (o.kind === 'file') continue;
		if (o.kind === 'number') full[o.key] = o.max !== undefined ? Math.min(o.max, Math.max(o.min ?? 0, 2)) : 2;
		if (o.kind === 'choice') full[o.key] = o.choices?.[o.choices.length - 1].value;
		if (o.kind === 'boolean') full[o.key] = true;
		if (o.kind === 'text') full[o.key] = 'a lighthouse at dawn';
	}
	const required = Object.fromEntries(spec.options.filter((o) => o.required && o.kind === 'text').map((o) => [o.key, 'a beach']));
	// edit needs at least one adjustment when it is not auto tone.
	const minimal = spec.id === 'photoshop.adjust' ? { ...required, exposure: 0.5 } : required;
	return [minimal, full];
}

const attachmentsFor = (spec: OperationSpec) =>
	Object.fromEntries(
		spec.options
			.filter((o) => o.kind === 'file')
			.map((o) => [o.key, { file: { assetId: ASSET, name: 'x', mediaType: 'image/png', parentId: PROJECT } }]),
	);

describe('operations: request bodies against Adobe\u2019s specs', () => {
	for (const spec of OPERATIONS) {
		describe(spec.id, () => {
			it(`names a real ${spec.api} operation (${spec.adobeOperation} at ${spec.path})`, () => {
				const op = contractOf(spec.api === 'firefly' ? 'firefly' : 'photoshopV2').operation(spec.adobeOperation);
				assert.equal(op.path, spec.path);
				assert.equal(op.method, 'post');
			});
			for (const [n, raw] of optionSets(spec).entries()) {
				const options = validateOptions(spec, raw, attachmentsFor(spec));
				if (spec.api === 'firefly') {
					it(`builds a valid body (${n === 0 ? 'defaults' : 'every option'})`, () => {
						const call = fireflyCall(spec, options, { uploadId: UPLOAD, maskUploadId: MASK });
						assert.deepEqual(contractOf('firefly').check(spec.adobeOperation, call.body), []);
						assert.deepEqual((call.body.image as { source: unknown }).source, { uploadId: UPLOAD });
					});
					continue;
				}
				const sources = spec.adobeOperation === 'autoCrop' ? { presignedUrl: SOURCES.presignedUrl } : SOURCES;
				for (const [route, image] of Object.entries(sources)) {
					for (const [where, destination] of Object.entries(DESTINATIONS)) {
						it(`builds a valid body: ${route} in, ${where} out (${n === 0 ? 'defaults' : 'every option'})`, () => {
							const call = photoshopCall(spec, options, {
								image,
								inputMediaType: spec.inputMediaTypes[0],
								destination,
								outputMediaType: spec.resultMediaType(spec.inputMediaTypes[0], options),
								attachments: {
									actions: route === 'presignedUrl' ? { url: 'https://storage.example.com/a.atn?sig=1' } : { creativeCloudFileId: ASSET },
								},
							});
							assert.deepEqual(contractOf('photoshopV2').check(spec.adobeOperation, call.body), []);
							assert.equal(call.path, spec.path);
						});
					}
				}
			}
		});
	}

	it('the contract check itself refuses a misspelt field and a value out of bounds', () => {
		const c = contractOf('firefly');
		assert.ok(
			c
				.check('generateSimilarImagesV3Async', { image: { source: { uploadId: UPLOAD } }, numVariation: 2 })
				.some((p) => p.includes('numVariation')),
		);
		assert.ok(c.check('generateSimilarImagesV3Async', { image: { source: { uploadId: UPLOAD } }, numVariations: 5 }).length > 0);
		const p = contractOf('photoshopV2');
		assert.ok(
			p.check('edit', { image: { source: { url: 'x' } }, outputs: [{ destination: { validityPeriod: 10 }, mediaType: 'image/jpeg' }] })
				.length > 0,
		);
		assert.ok(
			p.check('edit', {
				image: { source: { url: 'x' } },
				edits: { light: { exposure: 6 } },
				outputs: [{ destination: { validityPeriod: 60 }, mediaType: 'image/jpeg' }],
			}).length > 0,
		);
	});

	it('an actions attachment given as workspace bytes goes inline (InlineContentResourceInput)', () => {
		const spec = requireOperation('photoshop.actions');
		const call = photoshopCall(spec, validateOptions(spec, {}, { actions: true }), {
			image: SOURCES.creativeCloudFileId,
			inputMediaType: 'image/jpeg',
			destination: DESTINATIONS.hosted,
			outputMediaType: 'image/jpeg',
			attachments: { actions: { content: Buffer.from('8BCO').toString('base64'), contentType: 'application/octet-stream' } },
		});
		assert.deepEqual(contractOf('photoshopV2').check('executeActions', call.body), []);
	});
});

describe('operations: catalogue and options', () => {
	it('lists only the operations that take a media type', () => {
		const psd = operationsFor('image/vnd.adobe.photoshop').map((o) => o.id);
		assert.ok(psd.includes('photoshop.manifest') && psd.includes('photoshop.convert'));
		assert.ok(!psd.includes('firefly.similar'));
		const jpeg = operationsFor('image/jpeg; charset=binary').map((o) => o.id);
		assert.ok(jpeg.includes('photoshop.autoTone') && jpeg.includes('firefly.similar') && !jpeg.includes('photoshop.manifest'));
		assert.deepEqual(operationsFor('application/pdf'), []);
		assert.equal(operationsFor().length, OPERATIONS.length);
		assert.equal(new Set(OPERATIONS.map((o) => o.id)).size, OPERATIONS.length, 'ids are unique');
	});

	it('fills defaults and takes numbers and booleans typed as text (a form)', () => {
		const similar = requireOperation('firefly.similar');
		assert.deepEqual(validateOptions(similar, { numVariations: '3' }), { numVariations: 3 });
		const tone = requireOperation('photoshop.autoTone');
		assert.deepEqual(validateOptions(tone, { exposure: '-1.5', autoStraighten: 'true' }), {
			exposure: -1.5,
			autoStraighten: true,
			quality: 'maximum',
		});
	});

	it('refuses unknown options, values out of the spec\u2019s bounds, wrong kinds and missing required ones, naming them', () => {
		const similar = requireOperation('firefly.similar');
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(similar, { numVariations: 5 })),
			/Variations must be between 1 and 4 \(got 5\)/,
		);
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(similar, { numVariations: 1.5 })),
			/whole number/,
		);
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(similar, { prompt: 'x' })),
			/“prompt” is not one of its options \(numVariations, width, height, seed\)/,
		);
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(similar, [1])),
			/must be an object/,
		);
		const tone = requireOperation('photoshop.autoTone');
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(tone, { exposure: 5.5 })),
			/Exposure must be between -5 and 5/,
		);
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(tone, { sharpness: 151 })),
			/Sharpness must be between 0 and 150/,
		);
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(tone, { whiteBalance: 'Moonlight' })),
			/White balance must be one of As Shot, Auto/,
		);
		const composite = requireOperation('firefly.objectComposite');
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(composite, {})),
			/Scene \(prompt\) is required/,
		);
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(composite, { prompt: 'x'.repeat(1025) })),
			/longer than 1024 characters/,
		);
		const fill = requireOperation('firefly.fill');
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(fill, {})),
			/Mask image is required \(attachments\.mask\)/,
		);
		assert.match(
			thrownMessage('invalidInput', () => validateOptions(fill, { mask: 'x' }, { mask: {} })),
			/pass it in attachments\.mask/,
		);
		assert.match(
			thrownMessage('invalidInput', () => requireOperation('photoshop.nope')),
			/“photoshop\.nope” is not an operation\. Use one of: photoshop\.convert/,
		);
	});

	it('refuses a Firefly size with only one side, and an adjustment run with nothing to adjust', () => {
		const similar = requireOperation('firefly.similar');
		assert.match(
			thrownMessage('invalidInput', () => fireflyCall(similar, { width: 100 }, { uploadId: UPLOAD })),
			/both width and height/,
		);
		const adjust = requireOperation('photoshop.adjust');
		const inputs = {
			image: SOURCES.presignedUrl,
			inputMediaType: 'image/jpeg',
			destination: DESTINATIONS.hosted,
			outputMediaType: 'image/jpeg',
		};
		assert.match(
			thrownMessage('invalidInput', () => photoshopCall(adjust, validateOptions(adjust, {}), inputs)),
			/at least one adjustment/,
		);
	});

	it('names results after the operation, with the result\u2019s extension, within 255 characters', () => {
		const tone = requireOperation('photoshop.autoTone');
		assert.equal(resultName('hero.jpg', tone.resultLabel({}, 0, 1), tone.resultMediaType('image/jpeg', {})), 'hero (auto tone).jpg');
		const similar = requireOperation('firefly.similar');
		assert.equal(resultName('hero.png', similar.resultLabel({}, 1, 3), 'image/png'), 'hero (similar 2).png');
		assert.equal(resultName('hero.png', similar.resultLabel({}, 0, 1), 'image/jpeg'), 'hero (similar).jpg');
		const convert = requireOperation('photoshop.convert');
		assert.equal(
			resultName(
				'poster.psd',
				convert.resultLabel({ format: 'png' }, 0, 1),
				convert.resultMediaType('image/vnd.adobe.photoshop', { format: 'png' }),
			),
			'poster (converted).png',
		);
		const long = resultName(`${'x'.repeat(300)}.jpg`, 'auto tone', 'image/jpeg');
		assert.equal([...long].length, 255);
		assert.ok(long.endsWith(' (auto tone).jpg'));
	});
});

describe('operations: request files', () => {
	const file = { assetId: ASSET, name: 'hero.jpg', mediaType: 'image/jpeg', parentId: PROJECT };
	for (const spec of OPERATIONS) {
		it(`${spec.id}: parses without problems, uses the built-ins and its body is valid once the variables are filled`, () => {
			const options = optionSets(spec)[0];
			const text = operationRequestFile({
				operation: spec.id,
				file: { ...file, mediaType: spec.inputMediaTypes[0] },
				options,
				attachments: attachmentsFor(spec) as never,
			});
			const parsed = parseRequestFile(text);
			assert.deepEqual(parsed.problems, []);
			const request = parsed.requests.find((r) => r.method === 'POST')!;
			assert.ok(request, 'a POST request');
			assert.match(
				request.url,
				spec.api === 'firefly' ? /^\{\{\$adobeEndpoint firefly\}\}\/v[23]\// : /^\{\{\$adobeEndpoint photoshopV2\}\}\/v[12]\//,
			);
			assert.ok(text.includes('Authorization: Bearer {{$adobeToken}}'));
			const filled = request
				.body!.replace(/\{\{uploadId\}\}/g, UPLOAD)
				.replace(/\{\{maskUploadId\}\}/g, MASK)
				.replace(/\{\{assetId\}\}/g, ASSET)
				.replace(/\{\{\w+Url\}\}/g, 'https://storage.example.com/x?sig=1');
			assert.deepEqual(contractOf(spec.api === 'firefly' ? 'firefly' : 'photoshopV2').check(spec.adobeOperation, JSON.parse(filled)), []);
		});
	}
});
