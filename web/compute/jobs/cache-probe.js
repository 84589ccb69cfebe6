// cache-probe: the reach probe alone, without the timed race (the
// cache-size experiment's grader asks for it).
//   args: { tokens, segment: L, cache: N }
//   → { found, weight, rank, maxWeight, oldest, newest, cached, segment }   (compute/reach-probe.js)
import { reachProbe } from '../reach-probe.js';

export default function cacheProbeJob(core, args) {
  return reachProbe(core, args);
}
