import * as assert from 'node:assert/strict';
import { HttpResponse } from '../../../src/core/common/http';
import { prettyBody } from '../../../src/core/requests/responseDocument';
import { accessError, httpError, parseJson, readErrorBody, withoutJsonPrefix } from '../../../src/core/common/adobeAnswers';
import { parseJson as parseRequestJson } from '../../../src/core/requests/send';

const answer = (status: number, text: string, headers: Record<string, string> = {}): HttpResponse => ({
	status,
	text,
	headers,
	durationMs: 1,
});

describe('reading answers as Adobe documents them', () => {
	describe("Lightroom's while (1) {} prefix (AdobeDocs/lightroom-partner-apis usage/calling.md)", () => {
		const catalog = 'while (1) {}\n{"base":"https://lr.adobe.io/v2/catalogs/18c23e15/","id":"18c23e15"}';

		it("is stripped before parsing, in every spacing Adobe's own pattern allows", () => {
			for (const prefix of ['while (1) {}', 'while(1){}', '  while ( 1 ) { }\r\n', 'while (1) {}\n\n']) {
				assert.equal(withoutJsonPrefix(`${prefix}{"a":1}`), '{"a":1}', JSON.stringify(prefix));
			}
			assert.deepEqual(parseJson('photoshop', answer(200, catalog)), { base: 'https://lr.adobe.io/v2/catalogs/18c23e15/', id: '18c23e15' });
			assert.deepEqual(parseRequestJson(catalog), { base: 'https://lr.adobe.io/v2/catalogs/18c23e15/', id: '18c23e15' });
			assert.deepEqual(readErrorBody(answer(404, 'while (1) {}\n{"code":"NotFound","title":"Not found"}')), {
				code: 'NotFound',
				detail: 'Not found',
			});
		});

		it('is gone from the pretty-printed response document', () => {
			assert.equal(
				prettyBody(catalog, 'application/json;charset=utf-8'),
				'{\n  "base": "https://lr.adobe.io/v2/catalogs/18c23e15/",\n  "id": "18c23e15"\n}',
			);
		});

		it('leaves other text alone, and costs no more than a glance on a long body', () => {
			for (const text of ['{"while": 1}', 'while (1) {', 'Welcome to the Photoshop API!', '']) assert.equal(withoutJsonPrefix(text), text);
			assert.equal(
				prettyBody('while (1) {} not json', 'text/plain'),
				'while (1) {} not json',
				'not JSON after the prefix: shown as it came',
			);
			const huge = `${' '.repeat(5_000_000)}x`;
			const started = performance.now();
			assert.equal(withoutJsonPrefix(huge), huge);
			assert.ok(performance.now() - started < 1000, 'only the start is looked at');
		});
	});

	describe("Firefly's x-access-error", () => {
		it('is read only as one of the four documented reasons', () => {
			for (const reason of ['quota_exhausted', 'user_non_entitled', 'user_profile_denied', 'invalid_ims_scope']) {
				assert.equal(accessError(answer(403, '', { 'x-access-error': reason })), reason);
			}
			assert.equal(accessError(answer(403, '', { 'x-access-error': ' USER_NON_ENTITLED ' })), 'user_non_entitled');
			assert.equal(accessError(answer(403, '', { 'x-access-error': 'something_else' })), undefined);
			assert.equal(accessError(answer(403, '')), undefined);
		});

		it('turns a 403 into its own message and code, and only a 403', () => {
			const denied = httpError(
				'photoshop',
				answer(403, '{"error_code":"access_error"}', { 'x-access-error': 'quota_exhausted' }),
				undefined,
				0,
				'The Firefly API',
			);
			assert.equal(denied.code, 'quota_exhausted');
			assert.match(
				denied.message,
				/^The Firefly API refused the call \(HTTP 403, x-access-error: quota_exhausted\): the organisation's Firefly quota is used up\./,
			);
			const other = httpError(
				'photoshop',
				answer(500, '{"error_code":"internal"}', { 'x-access-error': 'quota_exhausted' }),
				undefined,
				0,
				'The Firefly API',
			);
			assert.equal(other.code, 'internal');
		});
	});
});
