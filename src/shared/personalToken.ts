/**
 * A signed-in user's token is personal: it acts as that person at Adobe. It leaves the extension
 * (to the clipboard, into export lines, or into a language model tool's request and result) only
 * after the user says yes in a modal dialog, as VS Code's own getSession consent does. No argument
 * skips the question: any command can be run with arguments by another extension or a workspace's
 * tasks.json, and a `prompt: 'none'` sign-in before it changes nothing. Server-to-server profiles
 * are the organisation's credential and keep their documented behaviour. In shared/: the token
 * commands, request files and the language model tools all ask it.
 */
import type { ExtensionServices } from './services';
import { notConfirmed } from './confirm';
import type { ProfileMeta } from '../core/credentials/profiles';

/** What the personal token is about to be used for; each says what the user is agreeing to. */
export type PersonalTokenUse = 'copyToken' | 'copyEnvExports' | 'agentTool' | 'scriptedRequest';

const QUESTIONS: Record<
	PersonalTokenUse,
	{ message: (name: string) => string; detail: string; action: string; refused: (name: string) => string }
> = {
	copyToken: {
		message: (name) => `Copy the personal Adobe access token of "${name}" to the clipboard?`,
		detail:
			'This token is your own Adobe sign-in: whoever holds it can act as you at Adobe until it expires. ' +
			'A command, a task or another extension asked for it; anything that can read the clipboard can then read it.',
		action: 'Copy Token',
		refused: (name) => `The personal access token of "${name}" was not copied`,
	},
	copyEnvExports: {
		message: (name) => `Copy export lines with the personal Adobe access token of "${name}"?`,
		detail:
			'The lines hold your own Adobe sign-in token: whoever holds it can act as you at Adobe until it expires. ' +
			'Anything that can read the clipboard, or the terminal you paste into, can then read it.',
		action: 'Copy Export Lines',
		refused: (name) => `The export lines with the personal access token of "${name}" were not copied`,
	},
	scriptedRequest: {
		message: (name) => `Let a command send a request file's request as "${name}"?`,
		detail:
			'An extension or a task asked to send a request with your own Adobe sign-in: Adobe answers as if you made the call, and the answer goes back to whatever asked (never the token itself). ' +
			'This allows this one request.',
		action: 'Allow Once',
		refused: (name) => `Not sent with the sign-in of "${name}"`,
	},
	agentTool: {
		message: (name) => `Let Adobe language model tools act as "${name}"?`,
		detail:
			'A chat agent or another extension asked an Adobe tool to call Adobe with your own sign-in: what it reads or changes, it does as you, and the answers go back to it (never the token itself). ' +
			'In a chat your answer holds for this profile in that chat until the window closes; a call from another extension asks every time.',
		action: 'Allow',
		refused: (name) => `An Adobe tool did not use the sign-in of "${name}"`,
	},
};

/** Resolves when `profile` is not a signed-in user, or when the user said yes; otherwise rejects with "not confirmed". */
export async function confirmPersonalToken(services: ExtensionServices, profile: ProfileMeta, use: PersonalTokenUse): Promise<void> {
	if (!profile.signedIn) return;
	const question = QUESTIONS[use];
	const yes = await services.confirm(question.message(profile.name), question.detail, question.action);
	services.log.info(`[consent] ${use} with the personal token of "${profile.name}": ${yes ? 'allowed' : 'not allowed'} by the user`);
	if (!yes) throw notConfirmed(question.refused(profile.name));
}
