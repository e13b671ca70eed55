/** Issue #10: importing the token request the Developer Console shows under "View cURL command". */
import * as assert from 'node:assert/strict';
import { looksLikeCurl, parseCurlCommand } from '../../../src/core/credentials/curlImport';
import { parseCredentialFile } from '../../../src/core/credentials/importCredentials';
import { errorOf, ID, SECRET } from './fixtures';

const FIREFLY_SCOPES = 'openid,AdobeID,session,additional_info,read_organizations,firefly_api,ff_apis';

/** The Developer Console's command, as AdobeDocs/ffs-firefly-api getting-started/create-credentials shows it. */
const consoleCommand = (id = ID, secret = SECRET) =>
	`curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\\n-H 'Content-Type: application/x-www-form-urlencoded' \\\n-d 'grant_type=client_credentials&client_id=${id}&client_secret=${secret}&scope=${FIREFLY_SCOPES}'`;

describe('importing a pasted cURL command', () => {
	it("reads the Developer Console's View cURL command", () => {
		const credential = parseCurlCommand(consoleCommand());
		assert.deepEqual(credential, {
			suggestedName: 'Pasted credential',
			clientId: ID,
			clientSecret: SECRET,
			scopes: FIREFLY_SCOPES.split(','),
			imsOrigin: 'https://ims-na1.adobelogin.com',
		});
	});

	it('reads the same command after an input box dropped its line breaks or made them spaces', () => {
		for (const pasted of [
			consoleCommand().replace(/\n/g, ''),
			consoleCommand().replace(/\n/g, ' '),
			consoleCommand().replace(/\n/g, '  '),
		]) {
			const credential = parseCurlCommand(pasted);
			assert.deepEqual([credential.clientId, credential.clientSecret, credential.scopes.length], [ID, SECRET, 7], pasted);
		}
	});

	it("reads the seeds' layout: one -d per field, double quotes, CRLF line ends, a leading prompt", () => {
		const command = `$ curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\\r\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\r\n  -d 'grant_type=client_credentials' \\\r\n  -d "client_id=${ID}" \\\r\n  -d "client_secret=${SECRET}" \\\r\n  -d 'scope=openid,AdobeID,read_organizations'`;
		const credential = parseCurlCommand(command);
		assert.deepEqual(
			[credential.clientId, credential.clientSecret, credential.scopes],
			[ID, SECRET, ['openid', 'AdobeID', 'read_organizations']],
		);
	});

	it('reads --data-urlencode, --data=, -F, the URL query, and percent-encoded values', () => {
		const encoded = parseCurlCommand(
			`curl --url https://ims-na1.adobelogin.com/ims/token/v3?grant_type=client_credentials --data-urlencode client_id=${ID} --data=client_secret=${encodeURIComponent(`${SECRET}+/=`)} -d scope=openid%2CAdobeID`,
		);
		assert.deepEqual([encoded.clientId, encoded.clientSecret, encoded.scopes], [ID, `${SECRET}+/=`, ['openid', 'AdobeID']]);
		const form = parseCurlCommand(
			`curl.exe https://ims-na1-stg1.adobelogin.com/ims/token/v3 -F grant_type=client_credentials -F client_id=${ID} -F "client_secret=${SECRET}"`,
		);
		assert.deepEqual([form.clientSecret, form.scopes, form.imsOrigin], [SECRET, [], 'https://ims-na1-stg1.adobelogin.com']);
	});

	it('is what Import Credentials reads from pasted text, guessing the API from the scopes where they say', () => {
		assert.ok(looksLikeCurl(`  ${consoleCommand()}`));
		assert.ok(!looksLikeCurl('PS_FF_SERVICES_CLIENT_ID=abc'));
		const { credentials } = parseCredentialFile('pasted', consoleCommand());
		// firefly_api and ff_apis are also other Firefly Services APIs' scopes: asked, not concluded.
		assert.equal(credentials[0].apiKind, undefined);
		assert.deepEqual(credentials[0].ambiguousApiKind?.candidates, ['firefly', 'custom']);
		assert.equal(credentials[0].imsOrigin, 'https://ims-na1.adobelogin.com');
		const cloudStorage = parseCredentialFile(
			'pasted',
			consoleCommand().replace(FIREFLY_SCOPES, 'openid,AdobeID,creative_sdk,cloud_storage_collab_api'),
		);
		assert.equal(cloudStorage.credentials[0].apiKind, 'cloudStorage');
		const photoshop = parseCredentialFile('pasted', consoleCommand().replace(FIREFLY_SCOPES, 'openid,AdobeID,read_organizations'));
		assert.equal(photoshop.credentials[0].apiKind, undefined, 'Photoshop and Content Authenticity share these scopes: the user is asked');
	});

	it('refuses commands that read their values from shell variables, naming the variables', () => {
		const command = `curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' -d 'grant_type=client_credentials' -d "client_id=$PS_FF_SERVICES_CLIENT_ID" -d "client_secret=\${PS_FF_SERVICES_CLIENT_SECRET}"`;
		assert.match(
			errorOf(() => parseCurlCommand(command)),
			/^The cURL command reads \$PS_FF_SERVICES_CLIENT_ID, \$PS_FF_SERVICES_CLIENT_SECRET from your shell, so it has no values to import\. Paste the command the Developer Console shows/,
		);
	});

	it("refuses the documentation's placeholders", () => {
		const docs = `curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' -H 'Content-Type: application/x-www-form-urlencoded' -d 'client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&grant_type=client_credentials&scope={SCOPES}'`;
		assert.equal(
			errorOf(() => parseCurlCommand(docs)),
			"The cURL command still has the documentation's placeholder for client_id and client_secret. Paste the command from your credential's page in the Developer Console instead.",
		);
	});

	it('says what is wrong with other commands, without quoting the secret', () => {
		const cases: Array<[string, RegExp]> = [
			['wget https://ims-na1.adobelogin.com/ims/token/v3', /^This is not a cURL command/],
			[`curl -d 'client_secret=${SECRET}'`, /^The cURL command has no URL/],
			[
				`curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3 -d 'client_secret=${SECRET}'`,
				/opens a single quote that is never closed/,
			],
			[`curl "https://ims-na1.adobelogin.com/ims/token/v3 -d client_secret=${SECRET}`, /opens a double quote that is never closed/],
			[
				`curl https://image.adobe.io/pie/psdService/hello -H 'x-api-key: ${ID}' -d client_secret=${SECRET}`,
				/^The cURL command calls image\.adobe\.io, but not its IMS token endpoint/,
			],
			[
				`curl https://ims-na1.adobelogin.com/ims/token/v3 -d grant_type=authorization_code -d client_id=${ID} -d client_secret=${SECRET}`,
				/asks for grant_type "authorization_code"; only OAuth Server-to-Server/,
			],
			[
				`curl https://ims-na1.adobelogin.com/ims/token/v3 -d grant_type=${SECRET}%20x -d client_id=${ID} -d client_secret=${SECRET}`,
				/asks for another grant type/,
			],
			[
				`curl https://ims-na1.adobelogin.com/ims/token/v3 -d grant_type=client_credentials -d client_id=${ID}`,
				/^The cURL command has no client_secret\./,
			],
			[`curl https://ims-na1.adobelogin.com/ims/token/v3 -d client_secret=${SECRET} -H`, /ends after -H, which needs a value/],
		];
		for (const [command, expected] of cases) {
			assert.match(
				errorOf(() => parseCurlCommand(command)),
				expected,
				command,
			);
		}
	});

	it('reads attached short options, -u client_id:client_secret and --url-query', () => {
		const attached = parseCurlCommand(
			`curl -XPOST https://ims-na1.adobelogin.com/ims/token/v3 -H'Content-Type: application/x-www-form-urlencoded' -d'grant_type=client_credentials' -d"client_id=${ID}" -dclient_secret=${SECRET}`,
		);
		assert.deepEqual([attached.clientId, attached.clientSecret], [ID, SECRET]);
		const basic = parseCurlCommand(
			`curl -u ${ID}:${SECRET} https://ims-na1.adobelogin.com/ims/token/v3 --url-query grant_type=client_credentials --url-query scope=openid,AdobeID`,
		);
		assert.deepEqual([basic.clientId, basic.clientSecret, basic.scopes], [ID, SECRET, ['openid', 'AdobeID']]);
	});

	it('refuses data read from a file or stdin, and any shell variable inside a value', () => {
		for (const data of ['-d @credentials.txt', '--data-binary @-', '-F client_secret=@secret.txt']) {
			assert.match(
				errorOf(() => parseCurlCommand(`curl https://ims-na1.adobelogin.com/ims/token/v3 ${data}`)),
				/reads its .* data from a file or stdin \(@…\)/,
				data,
			);
		}
		// --data-raw sends "@" as it is.
		assert.equal(
			parseCurlCommand(`curl https://ims-na1.adobelogin.com/ims/token/v3 --data-raw client_id=${ID} --data-raw 'client_secret=@${SECRET}'`)
				.clientSecret,
			`@${SECRET}`,
		);
		// In double quotes the shell expands $rest, whatever its name; in single quotes it stays.
		const command = (quoted: string) => `curl https://ims-na1.adobelogin.com/ims/token/v3 -d client_id=${ID} -d ${quoted}`;
		assert.match(
			errorOf(() => parseCurlCommand(command(`"client_secret=${SECRET}$rest"`))),
			/^The cURL command reads \$rest from your shell/,
		);
		assert.equal(parseCurlCommand(command(`'client_secret=${SECRET}$rest'`)).clientSecret, `${SECRET}$rest`);
	});

	it('validates the values like every other import', () => {
		assert.match(
			errorOf(() => parseCredentialFile('The pasted cURL command', consoleCommand('not an id'))),
			/^The pasted cURL command, credential "Pasted credential": /,
		);
	});
});
