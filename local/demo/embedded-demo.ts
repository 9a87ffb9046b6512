import { PGlite } from '@electric-sql/pglite';
import { createPgliteExecutor, startDataApiBridge } from '../bridge';
import { applyEnv } from '../harness/apply-env';
import { CHECKS, importCheckHandlers } from '../harness/check-handlers';
import { pgliteConnection } from '../harness/direct-connection';
import { fakeLambdaContext } from '../harness/lambda-context';
import { localAwsEnv, QUIET_FUNCTIONS_ENV } from '../harness/local-aws-env';
import { startLocalDynamo } from '../harness/local-dynamo';
import { startLocalSes } from '../harness/local-ses';
import { createSeiSchema, loadDataset } from '../sei/dataset';
import { writeMail } from './outbox';
import { functionOptions, type RunOptions } from './run-options';
import { DEMO_STORIES } from './stories';
import { type SummaryRow, summaryRow } from './summary-table';

/**
 * The embedded demo: an in-memory PGlite SEI database, the local Data API
 * bridge and a local SES; each story is loaded and both real handlers run
 * on it; every mail lands in the outbox. Nothing is left running.
 */
export async function runEmbeddedDemo(options: RunOptions): Promise<SummaryRow[]> {
  const cleanup: (() => unknown)[] = [];
  try {
    const db = await PGlite.create();
    cleanup.unshift(() => db.close());
    const bridge = await startDataApiBridge({ executor: createPgliteExecutor(db) });
    cleanup.unshift(() => bridge.close());
    const ses = await startLocalSes();
    cleanup.unshift(() => ses.close());
    const dynamo = await startLocalDynamo();
    cleanup.unshift(() => dynamo.close());
    const restoreEnv = applyEnv({
      ...localAwsEnv({
        dataApiUrl: bridge.url,
        sesUrl: ses.url,
        dynamoUrl: dynamo.url,
        stateTable: dynamo.tableName,
        engine: 'postgres',
        ...functionOptions(options),
      }),
      ...(options.verbose ? {} : QUIET_FUNCTIONS_ENV),
    });
    cleanup.unshift(restoreEnv);
    const seed = pgliteConnection(db);
    await createSeiSchema(seed);
    const handlers = await importCheckHandlers();
    const rows: SummaryRow[] = [];
    for (const story of DEMO_STORIES) {
      // Each story is another agency's database: nothing was mailed about it before.
      await dynamo.clear();
      if (story.before) {
        await loadDataset(seed, story.before(new Date(), options.seiTimeZone));
        for (const check of CHECKS) {
          await handlers[check]({ scheduledTime: new Date(Date.now() - 24 * 3_600_000).toISOString() }, fakeLambdaContext(check));
        }
      }
      await loadDataset(seed, story.build(new Date(), options.seiTimeZone));
      for (const check of CHECKS) {
        ses.clear();
        const summary = await handlers[check]({ scheduledTime: new Date().toISOString() }, fakeLambdaContext(check));
        const files: string[] = [];
        for (const [i, email] of ses.emails().entries()) {
          files.push(await writeMail(options.outbox, `${story.id}--${check}${i > 0 ? `-${i + 1}` : ''}`, email));
        }
        rows.push(summaryRow(story.title, summary, files.join(', ') || '-', true));
      }
    }
    return rows;
  } finally {
    for (const step of cleanup) await step();
  }
}
