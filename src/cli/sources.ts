/**
 * The variable sources the command-line runner offers a request file (core/requests/types.ts
 * VariableSources), read as REST Client reads them in the editor:
 * - the environment named by --env, from the workspace's `.vscode/settings.json`
 *   (`rest-client.environmentVariables`, with `$shared`), read by core/requests/environments.ts
 *   (which reads `rest-client.formParamEncodingStrategy` from the same parse, for the form bodies);
 * - `# @prompt` answers from --var name=value (there is no one to ask in CI);
 * - request variables from the requests sent earlier in the same file's run (an in-memory store);
 * - {{$processEnv}} from the runner's own environment, {{$dotenv}} from the `.env` beside the request
 *   file: both resolve only for requests the origin rule lets through (resolve.ts).
 */
import { isAdobeApiError } from '../core/common/errors';
import type { FormParamEncodingStrategy } from '../core/requests/compose';
import {
	dotenvSource,
	environmentVariables,
	formParamEncodingStrategyFrom,
	readWorkspaceRestClientSettings,
	type WorkspaceRestClientSettings,
} from '../core/requests/environments';
import { MemoryExchangeStore } from '../core/requests/exchanges';
import type { VariableSources } from '../core/requests/types';
import { ConfigError } from './config';

export interface EnvironmentChoice {
	environment?: Readonly<Record<string, string>>;
	environmentName?: string;
	/** `rest-client.formParamEncodingStrategy`; undefined = REST Client's default, automatic. */
	formParamEncodingStrategy?: FormParamEncodingStrategy;
}

/**
 * What the run takes from `<cwd>/.vscode/settings.json`, read once: the --env environment (merged
 * over `$shared`; without --env, `$shared` alone, as REST Client's "No Environment") and the form
 * encoding. A name the setting does not define, a setting that does not read, or a form encoding
 * other than automatic, never or always, is a ConfigError naming the setting.
 */
export async function loadEnvironment(cwd: string, name: string | undefined): Promise<EnvironmentChoice> {
	let settings: WorkspaceRestClientSettings;
	let environment: Record<string, string>;
	try {
		settings = await readWorkspaceRestClientSettings(cwd);
		environment = environmentVariables(settings.environmentVariables, name);
	} catch (error) {
		if (isAdobeApiError(error)) throw new ConfigError(`${name === undefined ? '' : `--env ${name}: `}${error.message}`);
		throw error;
	}
	try {
		return {
			environment,
			environmentName: name,
			formParamEncodingStrategy: formParamEncodingStrategyFrom(settings.formParamEncodingStrategy),
		};
	} catch (error) {
		if (isAdobeApiError(error)) throw new ConfigError(error.message);
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
		environment: choice.environment,
		environmentName: choice.environmentName,
		requests: new MemoryExchangeStore(),
		prompt: async (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined),
		processEnv: (name) => env[name],
		dotenv: (name) => dotenv.read(name),
		now: () => new Date(),
	};
}
