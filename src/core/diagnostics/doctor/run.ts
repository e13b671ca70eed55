/**
 * The setup doctor: checks, in order, what has to be right for the active profile to work, and
 * says of each failure its likely cause and fix in Adobe's words, with Adobe's page. One operation
 * for every front door (Check Setup's report, the scripted command); its dependencies come in as
 * arguments. Checks after a failure that makes them pointless are `skipped`, with the reason.
 * Tokens come from the token manager (the cached one while it is usable), so the doctor mints no
 * extra token; no finding ever holds a token or the client secret.
 */
import { AdobeApiError } from '../../common/errors';
import { silentLogger, systemClock } from '../../common/logger';
import { CHECKS, DoctorState } from './checks';
import type { EndpointCheck } from '../endpointProbes';
import { FINDING_IDS, FINDING_TITLES } from './types';
import type { DoctorDeps, DoctorReport, Draft, Finding, FindingId } from './types';

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
	const clock = deps.clock ?? systemClock;
	const logger = deps.logger ?? silentLogger;
	const { signal, profile } = deps;
	const findings: Finding[] = [];
	const report = (endpoints: EndpointCheck[]): DoctorReport => ({
		...(profile ? { profile: profile.name, apiKind: profile.apiKind } : {}),
		ok: findings.every((f) => f.status !== 'fail'),
		findings,
		endpoints,
	});
	const record = (id: FindingId, draft: Draft) => {
		const finding: Finding = { id, title: FINDING_TITLES[id], ...draft };
		findings.push(finding);
		logger.info(`[doctor] ${finding.status} ${id}: ${finding.detail}`);
		return finding;
	};
	/** Every check not yet recorded is skipped, for this reason. */
	const skipRest = (reason: string) => {
		for (const id of FINDING_IDS) if (!findings.some((f) => f.id === id)) record(id, { status: 'skipped', detail: reason });
	};
	const step = (id: FindingId) => {
		if (signal?.aborted) throw new AdobeApiError('Check Setup was cancelled.', { kind: 'cancelled' });
		deps.onStep?.(FINDING_TITLES[id]);
	};

	const state: DoctorState = { deps, clock, signal, endpoints: [] };
	for (const check of CHECKS) {
		const blocked = check.needs?.(state);
		if (blocked) {
			skipRest(blocked);
			break;
		}
		step(check.id);
		const unsupported = check.supports?.(state);
		if (unsupported) {
			record(check.id, { status: 'skipped', detail: unsupported });
			continue;
		}
		const { stop, ...draft } = await check.run(state);
		record(check.id, draft);
		if (stop) {
			skipRest(stop);
			break;
		}
	}
	return report(state.endpoints);
}
