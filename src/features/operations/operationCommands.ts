/**
 * Adobe's operations on a Cloud Storage file, the VS Code front doors (issue #20):
 * `adobeApi.storage.runOperation` from a file's row in the Adobe view (only the operations that take its
 * media type), from the palette (the active editor's adobe-storage: file first, else the tree's selection
 * or Go to…) or scripted `{ uri, operation, options?, saveAs? }`; and `adobeApi.storage.listOperations`.
 * The run itself is core/operations (the OperationRunner every front door shares): here are the form, the
 * one progress notification with Cancel from submit to saved result, the job in the Jobs view, the pending
 * record a reload resumes, the route remembered per profile, the result shown in the tree with Open, and
 * "Open as Request File" (the same call as an untitled `http` document).
 * Registered by features/explorer (its package.json dispatch); the explorer hands over what it knows of the
 * tree as an OperationsHost, so this feature imports none of the explorer's files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AdobeApiError, invalidInput, isAdobeApiError } from '../../core/common/errors';
import type { ProfileMeta } from '../../core/credentials/profiles';
import type {
	InputRoute,
	OperationDeps,
	OperationFile,
	OperationOption,
	OperationProgress,
	OperationResult,
	OperationRunner,
	OperationSpec,
	PendingOperation,
	PsdManifest,
	RunOperationRequest,
	RunOptions,
	SaveAs,
} from '../../core/operations/types';
import { operationsFor } from '../../core/operations/catalogue';
import { mediaTypeFor } from '../../core/storage/paths';
import type { StorageAsset } from '../../core/storage/types';
import { isCancellation, messageOf } from '../../shared/errorUi';
import { isBrandedNode } from '../../shared/nodeBrand';
import { isScripted, profileNamed } from '../../shared/profilePick';
import { withCancellableProgress } from '../../shared/progress';
import type { ExtensionServices } from '../../shared/services';
import { callerSource } from '../../shared/tokens';
import { FileAnswer, askOptions } from './optionsForm';
import { ROUTE_WORDS, followThroughJobs, forgetPending, pruneRoutes, readPending, rememberPending, routeMemory } from './operationState';

/** A Cloud Storage file as the explorer knows it. */
export interface OperationTarget {
	profile: ProfileMeta;
	asset: StorageAsset;
	/** Its adobe-storage: URI, when known. */
	uri?: vscode.Uri;
	/** The folder or project it is in (where a result beside it goes), and its project (for Creative Cloud paths). */
	parentId?: string;
	projectId?: string;
	/** Its path inside the project, no leading slash. */
	pathInProject?: string;
}

/** What the explorer hands over (features/explorer/operationsHost.ts). */
export interface OperationsHost {
	services: ExtensionServices;
	workspaceState: vscode.Memento;
	globalState: vscode.Memento;
	/** Where listeners go (the extension's subscriptions). */
	subscriptions: vscode.Disposable[];
	/** ExtensionMode.Test: a scripted resume may bring the pending record a reload would have left (the suite's simulated reload). */
	testMode: boolean;
	/** The files a command names: a clicked row and the selection, a scripted `{ uri }` or `{ assetId, profile }`; [] when none. */
	targets(args: unknown, more?: unknown): Promise<OperationTarget[]>;
	/** An adobe-storage: URI, an asset id (urn:aaid:…) or a path (/Project/folder/file.png) of a profile. */
	lookUp(profile: ProfileMeta, text: string): Promise<OperationTarget>;
	/** The tree's selected file rows. */
	selected(): OperationTarget[];
	/** The adobe-storage: URI of a result saved beside (or over) the source. */
	uriOf(source: OperationTarget, asset: StorageAsset): vscode.Uri | undefined;
	/** Redraws the folder a result went into, tells the file system, and selects the result's row. */
	showResult(source: OperationTarget, asset: StorageAsset): Promise<void>;
	/** Shows a PSD's layers under its row in the tree (expanded, without a second job); false when the tree does not show the row. */
	showLayers(source: OperationTarget, manifest: PsdManifest): Promise<boolean>;
}

