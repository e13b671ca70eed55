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
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemoryExchangeStore } from '../core/requests/exchanges';
import type { VariableSources } from '../core/requests/types';
import { ConfigError } from './config';

export interface EnvironmentChoice {
	environment?: Readonly<Record<string, string>>;
	environmentName?: string;
}

/** The --env environment from `.vscode/settings.json`; a name it does not define is a ConfigError listing the ones it does. */
export async function loadEnvironment(cwd: string, name: string | undefined): Promise<EnvironmentChoice> {
	void fs;
	void path;
	void cwd;
	if (name === undefined) return {};
	throw new ConfigError(`--env ${name}: environments are not read yet.`);
}

/** The sources for one file's run: a fresh exchange store per file, as REST Client keeps request variables per document. */
export async function fileSources(
	cwd: string,
	filePath: string,
	choice: EnvironmentChoice,
	vars: Readonly<Record<string, string>>,
): Promise<VariableSources> {
	void cwd;
	void filePath;
	return {
		...choice,
		requests: new MemoryExchangeStore(),
		prompt: async (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined),
		now: () => new Date(),
	};
}
