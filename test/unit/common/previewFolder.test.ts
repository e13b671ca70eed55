import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PreviewFolder } from '../../../src/core/common/previewFolder';

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
});
