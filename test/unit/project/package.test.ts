/** What ships: the .vsix contents, the activation bundle's size, and package.json's agreement with the code. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { Commands, ContextKeys, RequestCommands, Settings, StorageCommands, Views } from '../../../src/shared/constants';
import { PRODUCTION_ENDPOINTS } from '../../../src/core/common/endpoints';
import { AGENT_TOOLS } from '../../../src/core/agent';
import { languageModelTools } from '../agent/languageModelTools';

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package', () => {
	it('ships only dist/, media/, README, CHANGELOG, LICENSE and package.json', () => {
		const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
		const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
		assert.ok(files.includes('dist/extension.js') && files.includes('dist/network.js') && files.includes('dist/mcp.js'), files.join(', '));
		const unexpected = files.filter(
			(file) =>
				!/^(dist\/[\w-]+\.js|media\/(walkthrough\/|screenshots\/)?[\w.-]+|README\.md|CONTRIBUTING\.md|SECURITY\.md|docs\/[\w.-]+\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(
					file,
				),
		);
		assert.deepEqual(unexpected, []);
	});

	it('keeps undici out of the bundle loaded at activation', () => {
		const activation = fs.readFileSync(path.join(root, 'dist/extension.js'), 'utf8');
		assert.ok(!/undici/i.test(activation), 'dist/extension.js contains undici');
		assert.ok(activation.includes('require("./network.js")'), 'the network bundle is required lazily');
		assert.ok(fs.readFileSync(path.join(root, 'dist/network.js'), 'utf8').includes('undici'));
	});

	it('keeps the request-file parser and the Jobs view out of the bundle loaded at activation, and HTTP code out of theirs', () => {
		const activation = fs.readFileSync(path.join(root, 'dist/extension.js'), 'utf8');
		const requests = fs.readFileSync(path.join(root, 'dist/requests.js'), 'utf8');
		assert.ok(activation.includes('require("./requests.js")'), 'the request-file bundle is required lazily');
		// The built-in variables' names are string literals of the parser's, kept by minification.
		assert.ok(requests.includes('$adobeToken'), 'the request-file bundle holds the parser');
		assert.ok(!activation.includes('$adobeToken'), 'dist/extension.js contains the parser');
		assert.ok(!/undici/i.test(requests), 'dist/requests.js contains undici: it must use the network bundle');
	});

	it("keeps the profile commands' dialogs and the personal-token consent out of the bundle loaded at activation", () => {
		const activation = fs.readFileSync(path.join(root, 'dist/extension.js'), 'utf8');
		const commands = fs.readFileSync(path.join(root, 'dist/commands.js'), 'utf8');
		assert.ok(activation.includes('require("./commands.js")'), 'the commands bundle is required lazily');
		// Text of the consent question and of the import dialog, string literals that minification keeps.
		for (const marker of ['Copy the personal Adobe access token', 'A name for this credential profile']) {
			assert.ok(commands.includes(marker), `dist/commands.js lacks "${marker}"`);
			assert.ok(!activation.includes(marker), `dist/extension.js contains "${marker}"`);
		}
		assert.ok(!/undici/i.test(commands), 'dist/commands.js contains undici: it must use the network bundle');
	});

	it('bundles the MCP SDK into dist/mcp.js only, which runs without the other bundles', () => {
		// A JSON-RPC method name the SDK's protocol code holds as a string literal, kept by minification.
		const sdkMarker = 'notifications/initialized';
		const mcp = fs.readFileSync(path.join(root, 'dist/mcp.js'), 'utf8');
		assert.ok(mcp.includes(sdkMarker), 'dist/mcp.js holds the MCP SDK');
		assert.ok(!/require\("\.\/(network|requests|commands|extension)\.js"\)/.test(mcp), 'dist/mcp.js requires another bundle');
		assert.ok(!mcp.includes('require("vscode")'), 'dist/mcp.js requires vscode');
		for (const bundle of ['extension', 'network', 'requests', 'commands']) {
			assert.ok(
				!fs.readFileSync(path.join(root, `dist/${bundle}.js`), 'utf8').includes(sdkMarker),
				`dist/${bundle}.js contains the MCP SDK`,
			);
		}
	});

	it('keeps the credential-file parser (dotenv) out of the bundle loaded at activation', () => {
		const dotenvMarker = 'DOTENV_CONFIG_'; // the environment variables dotenv reads its options from
		assert.ok(!fs.readFileSync(path.join(root, 'dist/extension.js'), 'utf8').includes(dotenvMarker), 'dist/extension.js contains dotenv');
		assert.ok(fs.readFileSync(path.join(root, 'dist/network.js'), 'utf8').includes(dotenvMarker));
	});

	describe('the activation bundle in a production build', () => {
		/** The production build (esbuild.js's options), in memory: the size limit holds for what ships, not for a development build. */
		let production: { outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }>; texts: Map<string, string> };
		before(async () => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild.js is the plain-Node build script
			const build = require(path.join(root, 'esbuild.js')) as { buildOptions(options: { production: boolean }): BuildOptions };
			const result = await esbuild.build({ ...build.buildOptions({ production: true }), absWorkingDir: root, write: false });
			production = {
				outputs: result.metafile?.outputs ?? {},
				texts: new Map(result.outputFiles.map((file) => [path.relative(root, file.path).replaceAll('\\', '/'), file.text])),
			};
		});

		it("requires VS Code's API once per bundle (esbuild.js vscodeOncePlugin): each further require was wrapped by a copy of the whole API object, ~1 ms of activation each (#17)", () => {
			const bundles = [...production.texts].filter(([file]) => file.endsWith('.js'));
			assert.ok(
				bundles.some(([file]) => file === 'dist/extension.js'),
				[...production.texts.keys()].join(', '),
			);
			for (const [file, text] of bundles) {
				const count = text.split('require("vscode")').length - 1;
				assert.ok(count <= 1, `${file} requires "vscode" ${count} times`);
				if (file === 'dist/extension.js') assert.equal(count, 1, 'the activation bundle requires VS Code once');
			}
		});

		it('keeps dist/extension.js at most 48,891 bytes minified (its size after #17; #18 added no weight): the status bar, the sign-in provider and the stubs, nothing else', () => {
			const bytes = production.outputs['dist/extension.js']?.bytes;
			assert.ok(bytes !== undefined, Object.keys(production.outputs).join(', '));
			assert.ok(bytes <= 48_891, `dist/extension.js is ${bytes} bytes minified; new code belongs in a lazy bundle (src/shared/lazy.ts)`);
		});

		it("keeps the features' code behind their stubs: the explorer, the token commands, the terminal environment, the public API, the error fixes", () => {
			const activation = production.texts.get('dist/extension.js') ?? '';
			const commands = production.texts.get('dist/commands.js') ?? '';
			// String literals of each (minification keeps them).
			for (const marker of [
				'Select Cloud Storage, a project or a folder to filter.',
				'[terminal] new terminals get',
				'to another extension',
				'Adobe: checking setup',
				'Open Admin Console',
			]) {
				assert.ok(commands.includes(marker), `dist/commands.js lacks "${marker}"`);
				assert.ok(!activation.includes(marker), `dist/extension.js contains "${marker}"`);
			}
		});

		it('requires the other bundles from src/shared/lazy.ts only, which no lazily loaded bundle contains', () => {
			const requiring: string[] = [];
			const walk = (folder: string): void => {
				for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
					const file = path.join(folder, entry.name);
					if (entry.isDirectory()) walk(file);
					else if (/require\(\s*['"]\.\/[\w-]+\.js['"]\s*\)/.test(fs.readFileSync(file, 'utf8'))) {
						requiring.push(path.relative(root, file).replaceAll('\\', '/'));
					}
				}
			};
			walk(path.join(root, 'src'));
			assert.deepEqual(requiring, ['src/shared/lazy.ts']);
			const holders = Object.entries(production.outputs)
				.filter(([, output]) => 'src/shared/lazy.ts' in output.inputs)
				.map(([file]) => file);
			assert.deepEqual(holders, ['dist/extension.js']);
		});
	});

	it("contributes exactly the agent tools' catalogue as language model tools, each referenceable in a prompt and offered only with a profile", () => {
		const contributed = manifest.contributes.languageModelTools as Array<Record<string, unknown>>;
		assert.deepEqual(
			contributed,
			languageModelTools(),
			'package.json contributes.languageModelTools differs from the catalogue (src/core/agent/catalogue.ts): run npm run gen:manifest',
		);
		assert.deepEqual(
			contributed.map((tool) => tool.name),
			AGENT_TOOLS.map((tool) => tool.name),
		);
		for (const tool of contributed) {
			assert.equal(tool.canBeReferencedInPrompt, true);
			// No profile, no tools: VS Code offers a tool to a model only while its when clause holds.
			assert.equal(tool.when, 'adobeApi.hasProfiles', `${String(tool.name)} has the when clause`);
		}
		assert.equal(ContextKeys.hasProfiles, 'adobeApi.hasProfiles');
	});

	it('contributes exactly the command, view and setting ids the code uses', () => {
		const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
		assert.deepEqual(
			contributed,
			[...Object.values(Commands), ...Object.values(StorageCommands), ...Object.values(RequestCommands)].sort(),
		);
		assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(), Object.values(Settings).sort());
		assert.equal(manifest.contributes.views[Views.container][0].id, Views.explorer);
		for (const command of manifest.contributes.commands) assert.equal(command.category, 'Adobe', `${command.command} has category Adobe`);
	});

	it('defaults the endpoint settings to Adobe production and keeps them out of workspace reach', () => {
		const props = manifest.contributes.configuration.properties;
		assert.equal(props[Settings.imsBaseUrl].default, PRODUCTION_ENDPOINTS.ims);
		assert.equal(props[Settings.photoshopBaseUrl].default, PRODUCTION_ENDPOINTS.photoshop);
		assert.equal(props[Settings.cloudStorageBaseUrl].default, PRODUCTION_ENDPOINTS.cloudStorage);
		for (const key of [Settings.imsBaseUrl, Settings.photoshopBaseUrl, Settings.cloudStorageBaseUrl]) {
			assert.equal(props[key].scope, 'application');
		}
	});
});
