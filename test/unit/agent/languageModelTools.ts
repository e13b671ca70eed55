/**
 * package.json's `contributes.languageModelTools`, generated from the one catalogue (src/core/agent/catalogue.ts).
 * package.test.ts checks package.json against it; after changing the catalogue, regenerate with
 *   npm run gen:manifest
 * (the tests compiled, then this file run) which rewrites that section of package.json (2-space JSON, as the file is kept).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContextKeys } from '../../../src/shared/constants';
import { AGENT_TOOLS } from '../../../src/core/agent';

/** The tools as VS Code's contribution point takes them. `when`: no profile, no tools (VS Code then offers none of them to a model). */
export function languageModelTools(): Array<Record<string, unknown>> {
	return AGENT_TOOLS.map(({ name, toolReferenceName, displayName, modelDescription, userDescription, tags, inputSchema }) => ({
		name,
		toolReferenceName,
		displayName,
		modelDescription,
		userDescription,
		tags,
		canBeReferencedInPrompt: true,
		icon: '$(cloud)',
		when: ContextKeys.hasProfiles,
		inputSchema,
	}));
}

if (require.main === module) {
	const file = path.resolve(__dirname, '../../../../package.json');
	const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
	manifest.contributes.languageModelTools = languageModelTools();
	fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
	console.log(`package.json: ${AGENT_TOOLS.length} language model tools written`);
}
