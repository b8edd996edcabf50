/** The shared store suites on better-sqlite3; test/worker/shared-d1.test.ts runs them on D1. */
import { afterEach } from 'vitest';
import { type NodeDatabase, openDatabase } from '../db/sqlite';
import { outboxSuite } from './shared/outbox-suite';
import { pipelineSuite } from './shared/pipeline-suite';
import { provinceSuite } from './shared/province-suite';
import { rollupSuite } from './shared/rollup-suite';

const open: NodeDatabase[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

const openStore = async () => {
  const d = openDatabase(':memory:');
  open.push(d);
  return d.store;
};

pipelineSuite(openStore);
outboxSuite(openStore);
rollupSuite(openStore);
provinceSuite(openStore);
