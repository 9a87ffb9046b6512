/**
 * `npm start` without options, in a process of its own: the embedded demo
 * writing its mails to the folder given. A process per run, since the check
 * handlers read their configuration (SEI_NAME, SEI_URL…) once, at import.
 *
 *   tsx test/integration/support/demo-runner.ts <outbox>
 */
import { mkdir } from 'node:fs/promises';
import { runEmbeddedDemo } from '../../../local/demo/embedded-demo';

const outbox = process.argv[2];
if (!outbox) throw new Error('usage: demo-runner.ts <outbox>');
await mkdir(outbox, { recursive: true });
await runEmbeddedDemo({ outbox, seiTimeZone: 'America/Sao_Paulo', verbose: false });
