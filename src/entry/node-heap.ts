/**
 * How far V8 lets the main heap grow past what is alive. On a machine with gigabytes of memory V8
 * lets the old generation reach four times the live set before it collects: under a flood of
 * webhooks the objects of requests in flight are promoted (~16 MiB a second at 12,000 requests a
 * second), and a server with ~35 MiB alive sat at 290 MiB resident after the load benchmark, almost
 * all of it garbage not yet collected. Growing by 40 % between full collections keeps it near the
 * live set, at the cost of a major collection (~10 ms, incremental) every second or so in a flood.
 * The flag is read at every collection, so setting it at start is enough.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 40;

export function keepHeapNearLiveSize(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
