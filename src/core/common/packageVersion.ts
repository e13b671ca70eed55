/**
 * The extension's version, read from the package.json beside `dist/`: what the standalone bundles
 * (the MCP server's dist/mcp.js, the command-line runner's dist/cli.js) report. `bundleDir` is the
 * caller's `__dirname` (dist/ once bundled). "0.0.0" when the file is missing or has no version.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function packageVersion(bundleDir: string): string {
	try {
		const manifest = JSON.parse(fs.readFileSync(path.join(bundleDir, '..', 'package.json'), 'utf8')) as { version?: unknown };
		return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
	} catch {
		return '0.0.0';
	}
}
