import { PGlite } from '@electric-sql/pglite';
import { createPgliteExecutor } from '../../local/bridge';
import { defineEngineContract } from './engine-contract';

defineEngineContract({
  name: 'PGlite',
  dialect: 'postgres',
  async open() {
    const db = await PGlite.create();
    return { executor: createPgliteExecutor(db), close: () => db.close() };
  },
});
