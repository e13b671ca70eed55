/**
 * REST Client's environments (README "Environments" and "Environment Variables",
 * github.com/Huachao/vscode-restclient): the `rest-client.environmentVariables` setting maps names to
 * sets of variables; `$shared` holds variables every environment sees, which the selected one
 * overrides, and a value may refer to a shared one with `{{$shared name}}`
 * (src/utils/httpVariableProviders/environmentVariableProvider.ts). With "No Environment" selected,
 * `$shared` alone applies. Environment values are used as written, apart from those references:
 * REST Client does not expand other `{{…}}` inside them.
 *
 * Also the two files the command-line runner (src/cli/) reads where the editor has VS Code: REST
 * Client's settings from `.vscode/settings.json` (JSONC, read with Microsoft's jsonc-parser, the parser
 * VS Code uses for it; this setting and `rest-client.formParamEncodingStrategy`), and `.env` files for
 * `{{$dotenv NAME}}`.
 *
 * Nothing here imports VS Code. Everything read is bounded (MAX_SETTINGS_FILE_BYTES, MAX_DOTENV_BYTES,
 * MAX_ENVIRONMENTS, MAX_ENVIRONMENT_VARIABLES, MAX_ENVIRONMENT_CHARS).
 */
import { open, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import { invalidInput } from '../common/errors';
import { FORM_PARAM_ENCODING_STRATEGIES, type FormParamEncodingStrategy } from './compose';
import { references } from './parse';

/** The setting REST Client reads, and the one we read (without contributing it: REST Client owns it). */
export const ENVIRONMENTS_SETTING = 'rest-client.environmentVariables';
/** REST Client's form body encoding (compose.ts encodeForm), which the editor reads through VS Code and the runner from settings.json. */
export const FORM_ENCODING_SETTING = 'rest-client.formParamEncodingStrategy';
/** REST Client's name for the variables every environment sees. */
export const SHARED_ENVIRONMENT = '$shared';

export const MAX_ENVIRONMENTS = 200;
export const MAX_ENVIRONMENT_VARIABLES = 2000;
/** The most characters of names and values one environment (with $shared) may hold. */
export const MAX_ENVIRONMENT_CHARS = 1_000_000;
export const MAX_SETTINGS_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_DOTENV_BYTES = 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The environments a user can pick (the switcher's list), in the setting's order, without `$shared`. Lenient: entries that are not objects are left out. */
export function environmentsFrom(settingValue: unknown): string[] {
	if (!isRecord(settingValue)) return [];
	return Object.keys(settingValue)
		.filter((name) => name !== SHARED_ENVIRONMENT && isRecord(settingValue[name]))
		.slice(0, MAX_ENVIRONMENTS);
}

/** One environment's entries as strings (numbers and booleans as REST Client would print them), or a message. */
function entriesOf(settingValue: Record<string, unknown>, name: string): Record<string, string> {
	const raw = settingValue[name];
	if (raw === undefined) return {};
	if (!isRecord(raw)) throw invalidInput(`${ENVIRONMENTS_SETTING}: "${name}" should be an object of variable names and values.`);
	const keys = Object.keys(raw);
	if (keys.length > MAX_ENVIRONMENT_VARIABLES) {
		throw invalidInput(`${ENVIRONMENTS_SETTING}: "${name}" has more than ${MAX_ENVIRONMENT_VARIABLES} variables.`);
	}
	const entries: Record<string, string> = {};
	for (const key of keys) {
		const value = raw[key];
		if (typeof value === 'string') entries[key] = value;
		else if (typeof value === 'number' || typeof value === 'boolean') entries[key] = String(value);
		else {
			throw invalidInput(
				`${ENVIRONMENTS_SETTING}: "${name}"."${key}" should be a string (it is ${value === null ? 'null' : typeof value}).`,
			);
		}
	}
	return entries;
}

/**
 * `{{$<from> key}}` references in `value` replaced by `source[key]`; a reference to a key `source`
 * lacks stays as written (resolve.ts names it when a request uses it). REST Client replaces only the
 * first such reference of a value and puts "undefined" for a missing key; every reference is replaced
 * here, and a missing one is reported rather than sent.
 */
function mapReferences(value: string, from: string, source: Readonly<Record<string, string>>, budget: { chars: number }): string {
	const prefix = `$${from} `;
	let out = '';
	let last = 0;
	for (const ref of references(value)) {
		const inner = ref.inner.trim();
		if (!inner.startsWith(prefix)) continue;
		const key = inner.slice(prefix.length).trim();
		if (!Object.hasOwn(source, key)) continue;
		budget.chars -= source[key].length;
		if (budget.chars < 0) {
			throw invalidInput(
				`${ENVIRONMENTS_SETTING}: the {{$${from} …}} references expand to more than ${MAX_ENVIRONMENT_CHARS.toLocaleString('en-US')} characters.`,
			);
		}
		out += value.slice(last, ref.index) + source[key];
		last = ref.index + ref.length;
	}
	return out + value.slice(last);
}

/**
 * The variables a request sees in environment `name` (undefined = "No Environment"): `$shared`'s,
 * overridden by the environment's, with `{{$shared key}}` references replaced (in `$shared` too), and
 * `{{$<name> key}}` references to the environment's own values, as REST Client maps them. Throws a
 * message naming the setting when the setting's shape is wrong or it is too large; an environment the
 * setting does not name gives `$shared` alone, with a message when asked for by name.
 */
export function environmentVariables(settingValue: unknown, name: string | undefined): Record<string, string> {
	if (settingValue === undefined || settingValue === null) {
		if (name !== undefined) throw invalidInput(`The environment "${name}" is not defined: ${ENVIRONMENTS_SETTING} is not set.`);
		return {};
	}
	if (!isRecord(settingValue)) throw invalidInput(`${ENVIRONMENTS_SETTING} should be an object of environments.`);
	if (Object.keys(settingValue).length > MAX_ENVIRONMENTS + 1) {
		throw invalidInput(`${ENVIRONMENTS_SETTING} has more than ${MAX_ENVIRONMENTS} environments.`);
	}
	if (name !== undefined && (name === SHARED_ENVIRONMENT || !isRecord(settingValue[name]))) {
		const known = environmentsFrom(settingValue);
		throw invalidInput(
			`The environment "${name}" is not defined in ${ENVIRONMENTS_SETTING}${known.length > 0 ? ` (it defines ${known.map((n) => `"${n}"`).join(', ')})` : ''}.`,
		);
	}
	const rawShared = entriesOf(settingValue, SHARED_ENVIRONMENT);
	const rawCurrent = name === undefined ? {} : entriesOf(settingValue, name);
	let chars = 0;
	for (const entries of [rawShared, rawCurrent]) {
		for (const [key, value] of Object.entries(entries)) chars += key.length + value.length;
	}
	if (chars > MAX_ENVIRONMENT_CHARS) {
		throw invalidInput(
			`${ENVIRONMENTS_SETTING}: the environment${name === undefined ? '' : ` "${name}"`} with ${SHARED_ENVIRONMENT} holds more than ${MAX_ENVIRONMENT_CHARS.toLocaleString('en-US')} characters.`,
		);
	}
	// One pass each, from the values as written (a replaced value is not scanned again, so there are no
	// loops), and the characters the references add are counted against one budget: a value repeating
	// a reference to a long value cannot build an unbounded result.
	const budget = { chars: MAX_ENVIRONMENT_CHARS };
	const shared: Record<string, string> = {};
	for (const [key, value] of Object.entries(rawShared)) shared[key] = mapReferences(value, 'shared', rawShared, budget);
	const current: Record<string, string> = {};
	for (const [key, value] of Object.entries(rawCurrent)) current[key] = mapReferences(value, 'shared', shared, budget);
	if (name !== undefined) {
		const own = { ...current };
		for (const [key, value] of Object.entries(own)) current[key] = mapReferences(value, name, own, budget);
	}
	return { ...shared, ...current };
}

/** Reads at most `max` bytes of a file; undefined when it does not exist; a message when larger. */
async function readBounded(file: string, max: number, what: string): Promise<Buffer | undefined> {
	let handle;
	try {
		handle = await open(file, 'r');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
		throw invalidInput(`${what} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
	}
	try {
		const buffer = Buffer.alloc(max + 1);
		let length = 0;
		for (;;) {
			const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
			if (bytesRead === 0) break;
			length += bytesRead;
			if (length > max) throw invalidInput(`${what} is larger than ${max.toLocaleString('en-US')} bytes.`);
		}
		return buffer.subarray(0, length);
	} finally {
		await handle.close();
	}
}

/** The REST Client settings the command-line runner reads from one `.vscode/settings.json`, as written there (unchecked). */
export interface WorkspaceRestClientSettings {
	/** `rest-client.environmentVariables`. */
	environmentVariables?: unknown;
	/** `rest-client.formParamEncodingStrategy`: check it with formParamEncodingStrategyFrom. */
	formParamEncodingStrategy?: unknown;
}

/**
 * REST Client's settings from `<workspaceRoot>/.vscode/settings.json`, read and parsed once; empty
 * when the file is absent. settings.json is JSONC (comments, trailing commas); jsonc-parser reads it
 * as VS Code does. A syntax error is reported with its line.
 */
export async function readWorkspaceRestClientSettings(workspaceRoot: string): Promise<WorkspaceRestClientSettings> {
	const file = path.join(workspaceRoot, '.vscode', 'settings.json');
	let real: string;
	try {
		real = await realpath(file);
	} catch {
		return {};
	}
	// A workspace's settings are the workspace's: a symbolic link out of it is not followed.
	if (!isInside(real, await realpath(workspaceRoot))) {
		throw invalidInput('.vscode/settings.json leads outside the workspace, so it is not read.');
	}
	const bytes = await readBounded(real, MAX_SETTINGS_FILE_BYTES, '.vscode/settings.json');
	if (bytes === undefined) return {};
	return restClientSettingsFromJsonc(bytes.toString('utf8'));
}

/** The `rest-client.environmentVariables` value from `<workspaceRoot>/.vscode/settings.json`, or undefined when the file or the setting is absent. */
export async function readWorkspaceEnvironmentSetting(workspaceRoot: string): Promise<unknown> {
	return (await readWorkspaceRestClientSettings(workspaceRoot)).environmentVariables;
}

/** REST Client's settings from a settings.json text (JSONC). */
export function restClientSettingsFromJsonc(text: string): WorkspaceRestClientSettings {
	const errors: ParseError[] = [];
	const settings: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
	if (errors.length > 0) {
		const first = errors[0];
		const line = text.slice(0, first.offset).split('\n').length;
		throw invalidInput(`.vscode/settings.json: line ${line}: ${printParseErrorCode(first.error)}.`);
	}
	if (!isRecord(settings)) return {};
	return { environmentVariables: settings[ENVIRONMENTS_SETTING], formParamEncodingStrategy: settings[FORM_ENCODING_SETTING] };
}

/** The environments setting's value from a settings.json text (JSONC). */
export function environmentSettingFromJsonc(text: string): unknown {
	return restClientSettingsFromJsonc(text).environmentVariables;
}

/**
 * `rest-client.formParamEncodingStrategy` as written in settings.json: undefined when unset (encodeForm
 * then uses REST Client's default, automatic); anything but automatic, never or always is a message
 * naming the setting. (The editor reads the setting through VS Code, which checks it against REST
 * Client's enum: features/requests/send.ts.)
 */
export function formParamEncodingStrategyFrom(value: unknown): FormParamEncodingStrategy | undefined {
	if (value === undefined) return undefined;
	const strategy = FORM_PARAM_ENCODING_STRATEGIES.find((s) => s === value);
	if (strategy) return strategy;
	const shown =
		typeof value === 'string'
			? `${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? '…' : ''}`
			: value === null
				? 'null'
				: typeof value;
	throw invalidInput(
		`.vscode/settings.json: ${FORM_ENCODING_SETTING} should be ${FORM_PARAM_ENCODING_STRATEGIES.map((s) => `"${s}"`).join(', ')} (it is ${shown}).`,
	);
}

/** Whether `inner` is `root` or inside it (both real paths). */
function isInside(inner: string, root: string): boolean {
	const relative = path.relative(root, inner);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * `{{$dotenv NAME}}`'s source for one request file. REST Client looks for `.env.<environment>`, then
 * `.env`, in the request file's folder and then in each parent folder (systemVariableProvider.ts
 * registerDotenvVariable); here the search stops at the workspace root, and a file whose real path
 * (symlinks followed) is outside the root is not read. The file found is read once (dotenv's parse,
 * as Import Credentials reads .env files), at most MAX_DOTENV_BYTES.
 */
export function dotenvSource(
	requestFile: string,
	workspaceRoot: string,
	environmentName: string | undefined,
): { read(name: string): Promise<string | undefined>; file(): Promise<string | undefined> } {
	let loaded: Promise<{ file?: string; values: Record<string, string> }> | undefined;
	const load = async () => {
		const root = await realpath(workspaceRoot);
		let folder = path.dirname(path.resolve(requestFile));
		const names = environmentName ? [`.env.${environmentName}`, '.env'] : ['.env'];
		for (;;) {
			for (const name of names) {
				const candidate = path.join(folder, name);
				let real: string;
				try {
					real = await realpath(candidate);
				} catch {
					continue;
				}
				if (!isInside(real, root)) {
					throw invalidInput(`${path.relative(workspaceRoot, candidate)} leads outside the workspace, so {{$dotenv}} does not read it.`);
				}
				const bytes = await readBounded(real, MAX_DOTENV_BYTES, path.relative(workspaceRoot, candidate) || name);
				if (bytes !== undefined) return { file: candidate, values: parseEnv(bytes) as Record<string, string> };
			}
			const parent = path.dirname(folder);
			const realFolder = await realpath(folder).catch(() => folder);
			if (parent === folder || realFolder === root || !isInside(realFolder, root)) return { values: {} as Record<string, string> };
			folder = parent;
		}
	};
	const loadOnce = () => (loaded ??= load());
	return {
		async read(name) {
			const { values } = await loadOnce();
			return Object.hasOwn(values, name) ? values[name] : undefined;
		},
		async file() {
			return (await loadOnce()).file;
		},
	};
}
