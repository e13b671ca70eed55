import * as assert from 'node:assert/strict';
import { formatViolations, type Violation } from '../emulator/contract';
import { emulatorControl } from './helpers';

// Runs last (files run in name order): the whole suite's Cloud Storage traffic, judged by Adobe's spec.
describe("Adobe's Cloud Storage contract", () => {
	it('saw no request or response that breaks the OpenAPI spec during the suite', async () => {
		const { violations } = await emulatorControl<{ violations: Violation[] }>('DELETE', 'violations');
		assert.deepEqual(violations, [], formatViolations(violations));
	});
});
