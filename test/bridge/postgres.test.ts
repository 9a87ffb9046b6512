import { inject } from 'vitest';
import { createPostgresExecutor } from '../../local/bridge';
import { createDatabase } from '../../local/harness/servers';
import { defineEngineContract } from './engine-contract';

defineEngineContract({
  name: 'PostgreSQL server',
  dialect: 'postgres',
  async open() {
    const executor = createPostgresExecutor(await createDatabase(inject('postgresUrl')));
    return { executor, close: () => executor.close() };
  },
});
