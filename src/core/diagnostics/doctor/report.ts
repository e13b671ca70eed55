/**
 * The setup doctor's findings as a Markdown checklist, for VS Code's Markdown preview: a mark per
 * check, then each problem's cause, fix and Adobe's page. Everything a server or a setting said is
 * escaped, so it shows as text and cannot become a link, an image or HTML.
 */
import { escapeMarkup, formatMoment } from '../../common/format';
import { API_KINDS } from '../../credentials/apiKinds';
import type { DoctorReport, Finding, FindingStatus } from './types';

/** Text marks every font has (emoji need an emoji font): passed, failed, warning, skipped. */
export const MARKS: Record<FindingStatus, string> = { pass: '✓', fail: '✗', warn: '⚠', skipped: '○' };
const WORDS: Record<FindingStatus, string> = { pass: 'passed', fail: 'failed', warn: 'warning', skipped: 'skipped' };

/** Text as Markdown shows it literally; only what starts markup is escaped, so the report also reads well as source. */
export function escapeMarkdown(text: string): string {
	return escapeMarkup(text);
}

export function summarize(report: DoctorReport): string {
	const count = (status: FindingStatus) => report.findings.filter((f) => f.status === status).length;
	const parts = (['pass', 'fail', 'warn', 'skipped'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${WORDS[s]}`);
	return parts.join(', ');
}

export function renderDoctorMarkdown(report: DoctorReport, at: Date): string {
	const who = report.profile ? `profile "${report.profile}"${report.apiKind ? ` (${API_KINDS[report.apiKind].label})` : ''}` : 'no profile';
	const lines = [
		`# Adobe setup check: ${escapeMarkdown(who)}`,
		'',
		`${report.ok ? '**Everything needed works.**' : '**Something needs fixing** (see ✗ below).'} ${escapeMarkdown(summarize(report))}. Checked ${escapeMarkdown(formatMoment(at.getTime(), at.getTime(), undefined, true))}; run *Adobe: Check Setup* again after a fix.`,
		'',
	];
	for (const finding of report.findings) lines.push(...renderFinding(finding), '');
	lines.push('---', '', 'Tokens and the client secret are never shown here; the token was decoded locally and its signature left out.', '');
	return lines.join('\n');
}

function renderFinding(f: Finding): string[] {
	const items: string[] = [];
	if (f.cause) items.push(`- **Likely cause:** ${escapeMarkdown(f.cause)}`);
	if (f.fix) items.push(`- **Fix:** ${escapeMarkdown(f.fix)}`);
	if (f.error?.requestId) items.push(`- **Adobe request id:** ${escapeMarkdown(f.error.requestId)}`);
	if (f.docs && /^https:\/\/[a-z.]*adobe\.com\/[^\s()<>]*$/.test(f.docs)) {
		items.push(`- **Adobe's guide:** [${escapeMarkdown(f.docs.replace(/^https:\/\//, ''))}](${f.docs})`);
	}
	return [`### ${MARKS[f.status]} ${escapeMarkdown(f.title)}`, '', escapeMarkdown(f.detail), ...(items.length > 0 ? ['', ...items] : [])];
}
