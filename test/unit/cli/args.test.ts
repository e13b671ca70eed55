/** The runner's command line (src/cli/args.ts): what it accepts, and a usage error naming what it does not. */
import * as assert from 'node:assert/strict';
import { UsageError, parseArgs } from '../../../src/cli/args';

describe('adobe-api-toolkit command line', () => {
	it('reads run with files and options before, between and after them, as --name value or --name=value', () => {
		assert.deepEqual(
			parseArgs([
				'run',
				'a.http',
				'--env',
				'dev',
				'b.rest',
				'--junit=out/r.xml',
				'--bail',
				'--var',
				'user=ann',
				'--var=pw=x=y',
				'--allow-origin',
				'https://gw.example.com',
			]),
			{
				command: 'run',
				files: ['a.http', 'b.rest'],
				env: 'dev',
				junit: 'out/r.xml',
				bail: true,
				vars: Object.assign(Object.create(null), { user: 'ann', pw: 'x=y' }),
				allowOrigins: ['https://gw.example.com'],
			},
		);
		assert.deepEqual(
			parseArgs(['run', '--', '--odd-name.http']).command === 'run' &&
				(parseArgs(['run', '--', '--odd-name.http']) as { files: string[] }).files,
			['--odd-name.http'],
		);
		assert.deepEqual(parseArgs(['--help']), { command: 'help' });
		assert.deepEqual(parseArgs(['run', 'x', '-v']), { command: 'version' });
	});

	for (const [argv, message] of [
		[[], /No command/],
		[['send', 'a.http'], /Unknown command "send"/],
		[['run'], /at least one request file/],
		[['run', 'a.http', '--nope'], /Unknown option "--nope"/],
		[['run', 'a.http', '--env'], /--env needs a value/],
		[['run', 'a.http', '--env', '--bail'], /--env needs a value/],
		[['run', 'a.http', '--env', 'a', '--env', 'b'], /given 2 times/],
		[['run', 'a.http', '--var', 'novalue'], /name=value/],
		[['run', 'a.http', '--var', '1x=2'], /name=value/],
		[['run', 'a.http', '--var', 'a=1', '--var', 'a=2'], /given twice/],
		[['run', 'a.http', '--bail=yes'], /takes no value/],
		[['run', 'a.http', '--\u001b[31mred'], /Unknown option "--\?\[31mred"/],
	] as Array<[string[], RegExp]>) {
		it(`refuses ${JSON.stringify(argv)} with a usage error`, () => {
			assert.throws(
				() => parseArgs(argv),
				(error: unknown) => error instanceof UsageError && message.test(error.message),
			);
		});
	}
});
