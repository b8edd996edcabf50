// The helper thread of src/entry/helper-thread.ts starts here. Node 20 does not pass tsx's module hooks
// on to worker threads, so they are registered again before the TypeScript is imported.
import { register } from 'tsx/esm/api';

register();
await import('./helper-thread-body.ts');
