/** Issue #21: the parser keeps httpYac's `??` assertion lines and REST Client's `# @prompt` lines apart from headers and body. */
import * as assert from 'node:assert/strict';
import { parseRequestFile } from '../../../src/core/requests/parse';

describe('request files: assertion and prompt lines', () => {
	it('reads ?? lines before the request line, among the headers and after the body, and keeps the body without them', () => {
		const file = parseRequestFile(
			[
				'# @prompt user Your Adobe ID',
				'// @prompt password',
				'?? status == 202',
				'POST https://example.com/jobs',
				'Content-Type: application/json',
				'?? header content-type includes json',
				'',
				'{"a": 1}',
				'?? inside the body stays body',
				'{"b": 2}',
				'',
				'?? body $.jobId exists',
				'',
				'?? job state == succeeded',
				'',
				'###',
				'GET https://example.com/two',
			].join('\n'),
		);
		assert.deepEqual(file.problems, []);
		const [first, second] = file.requests;
		assert.deepEqual(first.prompts, [
			{ name: 'user', description: 'Your Adobe ID', line: 0 },
			{ name: 'password', description: undefined, line: 1 },
		]);
		assert.deepEqual(first.assertions, [
			{ text: 'status == 202', line: 2 },
			{ text: 'header content-type includes json', line: 5 },
			{ text: 'body $.jobId exists', line: 11 },
			{ text: 'job state == succeeded', line: 13 },
		]);
		assert.deepEqual(
			first.headers.map((h) => h.name),
			['Content-Type'],
		);
		assert.equal(first.body, '{"a": 1}\n?? inside the body stays body\n{"b": 2}');
		assert.deepEqual(second.assertions, []);
		assert.deepEqual(second.prompts, []);
	});

	it('refuses a prompt without a valid name, naming the line', () => {
		const file = parseRequestFile('# @prompt 9lives\nGET https://example.com');
		assert.deepEqual(
			file.problems.map((p) => p.message),
			['Line 1: "@prompt" needs a variable name of letters, digits, "_" and "-" (e.g. "# @prompt username Your Adobe ID").'],
		);
	});
});
