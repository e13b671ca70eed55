/** Reads the extension's settings into what the core needs, validating endpoints on the way. */
import * as vscode from 'vscode';
import { Endpoints, parseEndpoints } from '../core/common/endpoints';
import type { ProxyOptions } from '../core/common/http';
import { SETTINGS_SECTION, Settings, keyInSection } from '../core/common/settingKeys';

export interface NetworkSettings {
	endpoints: Endpoints;
	timeoutMs: number;
	proxy: ProxyOptions;
}

/** Throws an AdobeApiError of kind 'config' naming the setting when an endpoint is unusable. */
export function readNetworkSettings(): NetworkSettings {
	const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
	// Only the user (global) value counts for endpoints: a workspace must not be able to send a
	// client secret elsewhere. package.json scopes them "application" too; this makes it certain.
	const userValue = <T>(key: string) => config.inspect<T>(key)?.globalValue;
	const endpoints = parseEndpoints({
		ims: userValue<string>(keyInSection(Settings.imsBaseUrl)),
		photoshop: userValue<string>(keyInSection(Settings.photoshopBaseUrl)),
		cloudStorage: userValue<string>(keyInSection(Settings.cloudStorageBaseUrl)),
	});
	// The timeout too: a workspace must not be able to stretch how long a request may hang.
	const seconds = userValue<number>(keyInSection(Settings.requestTimeoutSeconds)) ?? 30;
	const timeoutMs = Math.round(Math.min(600, Math.max(1, Number.isFinite(seconds) ? seconds : 30)) * 1000);
	const http = vscode.workspace.getConfiguration('http');
	return {
		endpoints,
		timeoutMs,
		proxy: { url: http.get<string>('proxy') || undefined, noProxy: http.get<string[]>('noProxy') ?? [] },
	};
}

const NETWORK_SETTINGS = [
	Settings.imsBaseUrl,
	Settings.photoshopBaseUrl,
	Settings.cloudStorageBaseUrl,
	Settings.requestTimeoutSeconds,
	'http.proxy',
	'http.noProxy',
];

/** Only these rebuild the HTTP clients; the token and explorer settings do not. */
export function affectsNetworkSettings(event: vscode.ConfigurationChangeEvent): boolean {
	return NETWORK_SETTINGS.some((key) => event.affectsConfiguration(key));
}

/** adobeApi.token.*: when tokens refresh on their own. */
export function readTokenPolicy(): { autoRefresh: boolean; refreshLeadMs: number } {
	const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
	const minutes = config.get<number>(keyInSection(Settings.refreshMinutesBeforeExpiry), 60);
	return {
		autoRefresh: config.get<boolean>(keyInSection(Settings.autoRefresh), true),
		// At least the 10 minutes a token must have left to be handed out (tokenManager's isUsable).
		refreshLeadMs: Math.min(1380, Math.max(10, Number.isFinite(minutes) ? minutes : 60)) * 60_000,
	};
}

/**
 * Only the user (global) value counts: a cloned repository's .vscode/settings.json must not be able
 * to hand the token to every terminal. package.json scopes it "application" too; this makes it
 * certain where a VS Code version ignores the scope.
 */
export function injectTokenInTerminal(): boolean {
	const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<boolean>(keyInSection(Settings.injectTokenInTerminal));
	return (inspected?.globalValue ?? inspected?.defaultValue) === true;
}

/**
 * adobeApi.signIn.*: the credential, relay and scopes of "Sign in with Adobe". User values only, as
 * for the endpoints: a workspace must not be able to send a sign-in through its own relay.
 */
export function readSignInSettings(): { clientId: unknown; redirectUri: unknown; scopes: unknown } {
	const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
	const userValue = (key: string) => config.inspect<unknown>(key)?.globalValue;
	// Checked where they are used (core/signIn/signInConfig.ts, in the network bundle).
	return {
		clientId: userValue(keyInSection(Settings.signInClientId)),
		redirectUri: userValue(keyInSection(Settings.signInRedirectUri)),
		scopes: userValue(keyInSection(Settings.signInScopes)),
	};
}

/**
 * adobeApi.requests.approvedOrigins: where request files and agent tools may send the token besides
 * Adobe's hosts and the endpoints. User values only: a workspace must not be able to add an origin.
 */
export function approvedOrigins(): string[] {
	const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<unknown>(keyInSection(Settings.approvedOrigins))?.globalValue;
	return Array.isArray(value) ? value.filter((origin): origin is string => typeof origin === 'string') : [];
}

/** adobeApi.requests.responseEditor: one response editor for every request (`reuse`), or one per request. */
export function responseEditorMode(): 'reuse' | 'perRequest' {
	return vscode.workspace.getConfiguration(SETTINGS_SECTION).get(keyInSection(Settings.responseEditor)) === 'perRequest'
		? 'perRequest'
		: 'reuse';
}
