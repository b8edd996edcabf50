/** The shared store suites on D1 inside workerd; test/shared-node.test.ts runs them on better-sqlite3. */
import { outboxSuite } from '../shared/outbox-suite';
import { pipelineSuite } from '../shared/pipeline-suite';
import { provinceSuite } from '../shared/province-suite';
import { rollupSuite } from '../shared/rollup-suite';
import { freshD1Store } from './d1';

pipelineSuite(freshD1Store);
outboxSuite(freshD1Store);
rollupSuite(freshD1Store);
provinceSuite(freshD1Store);
