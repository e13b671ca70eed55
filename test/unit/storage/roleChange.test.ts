import * as assert from 'node:assert/strict';
import { ROLE_CHANGE_LIMITS, additionsOf, additionsProblem, rolesRequest } from '../../../src/core/storage/roleChange';

/** Change Access's input box and the writer share one rule (core/storage/roleChange.ts): what the box lets through is what gets sent. */
describe('Who has access: one rule for the input box and the writer', () => {
	it('reads emails and group:Name entries, trimmed, skipping empty ones', () => {
		assert.deepEqual(additionsOf(' jane@example.com , group:Designers ,, ', 'edit'), [
			{ email: 'jane@example.com', role: 'edit' },
			{ group: 'Designers', role: 'edit' },
		]);
	});

	it('the input box refuses what rolesRequest refuses, with its message', () => {
		assert.equal(additionsProblem('jane@example.com, group:Designers'), undefined);
		assert.equal(additionsProblem('  ,  '), 'Type at least one email.');
		// A looser box once let these through, and the send then failed after the role was picked.
		for (const text of ['jane@exa mple.com', 'a@b', '<jane@example.com>', 'group:all', 'jane@example.com, JANE@example.com']) {
			const problem = additionsProblem(text);
			assert.ok(problem, text);
			let sent: unknown;
			assert.throws(
				() => rolesRequest({ add: additionsOf(text, 'comment') }),
				(error: Error) => ((sent = error.message), true),
			);
			// The same words, without the frame the box does not need ("Who has access: …  Nothing was changed.").
			assert.ok(String(sent).toLowerCase().includes(problem!.toLowerCase()), `${text}: ${problem} / ${String(sent)}`);
			assert.doesNotMatch(problem!, /Who has access|Nothing was changed/);
		}
	});

	it("counts against Adobe's limit per list, not a number of its own", () => {
		const emails = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@example.com`).join(', ');
		assert.equal(additionsProblem(emails(ROLE_CHANGE_LIMITS.maxPerList)), undefined);
		assert.match(additionsProblem(emails(ROLE_CHANGE_LIMITS.maxPerList + 1)) ?? '', /at most 10 entries per list/);
	});
});
