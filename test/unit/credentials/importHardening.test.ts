/** Issue #8: credential import from hostile or unusual files, profile names, and which IMS hosts need the user's consent. */
import * as assert from 'node:assert/strict';
import { checkImportSize, MAX_IMPORT_BYTES, parseCredentialFile } from '../../../src/core/credentials/importCredentials';
import {
	MAX_PROFILE_NAME,
	normalizeNewProfile,
	sanitizeProfileName,
	unapprovedImsHost,
	uniqueProfileName,
	validateProfileName,
} from '../../../src/core/credentials/profiles';
import { PRODUCTION_ENDPOINTS, STAGE_IMS_URL } from '../../../src/core/common/endpoints';
import { errorOf, ID, SECRET } from './fixtures';

const psEnv = (secretLine: string) => `PS_FF_SERVICES_CLIENT_ID=${ID}\n${secretLine}\n`;
const secretOf = (text: string) => parseCredentialFile('.env', text).credentials[0].clientSecret;

function projectJson(title: string, credentialNames: string[]): string {
	return JSON.stringify({
		project: {
			title,
			workspace: {
				details: {
					credentials: credentialNames.map((name) => ({
						name,
						integration_type: 'oauth_server_to_server',
						oauth_server_to_server: { client_id: ID, client_secrets: [SECRET], scopes: ['openid', 'AdobeID', 'creative_sdk'] },
					})),
				},
			},
		},
	});
}

