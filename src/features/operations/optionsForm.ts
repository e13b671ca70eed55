/**
 * The options of an operation asked one at a time (issue #20), from the catalogue's OperationOption
 * (core/operations/types.ts): a quick pick for a choice or a yes/no, an input box for a number or text
 * (checked against the bounds Adobe's spec gives as the user types), the default prefilled so Enter
 * takes it. Escape stops the form (nothing runs). A 'file' option (an `.atn`, a mask) is answered by the
 * caller's pickFile: a Cloud Storage file or one on this computer.
 */
import * as vscode from 'vscode';
import type { OperationOption, OperationSpec } from '../../core/operations/types';

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
	const asked = spec.options;
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
				prompt: [option.description, boundsText(option)].filter(Boolean).join(' · ') || undefined,
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

/** What is wrong with what was typed, by the option's kind and Adobe's bounds; undefined when it is fine. */
export function optionProblem(option: OperationOption, value: string): string | undefined {
	const trimmed = value.trim();
	if (trimmed === '') return option.required ? `${option.label} is required.` : undefined;
	if (option.kind === 'number') {
		const number = Number(trimmed);
		if (!Number.isFinite(number)) return `${option.label}: a number.`;
		if (option.min !== undefined && number < option.min) return `${option.label}: at least ${option.min}.`;
		if (option.max !== undefined && number > option.max) return `${option.label}: at most ${option.max}.`;
		return undefined;
	}
	if (option.maxLength !== undefined && value.length > option.maxLength) {
		return `${option.label}: at most ${option.maxLength} characters (${value.length} now).`;
	}
	return undefined;
}
