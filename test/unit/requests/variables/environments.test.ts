/** Issue #21: REST Client's environments (rest-client.environmentVariables, $shared), the settings.json and .env readers the CLI uses. */
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
	MAX_DOTENV_BYTES,
	MAX_ENVIRONMENT_CHARS,
	dotenvSource,
	environmentSettingFromJsonc,
	environmentVariables,
	environmentsFrom,
	formParamEncodingStrategyFrom,
	readWorkspaceEnvironmentSetting,
	readWorkspaceRestClientSettings,
} from '../../../../src/core/requests/environments';
import { rejection } from '../../helpers';
import { assertLinear } from '../../linear';

/** REST Client README's sample ("Environment Variables"). */
const SETTING = {
	$shared: { version: 'v1', prodToken: 'foo', nonProdToken: 'bar' },
	local: { version: 'v2', host: 'localhost', token: '{{$shared nonProdToken}}', secretKey: 'devSecret' },
	production: { host: 'example.com', token: '{{$shared prodToken}}', secretKey: 'prodSecret' },
};

describe('request variables: environments', () => {
	it('lists the environments a user can pick, without $shared, in order', () => {
		assert.deepEqual(environmentsFrom(SETTING), ['local', 'production']);
		assert.deepEqual(environmentsFrom({ a: {}, b: 'x', c: null, d: [] }), ['a']);
		assert.deepEqual(environmentsFrom(undefined), []);
		assert.deepEqual(environmentsFrom('x'), []);
	});

	it("merges $shared under the selected environment and maps {{$shared name}}, as REST Client's README shows", () => {
		assert.deepEqual(environmentVariables(SETTING, 'local'), {
			version: 'v2',
			prodToken: 'foo',
			nonProdToken: 'bar',
			host: 'localhost',
			token: 'bar',
			secretKey: 'devSecret',
		});
		const production = environmentVariables(SETTING, 'production');
		assert.equal(production.version, 'v1', 'inherited from $shared');
		assert.equal(production.token, 'foo');
		// "No Environment": $shared alone.
		assert.deepEqual(environmentVariables(SETTING, undefined), SETTING.$shared);
	});

	it('maps every reference in a value, references inside $shared, and to the environment itself; leaves a missing one as written', () => {
		const setting = {
			$shared: { a: 'A', b: '{{$shared a}}-b' },
			dev: { c: '{{$shared a}}/{{$shared b}}', d: '{{$dev c}}!', e: '{{$shared missing}}', f: '{{$guid}}' },
		};
		assert.deepEqual(environmentVariables(setting, 'dev'), {
			a: 'A',
			b: 'A-b',
			c: 'A/A-b',
			d: 'A/A-b!',
			e: '{{$shared missing}}',
			// Other references stay as written: REST Client does not expand them in environment values.
			f: '{{$guid}}',
		});
	});

	it('prints numbers and booleans, and refuses other shapes naming the setting', () => {
		assert.deepEqual(environmentVariables({ dev: { port: 8080, on: true } }, 'dev'), { port: '8080', on: 'true' });
		assert.throws(
			() => environmentVariables({ dev: { a: { b: 1 } } }, 'dev'),
			/rest-client\.environmentVariables: "dev"\."a" should be a string \(it is object\)/,
		);
		assert.throws(() => environmentVariables({ $shared: 'x' }, undefined), /"\$shared" should be an object/);
		assert.throws(() => environmentVariables([], 'dev'), /should be an object of environments/);
		assert.throws(
			() => environmentVariables(SETTING, 'staging'),
			/"staging" is not defined in rest-client\.environmentVariables \(it defines "local", "production"\)/,
		);
		assert.throws(() => environmentVariables(undefined, 'dev'), /"dev" is not defined: rest-client\.environmentVariables is not set/);
		assert.deepEqual(environmentVariables(undefined, undefined), {});
	});

	it('is bounded: a large environment, and references that multiply a long value, are refused', () => {
		assert.throws(
			() => environmentVariables({ dev: { a: 'x'.repeat(MAX_ENVIRONMENT_CHARS + 1) } }, 'dev'),
			/more than 1,000,000 characters/,
		);
		const long = 'x'.repeat(100_000);
		assert.throws(
			() => environmentVariables({ $shared: { long }, dev: { many: '{{$shared long}}'.repeat(20) } }, 'dev'),
			/references expand to more than/,
		);
	});

	it('maps references in linear time', async function () {
		this.timeout(60_000);
		const make = (n: number) => ({ $shared: { a: 'A' }, dev: { v: '{{$shared a}}'.repeat(n) } });
		await assertLinear('{{$shared a}} references', make, (setting) => environmentVariables(setting, 'dev'), 20_000);
	});

	describe('files', () => {
		let root: string;
		beforeEach(async () => {
			root = await mkdtemp(path.join(tmpdir(), 'vars-env-'));
		});
		afterEach(() => rm(root, { recursive: true, force: true }));

		it('reads the setting from .vscode/settings.json as JSONC (comments, trailing commas)', async () => {
			assert.equal(await readWorkspaceEnvironmentSetting(root), undefined);
			await mkdir(path.join(root, '.vscode'));
			await writeFile(
				path.join(root, '.vscode', 'settings.json'),
				'{\n  // environments\n  "rest-client.environmentVariables": { "dev": { "host": "localhost", }, },\n  "editor.tabSize": 4,\n}\n',
			);
			assert.deepEqual(await readWorkspaceEnvironmentSetting(root), { dev: { host: 'localhost' } });
			assert.throws(() => environmentSettingFromJsonc('{\n"a": 1\n"b": 2}'), /\.vscode\/settings\.json: line 3: CommaExpected/);
			assert.equal(environmentSettingFromJsonc('[]'), undefined);
			// Not through a symbolic link out of the workspace.
			const outside = await mkdtemp(path.join(tmpdir(), 'vars-out-'));
			try {
				await writeFile(path.join(outside, 'settings.json'), '{"rest-client.environmentVariables": {"x": {}}}');
				await rm(path.join(root, '.vscode', 'settings.json'));
				await symlink(path.join(outside, 'settings.json'), path.join(root, '.vscode', 'settings.json'));
				assert.match((await rejection(readWorkspaceEnvironmentSetting(root))).message, /leads outside the workspace/);
			} finally {
				await rm(outside, { recursive: true, force: true });
			}
		});

		it('reads rest-client.formParamEncodingStrategy from the same parse of settings.json, and accepts only automatic, never or always', async () => {
			assert.deepEqual(await readWorkspaceRestClientSettings(root), {});
			await mkdir(path.join(root, '.vscode'));
			await writeFile(
				path.join(root, '.vscode', 'settings.json'),
				'{\n  "rest-client.environmentVariables": { "dev": {} },\n  // REST Client\'s form encoding\n  "rest-client.formParamEncodingStrategy": "never",\n}\n',
			);
			assert.deepEqual(await readWorkspaceRestClientSettings(root), {
				environmentVariables: { dev: {} },
				formParamEncodingStrategy: 'never',
			});
			for (const strategy of ['automatic', 'never', 'always'] as const) assert.equal(formParamEncodingStrategyFrom(strategy), strategy);
			assert.equal(formParamEncodingStrategyFrom(undefined), undefined);
			const wrong: Array<[unknown, string]> = [
				['Never', '"Never"'],
				[true, 'boolean'],
				[null, 'null'],
				['x'.repeat(100), `"${'x'.repeat(40)}"…`],
			];
			for (const [value, shown] of wrong) {
				assert.throws(
					() => formParamEncodingStrategyFrom(value),
					(error: Error) =>
						error.message ===
						`.vscode/settings.json: rest-client.formParamEncodingStrategy should be "automatic", "never", "always" (it is ${shown}).`,
				);
			}
		});

		it('reads .env.<environment>, then .env, beside the request file and up to the workspace root', async () => {
			await mkdir(path.join(root, 'api', 'v1'), { recursive: true });
			const file = path.join(root, 'api', 'v1', 'a.http');
			await writeFile(path.join(root, '.env'), 'ROOT=1\nQUOTED="a b"\n');
			await writeFile(path.join(root, 'api', '.env.dev'), 'DEV=2\n');
			assert.equal(await dotenvSource(file, root, undefined).read('ROOT'), '1');
			assert.equal(await dotenvSource(file, root, undefined).read('QUOTED'), 'a b');
			const dev = dotenvSource(file, root, 'dev');
			assert.equal(await dev.read('DEV'), '2');
			assert.equal(await dev.read('ROOT'), undefined, 'the first file found is the one read, as in REST Client');
			assert.equal(await dev.file(), path.join(root, 'api', '.env.dev'));
			assert.equal(await dotenvSource(file, path.join(root, 'api'), undefined).read('ROOT'), undefined, 'not above the workspace root');
		});

		it('does not follow a symlink out of the workspace, and bounds the size', async () => {
			const outside = await mkdtemp(path.join(tmpdir(), 'vars-out-'));
			try {
				await writeFile(path.join(outside, 'secrets'), 'KEY=outside\n');
				await mkdir(path.join(root, 'w'));
				await symlink(path.join(outside, 'secrets'), path.join(root, 'w', '.env'));
				const error = await rejection(dotenvSource(path.join(root, 'w', 'a.http'), root, undefined).read('KEY'));
				assert.match(error.message, /w\/\.env leads outside the workspace/);
				await rm(path.join(root, 'w', '.env'));
				await writeFile(path.join(root, 'w', '.env'), `A=${'x'.repeat(MAX_DOTENV_BYTES)}`);
				assert.match((await rejection(dotenvSource(path.join(root, 'w', 'a.http'), root, undefined).read('A'))).message, /larger than/);
			} finally {
				await rm(outside, { recursive: true, force: true });
			}
		});
	});
});
