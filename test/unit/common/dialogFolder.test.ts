import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { dialogStartFolder } from '../../../src/core/common/dialogFolder';

describe('where a file dialog starts (#18)', () => {
	const temp = path.resolve('/tmp-for-test');
	const preview = path.join(temp, 'adobe-api-toolkit-preview-Ab12Cd', '0123456789abcdef');
	const existing = new Set(['/work/project', '/downloads', preview].map((p) => path.resolve(p)));
	const exists = (folder: string) => existing.has(folder);
	const home = path.resolve('/home/user');

	it('starts in the folder last chosen for the action, while it exists', () => {
		const downloads = path.resolve('/downloads');
		assert.equal(dialogStartFolder({ remembered: downloads, workspace: path.resolve('/work/project'), home, exists, temp }), downloads);
	});

	it('else in the workspace; else in the home folder', () => {
		const workspace = path.resolve('/work/project');
		assert.equal(dialogStartFolder({ remembered: path.resolve('/gone'), workspace, home, exists, temp }), workspace);
		assert.equal(dialogStartFolder({ workspace, home, exists, temp }), workspace);
		assert.equal(dialogStartFolder({ home, exists, temp }), home);
		assert.equal(dialogStartFolder({ remembered: '', workspace: path.resolve('/gone'), home, exists, temp }), home);
	});

	it('never in a preview folder, even one the user chose last', () => {
		assert.equal(dialogStartFolder({ remembered: preview, home, exists, temp }), home);
		assert.equal(
			dialogStartFolder({ remembered: preview, workspace: path.resolve('/work/project'), home, exists, temp }),
			path.resolve('/work/project'),
		);
	});
});
