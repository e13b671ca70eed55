/**
 * Adobe's rule for an asset's name (components/schemas/assetName in test/contract/cloud-storage/openapi.yml):
 * 1 to 255 characters, none of `\ / : * ? " | > <`, and not a reserved Windows name (CON, PRN, AUX, NUL,
 * COM1–COM9, LPT1–LPT9, in any case). Checked before anything is sent, so a bad name is refused with the
 * rule instead of Adobe's "The provided name has an invalid value"; the emulator enforces the same pattern.
 * No other dependency, so an input box can validate as the user types.
 */

/** The spec's pattern, as written there. */
export const ASSET_NAME_PATTERN =
	/^(?!^([Cc][Oo][Nn]|[Pp][Rr][Nn]|[Aa][Uu][Xx]|[Nn][Uu][Ll]|[Cc][Oo][Mm][1-9]|[Ll][Pp][Tt][1-9])$)[^\\/:*?"|><]+$/;

export const MAX_ASSET_NAME_LENGTH = 255;

/** The rule in words, for messages. */
export const ASSET_NAME_RULE =
	'A name has 1 to 255 characters, none of \\ / : * ? " | < >, and is not a name Windows reserves (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9).';

/** Why `name` cannot be an asset's name, or undefined when it can. Linear in the name's length. */
export function assetNameProblem(name: string): string | undefined {
	if (typeof name !== 'string' || name.length === 0) return `The name is empty. ${ASSET_NAME_RULE}`;
	// maxLength counts characters (code points), not UTF-16 units; a string this long in units cannot fit either way.
	if (name.length > MAX_ASSET_NAME_LENGTH * 2 || [...name].length > MAX_ASSET_NAME_LENGTH) {
		return `The name is longer than ${MAX_ASSET_NAME_LENGTH} characters. ${ASSET_NAME_RULE}`;
	}
	const bad = /[\\/:*?"|><]/.exec(name)?.[0];
	if (bad) return `The name “${name}” contains “${bad}”. ${ASSET_NAME_RULE}`;
	if (!ASSET_NAME_PATTERN.test(name)) return `“${name}” is a name Windows reserves. ${ASSET_NAME_RULE}`;
	return undefined;
}
