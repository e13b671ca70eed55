import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KEPT_NAMED_PREVIEWS, PreviewFolder, safeFileName } from '../../../src/core/common/previewFolder';

const POSIX = process.platform !== 'win32';
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('preview folder', () => {
	let parent: string;
	let previews: PreviewFolder;

	beforeEach(() => {
		parent = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-preview-test-'));
		previews = new PreviewFolder(parent);
	});
	afterEach(() => {
		previews.dispose();
		fs.rmSync(parent, { recursive: true, force: true });
	});

	it('writes into a fresh folder only this user can open, files only this user can read', async () => {
		const file = await previews.write('urn:aaid:sc:US:1234.png', Buffer.from('png'));
		const folder = path.dirname(file);
		assert.equal(path.dirname(folder), parent);
		assert.match(path.basename(folder), /^adobe-api-toolkit-preview-\w{6}$/);
		assert.equal(path.basename(file), 'urn_aaid_sc_US_1234.png');
		assert.equal(fs.readFileSync(file, 'utf8'), 'png');
		if (POSIX) {
			assert.equal(modeOf(folder), 0o700);
			assert.equal(modeOf(file), 0o600);
		}
		const other = new PreviewFolder(parent);
		assert.notEqual(path.dirname(await other.write('a.png', Buffer.from('x'))), folder, 'each instance has its own folder');
		other.dispose();
	});

	it('keeps only the latest preview, and a name cannot leave the folder', async () => {
		const first = await previews.write('first.png', Buffer.from('1'));
		const again = await previews.write('first.png', Buffer.from('1 again'));
		assert.equal(again, first);
		assert.equal(fs.readFileSync(first, 'utf8'), '1 again');
		const second = await previews.write('../../second.png', Buffer.from('2'));
		assert.equal(path.dirname(second), path.dirname(first));
		assert.deepEqual(fs.readdirSync(path.dirname(first)), [path.basename(second)], 'the replaced preview is removed');
		assert.equal(path.basename(await previews.write('..', Buffer.from('3'))), '_.');
	});

	it('removes the folder on dispose, and makes a new one for the next preview', async () => {
		const folder = path.dirname(await previews.write('a.png', Buffer.from('a')));
		previews.dispose();
		assert.equal(fs.existsSync(folder), false);
		const next = await previews.write('b.png', Buffer.from('b'));
		assert.notEqual(path.dirname(next), folder);
		assert.equal(fs.readFileSync(next, 'utf8'), 'b');
	});

	describe('named previews (titled by the file name, #18)', () => {
		it("writes the file under its own name, in a private folder per asset, so the tab reads the file's name", async () => {
			const id = 'urn:aaid:sc:US:22222222-aaaa-bbbb-cccc-333333333333';
			const file = await previews.writeNamed(id, 'logo mono.png', Buffer.from('png'));
			assert.equal(path.basename(file), 'logo mono.png');
			const assetFolder = path.dirname(file);
			assert.match(path.basename(assetFolder), /^[0-9a-f]{16}$/, 'the folder is a hash of the id, not the id');
			assert.match(path.basename(path.dirname(assetFolder)), /^adobe-api-toolkit-preview-\w{6}$/);
			if (POSIX) {
				assert.equal(modeOf(assetFolder), 0o700);
				assert.equal(modeOf(file), 0o600);
			}
			const same = await previews.writeNamed(id, 'renamed.png', Buffer.from('again'));
			assert.equal(path.dirname(same), assetFolder, 'the same asset, the same folder');
			assert.deepEqual(fs.readdirSync(assetFolder), ['renamed.png'], 'its earlier preview is replaced');
			const other = await previews.writeNamed('urn:aaid:sc:US:other', 'logo mono.png', Buffer.from('b'));
			assert.notEqual(path.dirname(other), assetFolder, 'two files of one name do not overwrite each other');
			assert.equal(fs.readFileSync(same, 'utf8'), 'again');
		});

		it('keeps a name from leaving its folder, or being one a file system refuses', async () => {
			for (const hostile of ['../../../etc/passwd', '..', '.', '..\\..\\win.ini', '/abs/olute.png', 'a/../../b.png']) {
				const file = await previews.writeNamed(`id:${hostile}`, hostile, Buffer.from('x'));
				const folder = path.dirname(path.dirname(file));
				assert.equal(path.dirname(folder), parent, `${hostile} stayed in the preview folder`);
				assert.equal(path.dirname(file).startsWith(folder + path.sep), true);
				assert.ok(fs.existsSync(file));
			}
			assert.equal(safeFileName('../../etc/passwd'), '_._.._etc_passwd');
			assert.equal(safeFileName('..'), 'preview');
			assert.equal(safeFileName('.hidden.png'), '_hidden.png');
			assert.equal(safeFileName('what? "no": <yes>|*.png'), 'what_ _no__ _yes___.png');
			assert.equal(safeFileName('tab\there\u0000.png'), 'tab_here_.png');
			assert.equal(safeFileName('CON.png'), '_CON.png');
			assert.equal(safeFileName('name. . '), 'name');
			assert.equal(safeFileName('Fotos de verano 夏.jpg.png'), 'Fotos de verano 夏.jpg.png', 'spaces and letters of any script stay');
			const long = safeFileName(`${'é'.repeat(300)}.png`);
			assert.ok(Buffer.byteLength(long) <= 200 && long.endsWith('.png'), long);
			assert.equal(long, `${'é'.repeat(98)}.png`, 'the longest start of the name that fits, in whole characters');
		});

		it("shortens a server's very long name in time that does not grow with it (the name is the server's)", () => {
			// Trimming one character at a time took 0.4 s at 8,000 characters and four times as long per doubling.
			const time = (n: number) => {
				const started = performance.now();
				const name = safeFileName(`${'é'.repeat(n)}.png`);
				assert.equal(Buffer.byteLength(name), 200);
				return performance.now() - started;
			};
			time(1_000);
			const small = time(100_000);
			const large = time(200_000);
			assert.ok(large < 250, `200,000 characters took ${large.toFixed(1)} ms (100,000: ${small.toFixed(1)} ms)`);
		});

		it(`keeps the ${KEPT_NAMED_PREVIEWS} latest previews, so a tab left open still has its file`, async () => {
			const files: string[] = [];
			for (let i = 0; i <= KEPT_NAMED_PREVIEWS; i++) files.push(await previews.writeNamed(`id-${i}`, `${i}.png`, Buffer.from(String(i))));
			assert.equal(fs.existsSync(files[0]), false, 'the oldest is removed');
			assert.ok(files.slice(1).every((file) => fs.existsSync(file)));
			await previews.writeNamed('id-1', '1.png', Buffer.from('1 again'));
			await previews.writeNamed('id-new', 'new.png', Buffer.from('n'));
			assert.ok(fs.existsSync(files[1]), 'previewing one again makes it the latest');
			assert.equal(fs.existsSync(files[2]), false);
		});

		it('tells a preview folder from any other, for the file dialogs', async () => {
			const file = await previews.writeNamed('id', 'a.png', Buffer.from('a'));
			assert.equal(PreviewFolder.holds(path.dirname(file), parent), true);
			assert.equal(PreviewFolder.holds(path.dirname(path.dirname(file)), parent), true);
			assert.equal(PreviewFolder.holds(parent, parent), false);
			assert.equal(PreviewFolder.holds(path.join(parent, 'projects'), parent), false);
			assert.equal(PreviewFolder.holds(os.homedir(), parent), false);
		});
	});
});
