import * as assert from 'node:assert/strict';
import { describeListingQuery, foldersQueryFor, listingQueryProblem } from '../../../src/core/storage/queries';

describe('Cloud Storage listing queries', () => {
	describe('a filter in words (the row says it; #18 showed `$(filter) mediaType==image/jpeg`)', () => {
		it("says the Filter… pick's own labels, the order and the name filter", () => {
			assert.deepEqual(describeListingQuery('children', { filter: 'mediaType==image/jpeg', sortBy: '-name', name: '1' }), {
				short: 'JPEG images · Z → A · “1” in name',
				lines: ['Filter: JPEG images', 'Order: Name, Z → A', 'Name contains: “1”'],
			});
			assert.deepEqual(describeListingQuery('projects', { filter: 'createdBy!=current_user' }), {
				short: 'Shared with this credential',
				lines: ['Filter: Shared with this credential'],
			});
			assert.deepEqual(describeListingQuery('children', { sortBy: '-modified' }), {
				short: 'recently modified first',
				lines: ['Order: Recently modified first'],
			});
		});

		it('says a filter a script set in plain words, never as codicon syntax or bare FIQL', () => {
			const words = describeListingQuery('children', {
				filter: 'state==deleted;mediaType=in=(image/png,image/webp)',
				sortBy: '-modified,name',
			});
			assert.deepEqual(words, {
				short: 'Deleted items, image/png or image/webp files · by modified descending,name',
				lines: ['Filter: Deleted items, image/png or image/webp files', 'Order: by modified descending,name'],
			});
			assert.doesNotMatch(words.short, /\$\(|==|=in=/);
			assert.equal(describeListingQuery('children', { filter: 'assetType==folder' })?.short, 'Folders only');
			assert.equal(describeListingQuery('children', {}), undefined, 'no filter, nothing to say');
			assert.equal(describeListingQuery('children', { filter: ' ' }), undefined);
		});
	});

	describe('folders kept under a filter by media type', () => {
		it('lists the folders with a second, documented query (assetType==folder) that keeps the other constraints', () => {
			assert.equal(foldersQueryFor('mediaType==image/jpeg'), 'assetType==folder');
			assert.equal(foldersQueryFor('mediaType=in=(image/png,image/jpeg)'), 'assetType==folder');
			assert.equal(foldersQueryFor('state==deleted;mediaType==image/png'), 'state==deleted;assetType==folder');
			for (const query of ['state==deleted;mediaType==image/png', 'mediaType==image/jpeg']) {
				assert.equal(listingQueryProblem('children', { filter: foldersQueryFor(query) }), undefined, 'Adobe accepts the folders query');
			}
		});

		it('adds nothing where folders are not hidden, or where the user chose an asset type', () => {
			for (const filter of [
				undefined,
				'',
				'state==deleted',
				'assetType==file',
				'assetType==folder',
				'mediaType==image/png;assetType==file',
			]) {
				assert.equal(foldersQueryFor(filter), undefined, String(filter));
			}
		});
	});

	it('refuses "or" (,), which the spec does not document, pointing to =in=', () => {
		assert.match(
			listingQueryProblem('children', { filter: 'mediaType==image/jpeg,assetType==folder' }) ?? '',
			/^filter "mediaType==image\/jpeg,assetType==folder" is not accepted for a project or folder: Adobe documents no "or" \(,\) in filters; for several media types use mediaType=in=\(a,b\)\.$/,
		);
		assert.equal(listingQueryProblem('children', { filter: 'mediaType=in=(image/jpeg,image/png)' }), undefined);
		assert.notEqual(listingQueryProblem('projects', { filter: 'createdBy==current_user,state==deleted' }), undefined);
	});
});
