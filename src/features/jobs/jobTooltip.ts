/**
 * The Markdown of a job's tooltip in the Jobs view. No 'vscode' import, so unit tests read it: the
 * job id and status URL are code spans, which show backslashes as they are (nothing is escaped in them).
 */
import { withoutQuery } from '../../core/common/endpoints';
import { codeSpan, escapeMarkdown } from '../../core/common/format';

export interface JobTooltip {
	title: string;
	/** "Firefly", "Photoshop v2", …: our own words. */
	apiLabel: string;
	/** "running", "stopped following", …: our own words. */
	state: string;
	jobId?: string;
	statusUrl: string;
	polls: number;
	profile?: string;
	/** When it was submitted, as the view shows times. */
	started: string;
	elapsed: string;
	terminal: boolean;
}

export function jobTooltipMarkdown(job: JobTooltip): string {
	return [
		`**${escapeMarkdown(job.title)}**: ${job.apiLabel} job, ${job.state}\n\n`,
		job.jobId ? `Job id: ${codeSpan(job.jobId)}\n\n` : '',
		`Status: ${codeSpan(withoutQuery(job.statusUrl))} (${job.polls} polls)\n\n`,
		job.profile ? `Profile: ${escapeMarkdown(job.profile)}\n\n` : '',
		`Started ${job.started}, ${job.elapsed}${job.terminal ? '' : ' so far'}`,
	].join('');
}
