/** What a check decided, before any mail is written. */
export type CheckDecision = 'report' | 'nothing-to-report';

/** Names of the two checks, as they appear in summaries and metrics. */
export type CheckName = 'failed-processes' | 'stalled-packages';

/** Figures a check decided on, as summarized and logged; numbers and dates only, never personal data. */
export type Figures = Readonly<Record<string, string | number | boolean | null>>;
