/**
 * The options of an operation (issue #20), from the catalogue's OperationOption (core/operations/types.ts).
 * An operation with more than a few options first asks which to set (a multi-select whose Enter with
 * nothing checked runs with Adobe's defaults: Auto Tone stays one Enter; required ones come checked).
 * Then one question per option: a quick pick for a choice or a yes/no, an input box for a number or text
 * (checked against the bounds Adobe's spec gives as the user types), the default prefilled so Enter takes
 * it. Escape stops the form (nothing runs). A 'file' option (an `.atn`, a mask) is answered by the caller's
 * pickFile: a Cloud Storage file or one on this computer.
 */
import * as vscode from 'vscode';
import type { OperationOption, OperationSpec } from '../../core/operations/types';
import { optionProblem } from './operationState';

export interface FileAnswer {
	/** What the option's value says (the file's name), and what the runner gets as the attachment. */
	value: string;
	attachment: unknown;
}

/** The form's answers, or undefined when the user pressed Escape. */
export async function askOptions(
	spec: OperationSpec,
	subject: string,
	pickFile: (option: OperationOption, title: string) => Promise<FileAnswer | undefined>,
): Promise<{ options: Record<string, unknown>; attachments: Record<string, unknown> } | undefined> {
	const options: Record<string, unknown> = {};
	const attachments: Record<string, unknown> = {};
	const asked = spec.options.length > MAX_ASKED_IN_TURN ? await chooseOptions(spec, subject) : spec.options;
	if (asked === undefined) return undefined;
	for (const [index, option] of asked.entries()) {
		const title = `${spec.title} on ${subject} (${index + 1}/${asked.length}): ${option.label}`;
		if (option.kind === 'file') {
			const file = await pickFile(option, title);
			if (file === undefined) {
				if (option.required) return undefined;
				continue;
			}
			// Not an option value: the runner takes a file as an attachment (validateOptions refuses it among the options).
			attachments[option.key] = file.attachment;
			continue;
		}
		const answer = await askOne(option, title);
		if (answer === CANCELLED) return undefined;
		if (answer !== undefined) options[option.key] = answer;
	}
	return { options, attachments };
}

const CANCELLED = Symbol('cancelled');
/** More options than this: the user first chooses which to set. */
const MAX_ASKED_IN_TURN = 3;

/** Which options to set: the required ones checked; Enter with nothing checked keeps every default. */
async function chooseOptions(spec: OperationSpec, subject: string): Promise<readonly OperationOption[] | undefined> {
	const items = spec.options.map((option) => ({
		label: option.label,
		description: option.required ? 'required' : option.default !== undefined ? `default ${String(option.default)}` : "Adobe's default",
		detail: option.description,
		picked: option.required === true,
		option,
	}));
	const picked = await vscode.window.showQuickPick(items, {
		title: `${spec.title} on ${subject}: options to set`,
		placeHolder: `Check the options to set; Enter with none checked runs with ${spec.options.some((o) => o.required) ? 'the required ones and ' : ''}Adobe's defaults`,
		canPickMany: true,
		ignoreFocusOut: true,
		matchOnDetail: true,
	});
	if (picked === undefined) return undefined;
	const chosen = new Set(picked.map((item) => item.option));
	// A required option is asked even if unchecked.
	return spec.options.filter((option) => chosen.has(option) || option.required);
}

async function askOne(option: OperationOption, title: string): Promise<unknown> {
	switch (option.kind) {
		case 'choice':
		case 'boolean': {
			const choices =
				option.kind === 'boolean'
					? [
							{ value: true, label: 'Yes' },
							{ value: false, label: 'No' },
						]
					: (option.choices ?? []).map((c) => ({ value: c.value as unknown, label: c.label }));
			const items = choices.map((choice) => ({
				label: choice.label,
				description: choice.value === option.default ? '(default)' : typeof choice.value === 'string' ? choice.value : undefined,
				value: choice.value,
			}));
			// The default first, so Enter takes it.
			items.sort((a, b) => Number(b.value === option.default) - Number(a.value === option.default));
			const skip =
				!option.required && option.default === undefined
					? [{ label: '(leave unset)', description: "Adobe's default", value: undefined }]
					: [];
			const picked = await vscode.window.showQuickPick([...items, ...skip], {
				title,
				placeHolder: option.description ?? `Choose the ${option.label.toLowerCase()}`,
				ignoreFocusOut: true,
			});
			return picked === undefined ? CANCELLED : picked.value;
		}
		case 'number':
		case 'text': {
			const text = await vscode.window.showInputBox({
				title,
				// The catalogue's description already says the bounds where it has one.
				prompt: option.description ?? boundsText(option),
				value: option.default === undefined ? '' : String(option.default),
				ignoreFocusOut: true,
				validateInput: (value) => optionProblem(option, value),
			});
			if (text === undefined) return CANCELLED;
			if (text.trim() === '') return undefined;
			return option.kind === 'number' ? Number(text) : text;
		}
		default:
			return undefined;
	}
}

function boundsText(option: OperationOption): string | undefined {
	if (option.kind === 'number') {
		if (option.min !== undefined && option.max !== undefined) return `${option.min} to ${option.max}`;
		if (option.min !== undefined) return `at least ${option.min}`;
		if (option.max !== undefined) return `at most ${option.max}`;
		return undefined;
	}
	return option.maxLength !== undefined ? `up to ${option.maxLength} characters` : undefined;
}