/** What a scripted run returns. */
export interface ScriptedRunResult {
	job: OperationResult['job'];
	results: vscode.Uri[];
	route: InputRoute;
	fellBack?: OperationResult['fellBack'];
	notSaved: OperationResult['notSaved'];
	manifest?: OperationResult['manifest'];
}

/** Operations started or resumed in this window, by status URL: a resume never runs one twice. */
const inFlight = new Set<string>();

export function operationCommands(host: OperationsHost) {
	const { services } = host;
	const redact = services.log.redact;
	const shown = (text: string) => redact(text);
	// A removed profile's remembered route goes with it.
	const prune = () => pruneRoutes(host.globalState, (id) => services.profiles.find(id) !== undefined);
	host.subscriptions.push(services.profiles.onDidChange(prune));
	void services.profiles.ready().then(prune);

	/**
	 * The runner for a profile (AdobeClients.operations: core/operations/run.ts), following its jobs through the
	 * Jobs view and remembering the route per profile.
	 */
	function runnerFor(profile: ProfileMeta, follow?: OperationDeps['follow']): OperationRunner {
		return services.clients
			.get()
			.operations(callerSource(services, profile), routeMemory(host.globalState, profile.id), follow ? { follow } : {});
	}

	/** The catalogue (core/operations/catalogue.ts): all of it, or the operations that take a media type. */
	const catalogue = (mediaType?: string) => operationsFor(mediaType);

	/** The file an operation runs on, from the palette: the active editor's adobe-storage: file first, then the tree's selection, then Go to…. */
	async function pickFile(title: string): Promise<OperationTarget | undefined> {
		const profile = profileNamed(services, undefined);
		const candidates: Array<vscode.QuickPickItem & { uri?: vscode.Uri; target?: OperationTarget }> = [];
		const active = activeStorageUri();
		if (active) {
			candidates.push({
				label: `$(file-media) ${shown(active.path.split('/').pop() ?? '')}`,
				description: 'the active editor',
				uri: active,
			});
		}
		for (const target of host
			.selected()
			.filter((t) => t.asset.assetType === 'file')
			.slice(0, 5)) {
			if (active && target.uri?.toString() === active.toString()) continue;
			candidates.push({ label: `$(file) ${shown(target.asset.name)}`, description: 'selected in the Adobe view', target });
		}
		const other = { label: '$(go-to-file) Another file…', description: 'an adobe-storage: URI, an asset id or a path' };
		let picked: (typeof candidates)[number] | undefined = other;
		if (candidates.length > 0) {
			picked = await vscode.window.showQuickPick([...candidates, other], { title, placeHolder: 'The Cloud Storage file to run it on' });
			if (!picked) return undefined;
		}
		if (picked.target) return picked.target;
		if (picked.uri) return host.lookUp(profile, picked.uri.toString());
		const text = await vscode.window.showInputBox({
			title,
			prompt: 'An adobe-storage: URI, an asset id (urn:aaid:…) or a path (/Project/folder/hero.jpg)',
			placeHolder: '/Project/folder/hero.jpg',
			ignoreFocusOut: true,
			validateInput: (value) => (value.trim() === '' ? 'Name a file.' : undefined),
		});
		return text === undefined ? undefined : host.lookUp(profile, text);
	}

	/** A second input an option names (an `.atn`, a mask): another Cloud Storage file, or one on this computer. */
	async function pickAttachment(profile: ProfileMeta, option: OperationOption, title: string): Promise<FileAnswer | undefined> {
		const accept = option.accept ?? [];
		const fromStorage = { label: '$(cloud) A Cloud Storage file…', description: 'an adobe-storage: URI, an asset id or a path' };
		const fromDisk = { label: '$(folder-opened) A file on this computer…', description: accept.join(', ') || undefined };
		const way = await vscode.window.showQuickPick([fromStorage, fromDisk], {
			title,
			placeHolder: option.description,
			ignoreFocusOut: true,
		});
		if (!way) return undefined;
		if (way === fromStorage) {
			const text = await vscode.window.showInputBox({ title, prompt: fromStorage.description, ignoreFocusOut: true });
			if (!text) return undefined;
			const target = await host.lookUp(profile, text);
			return { value: target.asset.name, attachment: { file: operationFile(target) } };
		}
		const extensions = accept.filter((a) => a.startsWith('.')).map((a) => a.slice(1));
		const [uri] =
			(await vscode.window.showOpenDialog({
				title,
				canSelectMany: false,
				...(extensions.length > 0 ? { filters: { [option.label]: extensions } } : {}),
			})) ?? [];
		return uri ? localAttachment(uri) : undefined;
	}

	async function pickOperation(specs: OperationSpec[], subject: string): Promise<OperationSpec | undefined> {
		const picked = await vscode.window.showQuickPick(
			// The detail names the API ("Photoshop: …", "Firefly: …").
			specs.map((spec) => ({ label: `$(${spec.icon}) ${spec.title}`, detail: spec.detail, spec })),
			{
				title: `Run an Adobe operation on ${subject}`,
				placeHolder: 'Type to filter: auto tone, similar, expand, upscale…',
				matchOnDetail: true,
			},
		);
		return picked?.spec;
	}

	/** Where the result goes; "Open as Request File" writes the call out instead of running it. */
	async function pickSaveAs(
		spec: OperationSpec,
		target: OperationTarget,
		newVersionAllowed: boolean,
	): Promise<SaveAs | 'requestFile' | undefined> {
		if (spec.produces === 'manifest') {
			const picked = await vscode.window.showQuickPick(
				[
					{ label: '$(play) Run', description: 'show the layers; nothing is saved', value: 'beside' as const },
					{
						label: '$(file-code) Open as Request File',
						description: 'the same call, to edit and send yourself',
						value: 'requestFile' as const,
					},
				],
				{ title: `${spec.title} on ${shown(target.asset.name)}` },
			);
			return picked?.value;
		}
		const items = [
			{
				label: '$(new-file) Beside it, as a new file',
				description: `in the same folder as "${shown(target.asset.name)}"`,
				value: 'beside' as const,
			},
			...(newVersionAllowed
				? [
						{
							label: '$(versions) As a new version of it',
							description: 'same file and asset id; the previous version stays in its history',
							value: 'newVersion' as const,
						},
					]
				: []),
			{
				label: '$(file-code) Open as Request File',
				description: 'the same call, to edit and send yourself',
				value: 'requestFile' as const,
			},
		];
		const picked = await vscode.window.showQuickPick(items, {
			title: `${spec.title} on ${shown(target.asset.name)}: where should the result go?`,
		});
		return picked?.value;
	}

	async function askClash(name: string): Promise<'keepBoth' | 'replace' | 'skip'> {
		let picked: string | undefined;
		try {
			picked = await vscode.window.showWarningMessage(
				`"${shown(name)}" already exists beside the file.`,
				{
					modal: true,
					detail: `Replace gives the existing file the result as a new version (it keeps its asset id). Keep Both saves it as "${shown(name)}\u00A0(1)". Skip leaves the result unsaved.`,
				},
				'Replace',
				'Keep Both',
				'Skip',
			);
		} catch {
			picked = undefined;
		}
		return picked === 'Replace' ? 'replace' : picked === 'Keep Both' ? 'keepBoth' : 'skip';
	}

	function scriptedClash(value: unknown): 'keepBoth' | 'replace' | 'skip' {
		if (value === undefined) return 'keepBoth';
		if (value === 'keepBoth' || value === 'replace' || value === 'skip') return value;
		throw invalidInput('onConflict: "keepBoth" (the default: Adobe numbers the name), "replace" or "skip".');
	}

	/** Runs (or resumes) with one progress notification from submit to saved result when interactive; the job in the Jobs view. */
	async function execute(
		profile: ProfileMeta,
		spec: { title: string },
		file: { name: string },
		interactive: boolean,
		onClash: RunOptions['onClash'],
		work: (runner: OperationRunner, options: RunOptions) => Promise<OperationResult>,
		resumedUrl?: string,
	): Promise<OperationResult> {
		let route: InputRoute | undefined;
		let statusUrl = resumedUrl;
		const title = () => `${spec.title} · ${file.name}${route ? ` (via ${ROUTE_WORDS[route]})` : ''}`;
		const jobs = services.jobs?.();
		// Not `interactive` for the Jobs view: the message here says how it ended (the view's own would be a second one).
		const follow = jobs
			? followThroughJobs(jobs, () => ({ title: title(), profile: profile.name, profileId: profile.id, interactive: false }))
			: undefined;
		const runner = runnerFor(profile, follow);
		const options = (signal: AbortSignal, progress?: vscode.Progress<{ message?: string }>): RunOptions => ({
			signal,
			onProgress: (p: OperationProgress) => {
				route = p.route ?? route;
				// The notification's title names the operation already: "Auto Tone: hero.jpg: running at Adobe", not "…: Auto Tone is running…".
				const message = p.message.startsWith(`${spec.title} is `) ? p.message.slice(spec.title.length + 4) : p.message;
				progress?.report({ message: shown(message) });
			},
			onSubmitted: (pending: PendingOperation) => {
				route = pending.route;
				statusUrl = pending.job.statusUrl;
				inFlight.add(statusUrl);
				void rememberPending(host.workspaceState, { ...pending, profileId: profile.id });
			},
			onClash,
		});
		try {
			if (!interactive) return await work(runner, options(new AbortController().signal));
			return await withCancellableProgress(`${spec.title}: ${shown(file.name)}`, (signal, progress) =>
				work(runner, options(signal, progress)),
			);
		} catch (error) {
			throw leftAsItWas(error, file.name);
		} finally {
			if (statusUrl) {
				inFlight.delete(statusUrl);
				await forgetPending(host.workspaceState, statusUrl);
			}
		}
	}

	/** After a run: the tree shows the result (selected), a message says where it went and by which route, with Open. */
	async function finish(
		target: OperationTarget,
		spec: { title: string },
		result: OperationResult,
		interactive: boolean,
	): Promise<vscode.Uri[]> {
		const uris = result.results.map((saved) => host.uriOf(target, saved.asset)).filter((u): u is vscode.Uri => u !== undefined);
		if (result.results.length > 0) await host.showResult(target, result.results[0].asset).catch(() => undefined);
		for (const skipped of result.notSaved) services.log.warn(`[operations] ${spec.title}: ${skipped.label} not saved: ${skipped.reason}`);
		if (result.fellBack) {
			services.log.info(`[operations] Creative Cloud route refused (${result.fellBack.code ?? 'no code'}); used a pre-signed URL`);
		}
		if (!interactive) return uris;
		// The layers belong under the PSD's row (as expanding it shows them); as JSON only where the tree does not show it.
		if (result.manifest && !(await host.showLayers(target, result.manifest).catch(() => false))) {
			const document = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(result.manifest, null, 2) });
			await vscode.window.showTextDocument(document, { preview: true });
		}
		const via = `via ${ROUTE_WORDS[result.route]}${result.fellBack ? ` (Creative Cloud was refused: ${shown(result.fellBack.message)})` : ''}`;
		const names = result.results.map((saved) => `"${shown(saved.asset.name)}"`);
		const saved =
			result.results.length === 0
				? result.manifest
					? `read the layers of "${shown(target.asset.name)}"`
					: 'saved nothing'
				: result.results[0].newVersion
					? `saved as a new version of "${shown(target.asset.name)}"`
					: `saved ${names.join(', ')} beside "${shown(target.asset.name)}"`;
		const notSaved =
			result.notSaved.length > 0 ? ` Not saved: ${result.notSaved.map((n) => `${shown(n.label)} (${shown(n.reason)})`).join('; ')}.` : '';
		const message = `${spec.title}: ${saved}, ${via}.${notSaved}`;
		const show =
			result.notSaved.length > 0 || result.job.state !== 'succeeded'
				? vscode.window.showWarningMessage
				: vscode.window.showInformationMessage;
		void show(message, ...(uris.length > 0 ? ['Open'] : []), 'Show Jobs').then((choice) => {
			if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', uris[0]);
			else if (choice === 'Show Jobs') void vscode.commands.executeCommand('adobeApi.jobs.focus');
		});
		return uris;
	}

	/** Finishes the operations a reload interrupted (their PendingOperation in workspaceState): follows each job and saves its result. */
	async function resumePending(
		interactive: boolean,
	): Promise<Array<{ operation: string; file: string; results: vscode.Uri[]; error?: string }>> {
		await services.profiles.ready();
		const outcomes: Array<{ operation: string; file: string; results: vscode.Uri[]; error?: string }> = [];
		for (const pending of readPending(host.workspaceState)) {
			if (inFlight.has(pending.job.statusUrl)) continue;
			inFlight.add(pending.job.statusUrl);
			const profile = (pending.profileId ? services.profiles.find(pending.profileId) : undefined) ?? services.profiles.active();
			const target: OperationTarget = {
				profile: profile as ProfileMeta,
				asset: { assetType: 'file', assetId: pending.file.assetId, name: pending.file.name, mediaType: pending.file.mediaType },
				parentId: pending.file.parentId,
			};
			try {
				if (!profile) throw invalidInput('The profile that started it is gone.');
				const spec = { title: specTitle(pending.operation) };
				const result = await execute(
					profile,
					spec,
					pending.file,
					interactive,
					async () => 'keepBoth',
					(runner, options) => runner.resume(pending, options),
					pending.job.statusUrl,
				);
				outcomes.push({ operation: pending.operation, file: pending.file.name, results: await finish(target, spec, result, interactive) });
			} catch (error) {
				const message = shown(messageOf(error));
				services.log.warn(`[operations] could not finish ${pending.operation} on ${pending.file.name} after the reload: ${message}`);
				outcomes.push({ operation: pending.operation, file: pending.file.name, results: [], error: message });
				if (interactive && !isCancellation(error)) void vscode.window.showWarningMessage(message);
			} finally {
				inFlight.delete(pending.job.statusUrl);
			}
		}
		return outcomes;
	}

	function specTitle(id: string): string {
		try {
			return catalogue().find((spec) => spec.id === id)?.title ?? id;
		} catch {
			return id;
		}
	}

	async function runOperation(args: unknown, more: unknown, preselected?: OperationSpec) {
		const scripted = isScripted(args);
		if (scripted && args.resume === true) {
			// The suite's "reload": a pending record put where a reload leaves it, then resumed from there (tests only).
			if (host.testMode && args.simulate !== undefined) await rememberPending(host.workspaceState, args.simulate as PendingOperation);
			return { resumed: await resumePending(true) };
		}
		const fromTree = isBrandedNode(args);
		let target: OperationTarget | undefined;
		if (scripted || fromTree) [target] = await host.targets(args, more);
		// From VS Code's Explorer or an editor tab's menu on an adobe-storage: file: that file.
		else if (args instanceof vscode.Uri) target = await host.lookUp(profileNamed(services, undefined), args.toString());
		else target = await pickFile(preselected ? `${preselected.title}: which file?` : 'Run an Adobe operation: which file?');
		if (!target) {
			if (scripted) throw invalidInput('uri: the adobe-storage: URI of a file (or assetId and profile).');
			return undefined;
		}
		const { asset, profile } = target;
		if (asset.assetType !== 'file') throw invalidInput(`"${shown(asset.name)}" is a ${asset.assetType}: operations run on a file.`);
		const mediaType = asset.mediaType ?? mediaTypeFor(asset.name);
		const specs = catalogue(mediaType);
		if (specs.length === 0) {
			throw invalidInput(
				`No Adobe operation takes "${shown(asset.name)}" (${mediaType}): they take images (JPEG, PNG, TIFF, WebP) and Photoshop documents.`,
			);
		}
		let spec: OperationSpec | undefined;
		if (scripted) {
			spec = specs.find((s) => s.id === args.operation);
			if (!spec) {
				throw invalidInput(
					`operation: one of ${specs.map((s) => s.id).join(', ')} for ${mediaType} (adobeApi.storage.listOperations lists them).`,
				);
			}
		} else if (preselected) {
			spec = specs.find((s) => s.id === preselected.id);
			if (!spec) throw invalidInput(`${preselected.title} does not take "${shown(asset.name)}" (${mediaType}).`);
		} else spec = await pickOperation(specs, `"${shown(asset.name)}"`);
		if (!spec) return undefined;

		let options: Record<string, unknown>;
		let attachments: Record<string, unknown>;
		if (scripted) {
			if (args.options !== undefined && (typeof args.options !== 'object' || args.options === null || Array.isArray(args.options))) {
				throw invalidInput("options: an object of the operation's options (adobeApi.storage.listOperations lists them).");
			}
			options = { ...((args.options as Record<string, unknown> | undefined) ?? {}) };
			attachments = await scriptedAttachments(spec, options, profile);
		} else {
			const answers = await askOptions(spec, `"${shown(asset.name)}"`, (option, title) => pickAttachment(profile, option, title));
			if (!answers) return undefined;
			({ options, attachments } = answers);
		}
		const newVersionAllowed = spec.produces !== 'manifest' && spec.resultMediaType(mediaType, options) === mediaType;
		let saveAs: SaveAs | 'requestFile';
		if (scripted) {
			if (args.requestFile === true) saveAs = 'requestFile';
			else {
				const value = args.saveAs ?? 'beside';
				if (value !== 'beside' && value !== 'newVersion') throw invalidInput('saveAs: "beside" (the default) or "newVersion".');
				if (value === 'newVersion' && !newVersionAllowed) {
					throw invalidInput(
						`saveAs "newVersion": ${spec.title} gives ${spec.resultMediaType(mediaType, options)}, not ${mediaType}; a new version keeps the file's type. Save it beside instead.`,
					);
				}
				saveAs = value;
			}
		} else {
			const picked = await pickSaveAs(spec, target, newVersionAllowed);
			if (!picked) return undefined;
			saveAs = picked;
		}
		const request: RunOperationRequest = {
			operation: spec.id,
			file: operationFile(target),
			options,
			saveAs: saveAs === 'requestFile' ? 'beside' : saveAs,
			...(Object.keys(attachments).length > 0 ? { attachments: attachments as RunOperationRequest['attachments'] } : {}),
		};
		if (saveAs === 'requestFile') {
			const content = runnerFor(profile).requestFile(request);
			const document = await vscode.workspace.openTextDocument({ language: 'http', content });
			if (!scripted) await vscode.window.showTextDocument(document);
			return { document: document.uri };
		}
		const onClash: RunOptions['onClash'] = scripted ? async () => scriptedClash(args.onConflict) : askClash;
		const result = await execute(profile, spec, asset, !scripted, onClash, (runner, runOptions) => runner.run(request, runOptions));
		const results = await finish(target, spec, result, !scripted);
		const scriptedResult: ScriptedRunResult = {
			job: result.job,
			results,
			route: result.route,
			notSaved: result.notSaved,
			...(result.fellBack ? { fellBack: result.fellBack } : {}),
			...(result.manifest ? { manifest: result.manifest } : {}),
		};
		return scriptedResult;
	}

	/** A scripted file option: an adobe-storage: URI (another Cloud Storage file) or a file: URI on this computer. */
	async function scriptedAttachments(
		spec: OperationSpec,
		options: Record<string, unknown>,
		profile: ProfileMeta,
	): Promise<Record<string, unknown>> {
		const attachments: Record<string, unknown> = {};
		for (const option of spec.options.filter((o) => o.kind === 'file')) {
			const value = options[option.key];
			if (value === undefined) continue;
			const text = typeof value === 'string' ? value : value instanceof vscode.Uri ? value.toString() : undefined;
			if (!text) throw invalidInput(`options.${option.key}: an adobe-storage: URI, an asset id or a file: URI.`);
			// A file is an attachment, not an option value (core/operations/catalogue.ts validateOptions).
			delete options[option.key];
			if (text.startsWith('file:')) attachments[option.key] = (await localAttachment(vscode.Uri.parse(text, true))).attachment;
			else attachments[option.key] = { file: operationFile(await host.lookUp(profile, text)) };
		}
		return attachments;
	}

	return {
		runOperation: (args: unknown, more: unknown) => runOperation(args, more),

		/** The operation ids (with titles, what they take and their options); `{ uri }`: only those that take that file. Interactive: pick one, then the file. */
		async listOperations(args: unknown) {
			let specs: OperationSpec[];
			if (isScripted(args) && args.uri !== undefined) {
				const [target] = await host.targets({ uri: args.uri });
				if (!target) throw invalidInput('uri: the adobe-storage: URI of a file.');
				specs = catalogue(target.asset.mediaType ?? mediaTypeFor(target.asset.name));
			} else specs = catalogue();
			if (!isScripted(args)) {
				const picked = await vscode.window.showQuickPick(
					specs.map((spec) => ({
						label: `$(${spec.icon}) ${spec.title}`,
						description: spec.id,
						detail: `${spec.detail} Takes ${spec.inputMediaTypes.map(shortType).join(', ')}.`,
						spec,
					})),
					{ title: "Adobe's operations on a Cloud Storage file", placeHolder: 'Choose one to run it on a file', matchOnDetail: true },
				);
				if (picked) return runOperation(undefined, undefined, picked.spec);
			}
			return {
				operations: specs.map((spec) => ({
					id: spec.id,
					title: spec.title,
					detail: spec.detail,
					api: spec.api,
					produces: spec.produces,
					inputMediaTypes: spec.inputMediaTypes,
					options: spec.options,
				})),
			};
		},

		/** Finishes the operations a reload interrupted, in the background (the explorer calls it when its code loads). */
		resumePendingOperations(): void {
			if (readPending(host.workspaceState).length === 0) return;
			void resumePending(true).catch((error: unknown) => services.log.warn(`[operations] resume: ${shown(messageOf(error))}`));
		},
	};
}

