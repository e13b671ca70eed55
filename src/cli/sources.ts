/**
 * The variable sources the command-line runner offers a request file (core/requests/types.ts
 * VariableSources), read as REST Client reads them in the editor:
 * - the environment named by --env, from the workspace's `.vscode/settings.json`
 *   (`rest-client.environmentVariables`, with `$shared`), read by core/requests/environments.ts;
 * - `# @prompt` answers from --var name=value (there is no one to ask in CI);
 * - request variables from the requests sent earlier in the same file's run (an in-memory store);
 * - {{$processEnv}} from the runner's own environment, {{$dotenv}} from the `.env` beside the request
 *   file: both resolve only for requests the origin rule lets through (resolve.ts).
 */
import { isAdobeApiError } from '../core/common/errors';
import { dotenvSource, environmentVariables, readWorkspaceEnvironmentSetting } from '../core/requests/environments';
import { MemoryExchangeStore } from '../core/requests/exchanges';
import type { VariableSources } from '../core/requests/types';
import { ConfigError } from './config';

export interface EnvironmentChoice {
	environment?: Readonly<Record<string, string>>;
	environmentName?: string;
}

/**
 * The --env environment (merged over `$shared`) from `<cwd>/.vscode/settings.json`; without --env,
 * `$shared` alone, as REST Client's "No Environment". A name the setting does not define, or a
 * setting that does not read, is a ConfigError naming the environments it defines.
 */
export async function loadEnvironment(cwd: string, name: string | undefined): Promise<EnvironmentChoice> {
	try {
		const setting = await readWorkspaceEnvironmentSetting(cwd);
		return { environment: environmentVariables(setting, name), environmentName: name };
	} catch (error) {
		if (isAdobeApiError(error)) throw new ConfigError(`${name === undefined ? '' : `--env ${name}: `}${error.message}`);
		throw error;
	}
}

/** The sources for one file's run: a fresh exchange store per file, as REST Client keeps request variables per document. */
export async function fileSources(
	cwd: string,
	filePath: string,
	choice: EnvironmentChoice,
	vars: Readonly<Record<string, string>>,
	env: Readonly<Record<string, string | undefined>>,
): Promise<VariableSources> {
	const dotenv = dotenvSource(filePath, cwd, choice.environmentName);
	return {
		...choice,
		requests: new MemoryExchangeStore(),
		prompt: async (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined),
		processEnv: (name) => env[name],
		dotenv: (name) => dotenv.read(name),
		now: () => new Date(),
	};
}
