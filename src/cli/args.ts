/**
 * The command line of the headless runner:
 *
 *   adobe-api-toolkit run <files…> [--env name] [--junit out.xml] [--bail] [--var name=value]… [--allow-origin https://…]…
 *   adobe-api-toolkit --version | --help
 *
 * Options may come before, between or after the files, as `--name value` or `--name=value`; `--` ends
 * the options. Anything else is a usage error (exit status 2) with a message naming it.
 */

/** What `run` was asked to do. */
export interface RunArgs {
	command: 'run';
	files: string[];
	env?: string;
	junit?: string;
	bail: boolean;
	/** `--var name=value`: answers `# @prompt name` and overrides nothing else (see docs/ci.md). */
	vars: Record<string, string>;
	/** `--allow-origin`: origins besides Adobe's and the endpoints that may receive the credential. */
	allowOrigins: string[];
}

export type CliArgs = RunArgs | { command: 'help' } | { command: 'version' };

/** A mistake on the command line: exit status 2, the message and the usage. */
export class UsageError extends Error {}

export const USAGE = `Usage: adobe-api-toolkit run <files…> [options]

Runs the requests of .http/.rest files in order, checks their ?? assertions and exits
0 when all passed, 1 when any failed or errored, 2 on a usage or configuration error.

Options:
  --env <name>             the environment from .vscode/settings.json (rest-client.environmentVariables)
  --junit <file>           also write the results as JUnit XML
  --bail                   stop at the first failed request; the rest are skipped
  --var <name=value>       answer a # @prompt variable (repeatable)
  --allow-origin <origin>  let the credential go to this origin too (repeatable; also ADOBE_APPROVED_ORIGINS)
  --version                print the version
  --help                   print this help

The credential comes from the environment, as for the MCP server: ADOBE_CLIENT_ID and
ADOBE_CLIENT_SECRET (ADOBE_SCOPES, ADOBE_API_KIND, ADOBE_*_BASE_URL). See docs/ci.md.`;

/** Longest value an option takes, and most files or repeated options: a command line is short. */
const MAX_VALUE_CHARS = 4096;
const MAX_ITEMS = 1000;

const VALUE_OPTIONS = new Set(['--env', '--junit', '--var', '--allow-origin']);
const FLAG_OPTIONS = new Set(['--bail', '--help', '-h', '--version', '-v']);

/** A `--var` name: what a REST Client variable name may be (letters, digits, _ - .). */
const VAR_NAME = /^[A-Za-z_][\w.-]*$/;

export function parseArgs(argv: readonly string[]): CliArgs {
	if (argv.length > MAX_ITEMS) throw new UsageError(`Too many arguments (${argv.length}); at most ${MAX_ITEMS}.`);
	const positional: string[] = [];
	const values: Array<{ name: string; value: string }> = [];
	const flags = new Set<string>();
	let optionsEnded = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg.length > MAX_VALUE_CHARS) throw new UsageError(`An argument is longer than ${MAX_VALUE_CHARS} characters.`);
		if (optionsEnded || !arg.startsWith('-') || arg === '-') {
			positional.push(arg);
			continue;
		}
		if (arg === '--') {
			optionsEnded = true;
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
		if (FLAG_OPTIONS.has(name)) {
			if (name !== arg) throw new UsageError(`${name} takes no value.`);
			flags.add(name === '-h' ? '--help' : name === '-v' ? '--version' : name);
			continue;
		}
		if (!VALUE_OPTIONS.has(name)) throw new UsageError(`Unknown option ${printable(name)}.`);
		let value: string | undefined;
		if (name !== arg) value = arg.slice(eq + 1);
		else {
			value = argv[++i];
			if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`${name} needs a value.`);
		}
		values.push({ name, value });
	}
	if (flags.has('--help')) return { command: 'help' };
	if (flags.has('--version')) return { command: 'version' };

	const [command, ...files] = positional;
	if (command === undefined) throw new UsageError('No command: use "run <files…>".');
	if (command !== 'run') throw new UsageError(`Unknown command ${printable(command)}: the one command is "run".`);
	if (files.length === 0) throw new UsageError('run needs at least one request file (.http or .rest).');

	const single = (option: string): string | undefined => {
		const given = values.filter((v) => v.name === option);
		if (given.length > 1) throw new UsageError(`${option} is given ${given.length} times; give it once.`);
		const value = given[0]?.value.trim();
		if (value === '') throw new UsageError(`${option} needs a value.`);
		return value;
	};
	const vars: Record<string, string> = Object.create(null) as Record<string, string>;
	for (const { value } of values.filter((v) => v.name === '--var')) {
		const eq = value.indexOf('=');
		const name = eq < 0 ? value : value.slice(0, eq);
		if (eq < 0 || !VAR_NAME.test(name)) throw new UsageError(`--var needs name=value with a variable name, got ${printable(name)}.`);
		if (Object.hasOwn(vars, name)) throw new UsageError(`--var ${name} is given twice.`);
		vars[name] = value.slice(eq + 1);
	}
	return {
		command: 'run',
		files,
		env: single('--env'),
		junit: single('--junit'),
		bail: flags.has('--bail'),
		vars,
		allowOrigins: values.filter((v) => v.name === '--allow-origin').map((v) => v.value.trim()),
	};
}

/** A command-line word in a message: quoted, cut, without control characters. */
export function printable(text: string): string {
	// eslint-disable-next-line no-control-regex
	const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
	return JSON.stringify(clean.length > 64 ? `${clean.slice(0, 64)}…` : clean);
}
