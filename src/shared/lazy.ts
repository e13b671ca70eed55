/**
 * The lazy loaders: the only `require('./*.js')` of another bundle in the extension (esbuild.js keeps
 * these requires out of dist/extension.js and checks that no other bundle contains this file). Each
 * bundle loads on the first use of what it holds; activation touches none of them.
 *   dist/network.js   undici, the Adobe clients, the credential-file parser, the doctor, the agent tools' catalogue
 *   dist/commands.js  the features' code behind their activation stubs: the commands, the explorer, the terminal
 *                     environment, the public API's implementation (see src/bundles/commands.ts)
 *   dist/requests.js  request files, the Jobs view and the language model tools' front door
 * Code in a lazily loaded bundle never calls these (it would get its own copy of this file): it reaches the
 * network through services.clients, and the request files through the requests feature's loader.
 */
import type * as Network from '../bundles/network';
import type * as Commands from '../bundles/commands';
import type * as Requests from '../bundles/requests';

let networkModule: typeof Network | undefined;
let commandsModule: typeof Commands | undefined;
let requestsModule: typeof Requests | undefined;

/* eslint-disable @typescript-eslint/no-require-imports -- runtime requires of the other bundles, kept out of dist/extension.js */

export function loadNetwork(): typeof Network {
	networkModule ??= require('./network.js') as typeof Network;
	return networkModule;
}

export function loadCommands(): typeof Commands {
	commandsModule ??= require('./commands.js') as typeof Commands;
	return commandsModule;
}

export function loadRequests(): typeof Requests {
	requestsModule ??= require('./requests.js') as typeof Requests;
	return requestsModule;
}

/* eslint-enable @typescript-eslint/no-require-imports */

export function isNetworkLoaded(): boolean {
	return networkModule !== undefined;
}

export function isCommandsLoaded(): boolean {
	return commandsModule !== undefined;
}

export function isRequestsLoaded(): boolean {
	return requestsModule !== undefined;
}
