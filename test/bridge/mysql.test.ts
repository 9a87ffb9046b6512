import { inject } from 'vitest';
import { createMysqlExecutor } from '../../local/bridge';
import { createDatabase } from '../../local/harness/servers';
import { defineEngineContract } from './engine-contract';

defineEngineContract({
  name: 'MariaDB server',
  dialect: 'mysql',
  async open() {
    const executor = createMysqlExecutor(await createDatabase(inject('mysqlUrl')));
    return { executor, close: () => executor.close() };
  },
});
