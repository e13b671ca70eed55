/** Issue #18 (8): the Adobe view's title names the active profile, and follows it. */
import * as assert from 'node:assert/strict';
import { showActiveProfile } from '../../../src/features/explorer/viewTitle';

describe("the Adobe view's title", () => {
	it('names the active profile, follows a change, and nothing once no profile is left', () => {
		let active: { name: string } | undefined = { name: 'Photoshop dev' };
		const listeners: Array<() => void> = [];
		const profiles = {
			active: () => active,
			onDidChange: (listener: () => void) => {
				listeners.push(listener);
				return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
			},
		};
		const view = { description: undefined as string | boolean | undefined };
		const subscription = showActiveProfile({ profiles } as never, view as never);
		assert.equal(view.description, 'Photoshop dev');
		active = { name: 'Cloud Storage' };
		listeners.forEach((l) => l());
		assert.equal(view.description, 'Cloud Storage');
		active = undefined;
		listeners.forEach((l) => l());
		assert.equal(view.description, undefined);
		subscription.dispose();
		assert.equal(listeners.length, 0, 'disposing stops following');
	});
});
