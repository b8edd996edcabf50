// The helper thread of src/entry/long-reads.ts starts here. Node 20 does not pass tsx's module hooks
// on to worker threads, so they are registered again before the TypeScript is imported.
import { register } from 'tsx/esm/api';

register();
await import('./long-reads-thread.ts');