describe('importing credentials (hardening)', () => {
	it('fits long Developer Console titles into a valid profile name, and keeps names unique', () => {
		const title = 'Acme Corporation Global Brand Automation Platform for Marketing Operations 2026';
		const names = [
			'Production server-to-server credential for the image pipeline A',
			'Production server-to-server credential for the image pipeline B',
		];
		const { credentials } = parseCredentialFile('project.json', projectJson(title, names));
		const taken: string[] = [];
		for (const credential of credentials) {
			assert.ok(credential.suggestedName.length <= MAX_PROFILE_NAME, `${credential.suggestedName.length} characters`);
			assert.match(credential.suggestedName, /^Acme Corporation .*… \/ Production server-to-server.*…$/);
			const name = uniqueProfileName(credential.suggestedName, taken);
			assert.equal(validateProfileName(name, taken), undefined, name);
			taken.push(name);
		}
		assert.equal(taken[1], `${taken[0].slice(0, MAX_PROFILE_NAME - 5).trimEnd()}… (2)`);
		const short = parseCredentialFile('project.json', projectJson('Brand Bots', [names[0]])).credentials[0].suggestedName;
		assert.equal(
			short,
			'Brand Bots / Production server-to-server credential for the ima…',
			'a short project title leaves the credential the rest',
		);
		assert.equal(short.length, MAX_PROFILE_NAME);
	});

	it('never cuts a name inside a surrogate pair', () => {
		const name = uniqueProfileName('🎨'.repeat(40), []);
		assert.ok(name.length <= MAX_PROFILE_NAME);
		assert.equal(name, `${'🎨'.repeat(31)}…`);
		assert.equal(uniqueProfileName('Dev', ['dev', 'DEV (2)']), 'Dev (3)');
	});

	it('skips a _CLIENT_ID without its secret, and says so, when another credential is usable', () => {
		const text = `FOO_CLIENT_ID=abc\nPS_FF_SERVICES_CLIENT_ID=${ID}\nCLOUD_STORAGE_CLIENT_ID=${ID}\nCLOUD_STORAGE_CLIENT_SECRET=${SECRET}\n`;
		const { credentials, skipped } = parseCredentialFile('.env', text);
		assert.deepEqual(
			credentials.map((c) => c.apiKind),
			['cloudStorage'],
		);
		assert.deepEqual(skipped, [
			".env, line 1: FOO_CLIENT_ID is not one of Adobe's variable names.",
			'.env, line 2: PS_FF_SERVICES_CLIENT_ID is set but PS_FF_SERVICES_CLIENT_SECRET is not.',
		]);
		assert.deepEqual(parseCredentialFile('.env', `FOO_CLIENT_ID=abc\n${psEnv(`PS_FF_SERVICES_CLIENT_SECRET=${SECRET}`)}`).skipped, [
			".env, line 1: FOO_CLIENT_ID is not one of Adobe's variable names.",
		]);
	});

	it('still fails, naming the unpaired variable, when nothing usable is left', () => {
		assert.equal(
			errorOf(() => parseCredentialFile('x.env', `FOO_CLIENT_ID=abc\nPS_FF_SERVICES_CLIENT_ID=${ID}\n`)),
			'x.env, line 2: PS_FF_SERVICES_CLIENT_ID is set but PS_FF_SERVICES_CLIENT_SECRET is not.',
		);
		assert.match(
			errorOf(() => parseCredentialFile('y.env', 'FOO_CLIENT_ID=abc\n')),
			/^y\.env has no Adobe credential variables/,
		);
	});

	it('reads quotes as dotenv does: closed quotes are not part of the value, \\" and \\\\ are unescaped in double quotes', () => {
		assert.equal(secretOf(psEnv(`PS_FF_SERVICES_CLIENT_SECRET="${SECRET}"  # from the console`)), SECRET);
		assert.equal(secretOf(psEnv(`PS_FF_SERVICES_CLIENT_SECRET='${SECRET}'`)), SECRET);
		assert.equal(secretOf(psEnv(`export PS_FF_SERVICES_CLIENT_SECRET = ${SECRET} # comment`)), SECRET);
		assert.equal(secretOf(psEnv(`PS_FF_SERVICES_CLIENT_SECRET="${SECRET}\\"x"`)), `${SECRET}"x`);
		assert.equal(secretOf(psEnv(`PS_FF_SERVICES_CLIENT_SECRET="${SECRET}\\\\x"`)), `${SECRET}\\x`);
		assert.equal(secretOf(psEnv(`PS_FF_SERVICES_CLIENT_SECRET='${SECRET}\\x'`)), `${SECRET}\\x`, 'single quotes keep backslashes');
		assert.equal(
			secretOf(`\uFEFFPS_FF_SERVICES_CLIENT_ID=${ID}\r\nPS_FF_SERVICES_CLIENT_SECRET=${SECRET}\r\n`),
			SECRET,
			'a BOM and CRLF lines',
		);
	});

	it('refuses unterminated and stray quotes instead of importing them as part of the secret', () => {
		const unterminated = '.env, line 2: the value of PS_FF_SERVICES_CLIENT_SECRET opens a quote that is never closed.';
		const stray = '.env, line 2: the value of PS_FF_SERVICES_CLIENT_SECRET has a stray quote; quote the whole value or none of it.';
		assert.equal(
			errorOf(() => parseCredentialFile('.env', psEnv(`PS_FF_SERVICES_CLIENT_SECRET="${SECRET}`))),
			unterminated,
		);
		assert.equal(
			errorOf(() => parseCredentialFile('.env', psEnv(`PS_FF_SERVICES_CLIENT_SECRET='${SECRET}`))),
			unterminated,
		);
		assert.equal(
			errorOf(() => parseCredentialFile('.env', psEnv(`PS_FF_SERVICES_CLIENT_SECRET="${SECRET}\\"`))),
			unterminated,
			'the closing quote is escaped',
		);
		assert.equal(
			errorOf(() => parseCredentialFile('.env', psEnv(`PS_FF_SERVICES_CLIENT_SECRET=${SECRET}"`))),
			stray,
		);
		assert.equal(
			errorOf(() => parseCredentialFile('.env', psEnv(`PS_FF_SERVICES_CLIENT_SECRET="${SECRET}""`))),
			stray,
		);
		assert.equal(
			errorOf(() => parseCredentialFile('.env', psEnv(`PS_FF_SERVICES_CLIENT_SECRET='${SECRET}'x'`))),
			stray,
		);
		assert.equal(
			errorOf(() => parseCredentialFile('.env', `PS_FF_SERVICES_CLIENT_ID="${ID}\nPS_FF_SERVICES_CLIENT_SECRET=${SECRET}\n`)),
			'.env, line 1: the value of PS_FF_SERVICES_CLIENT_ID opens a quote that is never closed.',
		);
	});

	it('refuses a file over 1 MB before parsing it, saying which file and why', () => {
		checkImportSize('ok.env', MAX_IMPORT_BYTES);
		assert.equal(
			errorOf(() => checkImportSize('huge.env', 200 * 1024 * 1024)),
			'huge.env is 200.0 MB; a credential file (Developer Console JSON or .env) is at most 1 MB. Choose the file you downloaded from the Developer Console.',
		);
		const big = `${psEnv(`PS_FF_SERVICES_CLIENT_SECRET=${SECRET}`)}# ${'x'.repeat(MAX_IMPORT_BYTES)}\n`;
		assert.match(
			errorOf(() => parseCredentialFile('big.env', big)),
			/^big\.env is 1\.0 MB; a credential file/,
		);
	});
});

