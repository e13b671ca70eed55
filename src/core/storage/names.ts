/**
 * Adobe's rule for an asset's name (components/schemas/assetName in test/contract/cloud-storage/openapi.yml,
 * from AdobeDocs/cloud-storage static/index.yml): at most 255 characters, none of \ / : * ? " | > <, and
 * not a reserved Windows name (CON, PRN, AUX, NUL, COM1–9, LPT1–9). Checked before a create or rename is
 * sent, so the user reads why at the input box rather than in Adobe's 400.
 */
import { STORAGE_LIMITS } from './writeTypes';

const FORBIDDEN = /[\\/:*?"|><]/;
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** Why Adobe would refuse `name`, or undefined when it follows the rule. */
export function assetNameProblem(name: string): string | undefined {
	if (name.length === 0 || name.trim().length === 0) return 'Enter a name.';
	if (name.length > STORAGE_LIMITS.maxNameLength)
		{return `A name has at most ${STORAGE_LIMITS.maxNameLength} characters (this one has ${name.length}).`;}
	const bad = FORBIDDEN.exec(name);
	if (bad) return `A name cannot contain ${bad[0]} (Adobe refuses \\ / : * ? " | > <).`;
	if (RESERVED.test(name)) return `"${name}" is a reserved Windows name, which Adobe refuses.`;
	return undefined;
}
