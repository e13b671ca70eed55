/**
 * Loads dist/commands.js (see src/bundles/commands.ts) the first time one of its commands runs.
 * Activation never touches it.
 */
import type * as Commands from '../bundles/commands';

let commandsModule: typeof Commands | undefined;

export function loadCommands(): typeof Commands {
	// A runtime require of another bundle; esbuild.js keeps it out of dist/extension.js.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	commandsModule ??= require('./commands.js') as typeof Commands;
	return commandsModule;
}

export function isCommandsLoaded(): boolean {
	return commandsModule !== undefined;
}