/** The OperationFile of a target: what the runner and the pending record need of it. */
function operationFile(target: OperationTarget): OperationFile {
	const { asset } = target;
	const parentId = target.parentId ?? asset.ancestors?.[0];
	if (!parentId) throw invalidInput(`Adobe did not say which folder "${asset.name}" is in, so a result cannot go beside it.`);
	const fromPath = asset.path?.startsWith('/') ? asset.path.slice(1).split('/').slice(1).join('/') : undefined;
	return {
		assetId: asset.assetId,
		name: asset.name,
		mediaType: asset.mediaType ?? mediaTypeFor(asset.name),
		...(asset.size !== undefined ? { size: asset.size } : {}),
		parentId,
		...((target.projectId ?? asset.ancestors?.at(-1)) ? { projectId: target.projectId ?? asset.ancestors?.at(-1) } : {}),
		...((target.pathInProject ?? fromPath) ? { pathInProject: target.pathInProject ?? fromPath } : {}),
		version: {
			...(asset.modifiedDate ? { modifiedDate: asset.modifiedDate } : {}),
			...(asset.size !== undefined ? { size: asset.size } : {}),
		},
	};
}

/** A file on this computer as an attachment: its bytes read from the disk as the upload asks for them. */
async function localAttachment(uri: vscode.Uri): Promise<FileAnswer> {
	if (uri.scheme !== 'file') throw invalidInput('A file on this computer: a file: URI.');
	const stat = await fs.promises.stat(uri.fsPath);
	if (!stat.isFile()) throw invalidInput(`${uri.fsPath} is not a file.`);
	const name = path.basename(uri.fsPath);
	return {
		value: name,
		attachment: {
			name,
			source: {
				size: stat.size,
				mediaType: mediaTypeFor(name),
				read: (start: number, end: number) => fs.createReadStream(uri.fsPath, { start, end: end - 1 }),
			},
		},
	};
}

/** The adobe-storage: file in the active editor (a text editor, or the image preview's custom editor). */
function activeStorageUri(): vscode.Uri | undefined {
	const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
	const uri =
		input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom
			? input.uri
			: vscode.window.activeTextEditor?.document.uri;
	return uri?.scheme === 'adobe-storage' ? uri : undefined;
}

function shortType(mediaType: string): string {
	return mediaType === 'image/vnd.adobe.photoshop' ? 'PSD' : mediaType.replace(/^image\//, '').toUpperCase();
}

/** A failure says the file was left as it was (the runner saves nothing on a failed, partial or cancelled job). */
function leftAsItWas(error: unknown, name: string): unknown {
	if (!isAdobeApiError(error) || isCancellation(error) || /left as it was|unchanged|not changed/i.test(error.message)) return error;
	const message = `${error.message} "${name}" was left as it was.`;
	return Object.assign(new AdobeApiError(message, error), { stack: error.stack });
}
