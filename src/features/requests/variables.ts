/**
 * The VS Code side of request-file variables (issue #21), in dist/requests.js:
 * - the environment switcher: REST Client's environments (the `rest-client.environmentVariables`
 *   setting, read with getConfiguration('rest-client') and not contributed by this extension, so a
 *   REST Client user's settings work unchanged), a status-bar item shown while a request file is the
 *   active editor ("$(server-environment) dev"), and Select Request Environment… with the same pick
 *   list REST Client shows (src/controllers/environmentController.ts in github.com/Huachao/vscode-restclient:
 *   "No Environment" first, the current one checked; `$shared` is never listed, it always applies).
 *   The choice is kept per workspace (workspaceState), as REST Client keeps it.
 * - the window's request exchanges (core/requests/exchanges.ts): Send records each named request's
 *   last exchange, so `{{login.response.body.$.jobId}}` reads it; in memory only, never shown.
 * - the VariableSources a Send resolves with: the environment, the exchanges, `# @prompt` answers
 *   (an input box, hidden for password-like names; a scripted Send answers from `prompts`), and
 *   `{{$processEnv}}` / `{{$dotenv}}` (the `.env` beside the file), only in a trusted workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { invalidInput } from '../../core/common/errors';
import { MemoryExchangeStore } from '../../core/requests/exchanges';
import { ENVIRONMENTS_SETTING, dotenvSource, environmentVariables, environmentsFrom } from '../../core/requests/environments';
import type { RequestExchange, VariableSources } from '../../core/requests/types';
import { isScripted } from '../../shared/profilePick';
import { RESPONSE_SCHEME, RequestCommands } from '../../shared/constants';

/** workspaceState: the selected environment's name (absent: No Environment). Not in WorkspaceStateKeys, which dist/extension.js carries. */
export const REQUEST_ENVIRONMENT_KEY = 'adobeApi.requests.environment';

/** REST Client's setting, read (never contributed) from its own section. */
const [REST_CLIENT_SECTION, ENVIRONMENTS_KEY] = ENVIRONMENTS_SETTING.split('.');

const NO_ENVIRONMENT = 'No Environment';

export interface SelectedEnvironment {
	/** Undefined: No Environment ($shared only). */
	name?: string;
	/** The selected environment merged over $shared, values raw. */
	variables: Readonly<Record<string, string>>;
	/** The names the selected environment defines itself (the others in `variables` come from $shared), for the hover. */
	own: ReadonlySet<string>;
	/** The selected name is no longer in the setting. */
	missing: boolean;
	/** Why the setting could not be read (its shape, its size), redacted by whoever shows it. */
	problem?: string;
}

export class RequestVariables implements vscode.Disposable {
	/** The window's named exchanges (Send and Run All record them; request variables read them). */
	readonly exchanges = new MemoryExchangeStore();
	private readonly item: vscode.StatusBarItem;
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires when the environment, its variables or the recorded exchanges change (diagnostics re-run). */
	readonly onDidChange = this.changed.event;
	private readonly subscriptions: vscode.Disposable[];
	private visible = false;

	constructor(
		private readonly state: vscode.Memento,
		private readonly redact: (text: string) => string,
	) {
		this.item = vscode.window.createStatusBarItem('adobeApi.requestEnvironment', vscode.StatusBarAlignment.Right, 100);
		this.item.name = 'Adobe Request Environment';
		this.item.command = RequestCommands.selectRequestEnvironment;
		this.subscriptions = [
			this.item,
			this.changed,
			vscode.window.onDidChangeActiveTextEditor(() => this.render()),
			vscode.workspace.onDidChangeConfiguration((event) => {
				if (!event.affectsConfiguration(ENVIRONMENTS_SETTING)) return;
				this.render();
				this.changed.fire();
			}),
		];
		this.render();
	}

	private setting(): unknown {
		return vscode.workspace.getConfiguration(REST_CLIENT_SECTION).get<unknown>(ENVIRONMENTS_KEY);
	}

	/** The environments' names in the setting ($shared left out). */
	names(): string[] {
		try {
			return environmentsFrom(this.setting());
		} catch {
			return [];
		}
	}

	/** The selected environment and its variables; a setting that is not valid gives none (Send says why). */
	selected(): SelectedEnvironment {
		const stored = this.state.get<unknown>(REQUEST_ENVIRONMENT_KEY);
		const name = typeof stored === 'string' && stored !== '' ? stored : undefined;
		const missing = name !== undefined && !this.names().includes(name);
		let variables: Readonly<Record<string, string>> = {};
		let problem: string | undefined;
		try {
			variables = environmentVariables(this.setting(), missing ? undefined : name);
		} catch (error) {
			// Not valid: no variables; the status bar says why.
			problem = error instanceof Error ? error.message : String(error);
		}
		const raw: unknown = name === undefined || missing || problem ? undefined : (this.setting() as Record<string, unknown>)[name];
		const own = new Set(typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.keys(raw) : []);
		return { name, variables, missing, problem, own };
	}

