// cache-probe: the stream-race widget's reach probe alone, without the timed
// race — for grading the cache-size experiment (web/exercises/graders/cache-size.js).
//   args: { tokens, segment: L, cache: N }
//   → { found, weight, rank, oldest, newest, cached, segment }
import { cacheProbe } from '../../exercises/graders/cache-size.js';

export default function cacheProbeJob(core, args) {
  return cacheProbe(core, args);
}
