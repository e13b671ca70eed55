// @ts-check
/**
 * Real image bytes for the demo's image files, so that opening one in `npm start` (the tree opens it through
 * the adobe-storage: file system, in VS Code's image preview) shows a picture, not "An error occurred while
 * loading the image". Each has exactly the size the listing gives: the picture, then padding its format
 * skips (a private PNG chunk, JPEG comment segments, an SVG comment). Files too small for their picture, and
 * other media types, keep the pattern bytes (storageWrites.js patternBytes).
 */
const zlib = require('node:zlib');
const { createHash } = require('node:crypto');

/**
 * A 32×32 gradient JPEG (baseline, quality 80), made once for the emulator with jpeg-js
 * (https://www.npmjs.com/package/jpeg-js, `encode`): the emulator has no JPEG encoder of its own.
 */
const JPEG = Buffer.from(
	'/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSgBBwcHCggKEwoKEygaFhooKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKP/AABEIACAAIAMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/AM2KH2r9FlM+TpTLsUPtWMpnpUpl2KH2rGUz06Uy7FD7VhKZ6VKZlxQ+1dUpn57SmXYofasZTPSpTLsUNYymelSmXYofasJTPSpTMuKH2rqlM/PaUy7FD7VjKZ6VKZdih9qxlM9OlMuRQ+1YSmelSmZkUPtXVKZ+e0pl2KH2rGUz0qUy5FD7VjKZ6VKZdih9qwlM9OlM/wD/2Q==',
	'base64',
);

/** A square PNG of one colour derived from `seed`. @param {number} size @param {string} seed */
function solidPng(size, seed) {
	const [r, g, b] = createHash('sha1').update(seed).digest();
	const row = Buffer.alloc(1 + size * 3);
	for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
	const raw = Buffer.concat(Array.from({ length: size }, () => row));
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	return Buffer.concat([
		PNG_SIGNATURE,
		pngChunk('IHDR', header),
		pngChunk('IDAT', zlib.deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** @param {string} type @param {Buffer} data */
function pngChunk(type, data) {
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body) >>> 0);
	return Buffer.concat([length, body, crc]);
}

/**
 * `size` bytes that are a picture of the file's media type, or undefined when the type has none here or the
 * picture does not fit. Deterministic: the same file gives the same bytes.
 * @param {{ assetId: string, mediaType?: string }} file @param {number} size
 * @returns {Buffer | undefined}
 */
function demoImageBytes(file, size) {
	if (file.mediaType === 'image/png') {
		const png = solidPng(48, file.assetId);
		const iend = png.length - 12;
		// A private, ancillary chunk ("emPa": lower-case first and second letters) that decoders skip (PNG spec §5.4).
		const pad = size - png.length - 12;
		if (pad < 0) return undefined;
		return Buffer.concat([png.subarray(0, iend), pngChunk('emPa', Buffer.alloc(pad, 0x20)), png.subarray(iend)]);
	}
	if (file.mediaType === 'image/jpeg') {
		// COM segments (FF FE, a 2-byte length that counts itself, at most 65,533 bytes of text) after SOI (ITU T.81 B.2.4.5).
		let pad = size - JPEG.length;
		if (pad !== 0 && pad < 4) return undefined;
		/** @type {Buffer[]} */
		const segments = [];
		while (pad > 0) {
			// Leave either nothing or at least a whole empty segment (4 bytes) for the next round.
			let text = Math.min(65_533, pad - 4);
			if (pad - 4 - text > 0 && pad - 4 - text < 4) text -= 4;
			const segment = Buffer.alloc(4 + text, 0x20);
			segment.set([0xff, 0xfe], 0);
			segment.writeUInt16BE(2 + text, 2);
			segments.push(segment);
			pad -= segment.length;
		}
		return Buffer.concat([JPEG.subarray(0, 2), ...segments, JPEG.subarray(2)]);
	}
	if (file.mediaType === 'image/svg+xml') {
		const [r, g, b] = createHash('sha1').update(file.assetId).digest();
		const colour = `rgb(${r},${g},${b})`;
		const head = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><circle cx="64" cy="64" r="56" fill="${colour}"/><!--`;
		const tail = '--></svg>\n';
		const pad = size - head.length - tail.length;
		if (pad < 0) return undefined;
		return Buffer.from(head + ' '.repeat(pad) + tail, 'latin1');
	}
	return undefined;
}

module.exports = { demoImageBytes, solidPng };