	/** The status bar item: shown while a request file (not a response document) is the active editor. */
	private render(): void {
		const document = vscode.window.activeTextEditor?.document;
		if (!document || document.languageId !== 'http' || document.uri.scheme === RESPONSE_SCHEME) {
			this.item.hide();
			this.visible = false;
			return;
		}
		const { name, missing, problem } = this.selected();
		const label = this.redact(name ?? NO_ENVIRONMENT);
		this.item.text = `$(${missing || problem ? 'warning' : 'server-environment'}) ${label}`;
		this.item.tooltip = problem
			? `${this.redact(problem)} Requests use no environment variables until it is fixed.`
			: missing
				? `The request environment "${label}" is not in rest-client.environmentVariables any more: requests use $shared only. Click to choose another.`
				: `Request environment (rest-client.environmentVariables): ${label}. Click to switch.`;
		this.item.show();
		this.visible = true;
	}

	/** What the status bar shows (text, or undefined while hidden): a scripted selection returns it. */
	statusText(): string | undefined {
		return this.visible ? this.item.text : undefined;
	}

	/**
	 * Select Request Environment…: a quick pick of No Environment and the environments; scripted
	 * `{ name }` (a name, or null / '' for No Environment) selects without asking. Resolves to the
	 * selection, the names and what the status bar shows (while a request file is active), or undefined
	 * when the pick is dismissed.
	 */
	async select(args: unknown): Promise<{ name: string | null; environments: string[]; statusBar?: string } | undefined> {
		const names = this.names();
		let chosen: string | undefined;
		if (isScripted(args)) {
			const { name } = args;
			if (name !== undefined && name !== null && typeof name !== 'string') {
				throw invalidInput('Select Request Environment: "name" must be an environment name, or null for No Environment.');
			}
			if (typeof name === 'string' && name !== '' && !names.includes(name)) {
				throw invalidInput(
					`Select Request Environment: "${this.redact(name)}" is not an environment of rest-client.environmentVariables (${names.length ? names.map(this.redact).join(', ') : 'none defined'}).`,
				);
			}
			chosen = typeof name === 'string' && name !== '' ? name : undefined;
		} else {
			const current = this.selected().name;
			const picked = await vscode.window.showQuickPick(
				[
					{ label: NO_ENVIRONMENT, name: undefined, description: 'You can still use variables defined in the $shared environment' },
					...names.map((name) => ({ label: this.redact(name), name, description: name === current ? '$(check)' : undefined })),
				],
				{
					title: 'Adobe: Select Request Environment',
					placeHolder: names.length
						? 'The environment of rest-client.environmentVariables request files use'
						: 'No environments yet: define them in the rest-client.environmentVariables setting',
				},
			);
			if (!picked) return undefined;
			chosen = picked.name;
		}
		await this.state.update(REQUEST_ENVIRONMENT_KEY, chosen);
		this.render();
		this.changed.fire();
		return { name: chosen ?? null, environments: names, statusBar: this.statusText() };
	}

	/** Records a named request's exchange (unredacted, in memory only) for request variables. */
	record(requestName: string | undefined, exchange: RequestExchange): void {
		if (!requestName) return;
		this.exchanges.set(requestName, exchange);
		this.changed.fire();
	}

	/**
	 * What a Send of the file at `uri` resolves with. `answers`: a scripted Send's prompt answers (no
	 * input box is shown for a script; a prompt it does not answer is an error naming it).
	 */
	sources(uri: vscode.Uri, answers?: Readonly<Record<string, unknown>>): VariableSources {
		const environment = this.selected();
		const trusted = vscode.workspace.isTrusted;
		// {{$dotenv}}: `.env.<environment>` or `.env` beside the file, then up to the workspace folder (outside one: beside the file only).
		const dotenv =
			uri.scheme === 'file'
				? dotenvSource(uri.fsPath, vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath), environment.name)
				: undefined;
		return {
			environment: environment.variables,
			environmentName: environment.name,
			requests: this.exchanges,
			prompt: answers
				? async (name) => {
						const answer = answers[name];
						if (typeof answer !== 'string') {
							throw invalidInput(`The request asks for "${name}" (# @prompt ${name}): pass it as prompts: { ${name}: "…" }.`);
						}
						return answer;
					}
				: (name, description, password) =>
						Promise.resolve(
							vscode.window.showInputBox({
								title: `Request variable ${name}`,
								prompt: description ?? `The value of {{${name}}} for this request (# @prompt ${name})`,
								password,
								ignoreFocusOut: true,
							}),
						),
			// The process environment and the .env file hold secrets: a workspace that is not trusted gets neither.
			processEnv: trusted ? (name) => process.env[name] : undefined,
			dotenv: trusted && dotenv ? (name) => dotenv.read(name) : undefined,
		};
	}

	dispose(): void {
		for (const subscription of this.subscriptions) subscription.dispose();
		this.exchanges.clear();
	}
}
