/**
 * What the command-line runner reads before it runs anything: the credential, endpoints and approved
 * origins from the environment (as the MCP server reads them: core/credentials/envCredential.ts), the
 * `--allow-origin` origins, and the request files. A mistake here is a configuration error (exit 2),
 * found before any request is sent.
 *
 * Nothing a workspace holds widens where the credential may go: approved origins come from the
 * environment and the command line only, never from .vscode/settings.json or a request file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
	EnvCredential,
	NO_ENV_CREDENTIAL,
	parseOriginList,
	readEnvApprovedOrigins,
	readEnvCredential,
	readEnvEndpoints,
} from '../core/credentials/envCredential';
import type { Endpoints } from '../core/common/endpoints';
import { isAdobeApiError } from '../core/common/errors';
import { printable, type RunArgs } from './args';

/** Largest request file the runner reads (the editor's request files are text a person writes). */
export const MAX_REQUEST_FILE_BYTES = 10 * 1024 * 1024;

/** A configuration problem: exit status 2, nothing sent. */
export class ConfigError extends Error {}

export interface CliConfig {
	/** Undefined when the environment names no credential: requests that need none still run. */
	credential?: EnvCredential;
	/** Why there is no credential, for the requests that ask for one. */
	noCredential?: string;
	endpoints: Endpoints;
	/** ADOBE_APPROVED_ORIGINS and --allow-origin, as origins. */
	approvedOrigins: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the credential and origins; throws ConfigError naming the variable or option to fix. */
export function readCliConfig(args: RunArgs, env: Env): CliConfig {
	const fromCommandLine = args.allowOrigins.flatMap((value) => configured(() => parseOriginList('--allow-origin', value)));
	let credential: EnvCredential | undefined;
	let noCredential: string | undefined;
	try {
		credential = readEnvCredential(env);
	} catch (error) {
		// No credential at all is fine for files that use none; a credential set wrong is a mistake to fix first.
		if (!(isAdobeApiError(error) && error.code === NO_ENV_CREDENTIAL)) throw new ConfigError(messageOf(error));
		noCredential = messageOf(error);
	}
	const endpoints = credential?.endpoints ?? configured(() => readEnvEndpoints(env));
	const fromEnv = credential?.approvedOrigins ?? configured(() => readEnvApprovedOrigins(env));
	return { credential, noCredential, endpoints, approvedOrigins: [...new Set([...fromEnv, ...fromCommandLine])] };
}

function configured<T>(read: () => T): T {
	try {
		return read();
	} catch (error) {
		throw new ConfigError(messageOf(error));
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export interface RequestFileText {
	/** As given on the command line, for output and the JUnit report. */
	name: string;
	/** Absolute. */
	path: string;
	text: string;
}

/** Reads each file named; a missing, unreadable or oversized one is a ConfigError before anything runs. */
export function readRequestFiles(files: readonly string[], cwd: string): RequestFileText[] {
	return files.map((name) => {
		const full = path.resolve(cwd, name);
		let stat: fs.Stats;
		try {
			stat = fs.statSync(full);
		} catch {
			throw new ConfigError(`${printable(name)} does not exist.`);
		}
		if (!stat.isFile()) throw new ConfigError(`${printable(name)} is not a file.`);
		if (stat.size > MAX_REQUEST_FILE_BYTES) {
			throw new ConfigError(
				`${printable(name)} is larger than ${MAX_REQUEST_FILE_BYTES / 1024 / 1024} MB; a request file is text a person writes.`,
			);
		}
		return { name, path: full, text: fs.readFileSync(full, 'utf8') };
	});
}