describe('profile names', () => {
	const controls: Array<[string, string]> = [
		['right-to-left override', '\u202E'],
		['left-to-right mark', '\u200E'],
		['first-strong isolate', '\u2068'],
		['DEL', '\u007F'],
		['C1 next line', '\u0085'],
		['C1 control', '\u009B'],
		['line separator', '\u2028'],
		['tab', '\t'],
	];

	it('refuses control and text-direction characters', () => {
		for (const [what, char] of controls) {
			assert.equal(
				validateProfileName(`Photo${char}shop`, []),
				'A profile name cannot contain line breaks, control characters or text-direction controls.',
				what,
			);
			assert.match(
				errorOf(() => normalizeNewProfile({ name: `dev${char}exe.txt`, apiKind: 'photoshop', clientId: ID, clientSecret: SECRET }, [])),
				/^name: A profile name cannot contain/,
				what,
			);
		}
		assert.equal(validateProfileName('Ünïcødé dev — ok', []), undefined);
	});

	it('strips them from names taken from an imported file', () => {
		assert.equal(sanitizeProfileName('Brand\u202E\u2066 Bots\u0085\u007F  2026'), 'Brand Bots 2026');
		const { credentials } = parseCredentialFile('project.json', projectJson('\u202Etxt.exe', ['S2S\u200F']));
		assert.equal(credentials[0].suggestedName, 'txt.exe / S2S');
		assert.equal(
			parseCredentialFile('project.json', projectJson('\u202E\u2069', ['S2S'])).credentials[0].suggestedName,
			'Adobe project / S2S',
			'nothing left: the fallback name',
		);
	});
});

describe("IMS hosts that need the user's consent", () => {
	const emulator = 'http://127.0.0.1:4010';
	const custom = (imsBaseUrl: string) => ({ imsEnvironment: 'custom' as const, imsBaseUrl });

	it("approves Adobe's production and stage IMS and the configured adobeApi.imsBaseUrl", () => {
		assert.equal(unapprovedImsHost({ imsEnvironment: 'production' }, PRODUCTION_ENDPOINTS.ims), undefined);
		assert.equal(unapprovedImsHost({ imsEnvironment: 'production' }, emulator), undefined);
		assert.equal(unapprovedImsHost({ imsEnvironment: 'stage' }, emulator), undefined);
		assert.equal(unapprovedImsHost(custom(STAGE_IMS_URL), emulator), undefined);
		assert.equal(unapprovedImsHost(custom('https://ims-na1.adobelogin.com/some/path'), emulator), undefined);
		assert.equal(unapprovedImsHost(custom(emulator), emulator), undefined);
	});

	it('names any other host, loopback on another port included', () => {
		assert.equal(unapprovedImsHost(custom('https://attacker.example'), PRODUCTION_ENDPOINTS.ims), 'attacker.example');
		assert.equal(
			unapprovedImsHost(custom('https://ims-na1.adobelogin.com.attacker.example'), PRODUCTION_ENDPOINTS.ims),
			'ims-na1.adobelogin.com.attacker.example',
		);
		assert.equal(unapprovedImsHost(custom('http://127.0.0.1:9999'), emulator), '127.0.0.1:9999');
		assert.equal(
			unapprovedImsHost(custom(emulator), PRODUCTION_ENDPOINTS.ims),
			'127.0.0.1:4010',
			'the emulator only when it is the configured IMS',
		);
	});
});
