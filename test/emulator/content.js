// @ts-check
/**
 * Deterministic demo content for the emulator's Cloud Storage: a few projects with nested folders,
 * files of several media types, an empty folder, an empty project, and one folder with many items
 * (10,000 by default) for paging and benchmarks. Same input, same ids and dates, every run.
 */
const { createHash } = require('node:crypto');

/**
 * @typedef {object} Asset
 * @property {string} assetType   project | folder | file
 * @property {string} assetId
 * @property {string} name
 * @property {string} path
 * @property {string[]} ancestors  nearest parent first
 * @property {string} state
 * @property {string} createdDate
 * @property {string} modifiedDate
 * @property {string} createdBy
 * @property {string} modifiedBy
 * @property {string} [mediaType]
 * @property {number} [size]
 *
 * @typedef {object} Content
 * @property {Asset[]} projects
 * @property {Map<string, Asset>} byId
 * @property {Map<string, Asset[]>} children  assetId of a project or folder → its children
 * @property {string} largeFolderId
 */

const ORG_USER = '08D81E3B665BE5640A495C2C@AdobeOrg';
/** The Technical Account behind every token the emulator mints: `current_user` in filters. */
const TECH_USER = '3C1A5F7E9B2D4A6C8E0F1A2B@techacct.adobe.com';
const EPOCH = Date.parse('2026-01-05T14:00:00Z');

const MEDIA_TYPES = {
	png: 'image/png',
	jpg: 'image/jpeg',
	svg: 'image/svg+xml',
	psd: 'image/vnd.adobe.photoshop',
	pdf: 'application/pdf',
	mp4: 'video/mp4',
	txt: 'text/plain',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** @param {string} seed */
function assetId(seed) {
	const h = createHash('sha1').update(seed).digest('hex');
	return `urn:aaid:sc:US:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** @param {string} name */
function mediaTypeOf(name) {
	const ext = /** @type {keyof typeof MEDIA_TYPES} */ (name.slice(name.lastIndexOf('.') + 1).toLowerCase());
	return MEDIA_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * The tree as nested literals: a string is a file, an object { name: children } a folder.
 * @typedef {string | { [folder: string]: Tree[] }} Tree
 */

/** @param {{ largeFolderSize?: number }} [options] */
function createDemoContent(options = {}) {
	const largeFolderSize = options.largeFolderSize ?? 10_000;
	/** @type {Content} */
	const content = { projects: [], byId: new Map(), children: new Map(), largeFolderId: '' };
	let tick = 0;

	/** @param {string} assetType @param {string} name @param {Asset | undefined} parent @param {number} [size] */
	function add(assetType, name, parent, size) {
		const path = parent ? `${parent.path}/${name}` : `/${name}`;
		tick++;
		/** @type {Asset} */
		const asset = {
			assetType,
			assetId: assetId(path),
			name,
			path,
			ancestors: parent ? [parent.assetId, ...parent.ancestors] : [],
			state: 'active',
			createdDate: new Date(EPOCH + tick * 60_000).toISOString(),
			modifiedDate: new Date(EPOCH + tick * 60_000 + (tick % 7) * 3_600_000).toISOString(),
			createdBy: tick % 3 === 0 ? TECH_USER : ORG_USER,
			modifiedBy: ORG_USER,
		};
		if (assetType === 'file') {
			asset.mediaType = mediaTypeOf(name);
			asset.size = size ?? 1024 * ((tick * 7919) % 5000) + 512;
		}
		content.byId.set(asset.assetId, asset);
		if (parent) content.children.get(parent.assetId)?.push(asset);
		else content.projects.push(asset);
		if (assetType !== 'file') content.children.set(asset.assetId, []);
		return asset;
	}

	/** @param {Tree[]} trees @param {Asset} parent */
	function addTrees(trees, parent) {
		for (const tree of trees) {
			if (typeof tree === 'string') add('file', tree, parent);
			else {
				for (const [name, kids] of Object.entries(tree)) addTrees(kids, add('folder', name, parent));
			}
		}
	}

	/** @type {Record<string, Tree[]>} */
	const projects = {
		'Brand Refresh 2026': [
			{ Logos: ['logo-primary.svg', 'logo-mono.png', 'logo-guidelines.pdf'] },
			{ Social: [{ Instagram: ['post-01.jpg', 'post-02.jpg', 'story-01.jpg'] }, { LinkedIn: ['banner.png', 'carousel-1.png'] }] },
			'creative-brief.docx',
		],
		'Product Shots': [
			{ Spring: Array.from({ length: 12 }, (_, i) => `shoe-${String(i + 1).padStart(2, '0')}.${i % 3 === 0 ? 'psd' : 'jpg'}`) },
			'shot-list.txt',
		],
		'Summer Campaign': [{ Drafts: [] }, 'hero-banner.psd', 'teaser.mp4', 'copy-deck.pdf'],
		'Empty Project': [],
	};
	for (const [name, trees] of Object.entries(projects)) addTrees(trees, add('project', name, undefined));

	const shots = content.projects.find((p) => p.name === 'Product Shots');
	if (!shots) throw new Error('demo content lost its Product Shots project');
	const archive = add('folder', `Archive (${largeFolderSize.toLocaleString('en-US')} items)`, shots);
	content.largeFolderId = archive.assetId;
	const width = String(largeFolderSize).length;
	for (let i = 1; i <= largeFolderSize; i++)
		add('file', `IMG_${String(i).padStart(Math.max(5, width), '0')}.jpg`, archive, 200_000 + (i % 997) * 1000);
	// Added last, so the ids, dates and sizes above stay as they were: the demo PSD whose generate-manifest answer has a
	// layer tree (groups, text layers, a smart object; operations.js DEMO_PSD_PATH), 1200 × 800 (demoImages.js).
	const brand = content.projects.find((p) => p.name === 'Brand Refresh 2026');
	if (!brand) throw new Error('demo content lost its Brand Refresh 2026 project');
	add('file', 'key-visual.psd', add('folder', 'Campaign', brand), 262_144);
	return content;
}

module.exports = { createDemoContent, assetId, mediaTypeOf, TECH_USER };
