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
 * @param {{ assetId: string, mediaType?: string, path?: string }} file @param {number} size
 * @returns {Buffer | undefined}
 */
function demoImageBytes(file, size) {
	if (file.mediaType === 'image/png') return padExactly(solidPng(48, file.assetId), 'image/png', size);
	if (file.mediaType === 'image/jpeg') return padExactly(JPEG, 'image/jpeg', size);
	if (file.mediaType === 'image/vnd.adobe.photoshop') {
		// The demo PSD with a layer tree (operations.js DEMO_PSD_PATH) is 1200 × 800, as its manifest says.
		const [width, height] = file.path === '/Brand Refresh 2026/Campaign/key-visual.psd' ? [1200, 800] : [64, 64];
		const psd = solidPsd(width, height, file.assetId, size);
		return psd.length === size ? psd : undefined;
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

/**
 * `bytes` (a PNG, JPEG or TIFF) padded to exactly `size` bytes in a way its readers skip, or undefined when
 * that size cannot be reached: a private, ancillary PNG chunk ("emPa": lower-case first and second letters)
 * before IEND, which decoders skip (PNG spec §5.4); JPEG COM segments (FF FE, a 2-byte length that counts
 * itself, at most 65,533 bytes of text) after SOI (ITU T.81 B.2.4.5); trailing bytes after a TIFF's last strip.
 * @param {Buffer} bytes @param {string | undefined} mediaType @param {number} size @returns {Buffer | undefined}
 */
function padExactly(bytes, mediaType, size) {
	let pad = size - bytes.length;
	if (pad === 0) return bytes;
	if (pad < 0) return undefined;
	if (mediaType === 'image/png') {
		if (pad < 12) return undefined;
		const iend = bytes.length - 12;
		return Buffer.concat([bytes.subarray(0, iend), pngChunk('emPa', Buffer.alloc(pad - 12, 0x20)), bytes.subarray(iend)]);
	}
	if (mediaType === 'image/jpeg') {
		if (pad < 4) return undefined;
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
		return Buffer.concat([bytes.subarray(0, 2), ...segments, bytes.subarray(2)]);
	}
	if (mediaType === 'image/tiff') return Buffer.concat([bytes, Buffer.alloc(pad)]);
	return undefined;
}

/**
 * `bytes` padded to `size` as padExactly does, or as given when it is already as large or cannot be padded
 * to exactly that size. For benchmarks of large results.
 * @param {Buffer} bytes @param {string} mediaType @param {number} size
 */
function padImage(bytes, mediaType, size) {
	return (size > bytes.length && padExactly(bytes, mediaType, size)) || bytes;
}

/** RGB of a seed. @param {string} seed @returns {[number, number, number]} */
function colourOf(seed) {
	const [r, g, b] = createHash('sha1').update(seed).digest();
	return [r, g, b];
}

/**
 * The demo JPEG with a comment segment naming `seed` (ITU T.81 B.2.4.5, after SOI): still the same picture,
 * but bytes that differ per job and output, so a test can tell which result it holds. @param {string} seed
 */
function jpegWithComment(seed) {
	const text = Buffer.from(`emulator ${seed}`.slice(0, 200), 'latin1');
	const segment = Buffer.alloc(4 + text.length);
	segment.set([0xff, 0xfe], 0);
	segment.writeUInt16BE(2 + text.length, 2);
	text.copy(segment, 4);
	return Buffer.concat([JPEG.subarray(0, 2), segment, JPEG.subarray(2)]);
}

/**
 * A baseline TIFF (TIFF 6.0, little-endian, one uncompressed RGB strip) of one colour derived from `seed`.
 * @param {number} size @param {string} seed
 */
function solidTiff(size, seed) {
	const [r, g, b] = colourOf(seed);
	const entries = [
		[256, 3, 1, size], // ImageWidth
		[257, 3, 1, size], // ImageLength
		[258, 3, 3, 122], // BitsPerSample 8,8,8 (at offset 122)
		[259, 3, 1, 1], // Compression: none
		[262, 3, 1, 2], // PhotometricInterpretation: RGB
		[273, 4, 1, 128], // StripOffsets
		[277, 3, 1, 3], // SamplesPerPixel
		[278, 3, 1, size], // RowsPerStrip
		[279, 4, 1, size * size * 3], // StripByteCounts
	];
	const head = Buffer.alloc(128);
	head.write('II', 0, 'latin1');
	head.writeUInt16LE(42, 2);
	head.writeUInt32LE(8, 4);
	head.writeUInt16LE(entries.length, 8);
	entries.forEach(([tag, type, count, value], i) => {
		const at = 10 + i * 12;
		head.writeUInt16LE(tag, at);
		head.writeUInt16LE(type, at + 2);
		head.writeUInt32LE(count, at + 4);
		if (type === 3 && count === 1) head.writeUInt16LE(value, at + 8);
		else head.writeUInt32LE(value, at + 8);
	});
	head.writeUInt32LE(0, 10 + entries.length * 12); // no next IFD
	for (let i = 0; i < 3; i++) head.writeUInt16LE(8, 122 + i * 2);
	const pixels = Buffer.alloc(size * size * 3);
	for (let i = 0; i < pixels.length; i += 3) pixels.set([r, g, b], i);
	return Buffer.concat([head, pixels]);
}

/**
 * A flattened Photoshop document (Adobe Photoshop File Formats Specification, "File Header Section" to
 * "Image Data Section": 8BPS version 1, RGB, 8 bits, PackBits-compressed rows) of one colour derived from
 * `seed`, at least `minSize` bytes: the padding is an image resource block (8BIM, an unassigned id 7999) that
 * readers skip. Small whatever its size: a solid row packs into two bytes per 128 pixels.
 * @param {number} width @param {number} height @param {string} seed @param {number} [minSize]
 */
function solidPsd(width, height, seed, minSize = 0) {
	const [r, g, b] = colourOf(seed);
	const header = Buffer.alloc(26);
	header.write('8BPS', 0, 'latin1');
	header.writeUInt16BE(1, 4); // version
	header.writeUInt16BE(3, 12); // channels
	header.writeUInt32BE(height, 14);
	header.writeUInt32BE(width, 18);
	header.writeUInt16BE(8, 22); // depth
	header.writeUInt16BE(3, 24); // RGB
	// Compression 1 (RLE): a byte count per row of every channel, then each row as PackBits runs of at most 128.
	/** @param {number} value */
	const row = (value) => {
		const runs = [];
		for (let left = width; left > 0; left -= 128) runs.push((257 - Math.min(128, left)) & 0xff, value);
		return Buffer.from(runs);
	};
	const rows = [r, g, b].map(row);
	const counts = Buffer.alloc(2 * 3 * height);
	const data = [];
	for (let channel = 0; channel < 3; channel++)
		for (let y = 0; y < height; y++) {
			counts.writeUInt16BE(rows[channel].length, 2 * (channel * height + y));
			data.push(rows[channel]);
		}
	const image = Buffer.concat([Buffer.from([0, 1]), counts, ...data]);
	const length = (/** @type {number} */ n) => {
		const out = Buffer.alloc(4);
		out.writeUInt32BE(n);
		return out;
	};
	const bare = 26 + 4 + 4 + 4 + image.length;
	/** @type {Buffer} */
	let resources = Buffer.alloc(0);
	if (minSize > bare) {
		// 8BIM, id, empty Pascal name padded to 2 bytes, data length, data padded to an even length.
		const data = Math.max(0, minSize - bare - 12);
		const block = Buffer.alloc(12 + data + (data % 2), 0x20);
		block.write('8BIM', 0, 'latin1');
		block.writeUInt16BE(7999, 4);
		block.writeUInt16BE(0, 6);
		block.writeUInt32BE(data, 8);
		resources = block;
	}
	return Buffer.concat([header, length(0), length(resources.length), resources, length(0), image]);
}

/** The width and height in a Photoshop document's header, if `bytes` starts with one. @param {Buffer} bytes */
function psdSize(bytes) {
	if (bytes.length < 26 || bytes.toString('latin1', 0, 4) !== '8BPS') return undefined;
	return { width: bytes.readUInt32BE(18), height: bytes.readUInt32BE(14) };
}

module.exports = { demoImageBytes, solidPng, solidTiff, solidPsd, psdSize, jpegWithComment, padImage, JPEG };
