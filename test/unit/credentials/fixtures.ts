/** The credential the profile and import tests share, and the check that no error quotes its secret. */
import * as assert from 'node:assert/strict';
import { thrownMessage } from '../helpers';

export const ID = '4f9c6a1e2b7d4c3a9e8f0a1b2c3d4e5f';
export const SECRET = 'p8e-EMULATOR-demo-secret-0123456789ab';

/** The message of the invalidInput error `fn` throws; fails if it quotes the secret. */
export function errorOf(fn: () => unknown): string {
	const message = thrownMessage('invalidInput', fn);
	assert.ok(!message.includes(SECRET), 'the message quotes the secret');
	return message;
}
