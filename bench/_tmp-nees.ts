import { nees, pathFromSamples, runEstimatedTrial, type NationTrack, type CoalitionPolicy } from '@golden-dome/core';
import { buildWorld } from '../packages/scenario/src/world/build-world.ts';
import { loadPolicies } from '../packages/scenario/src/policy/policy-loader.ts';
const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
const q = Number(process.argv[2] ?? 1e-6);
const w = buildWorld({ epoch: '2029-01-01T00:00:00Z', policy: norad, tracker: { accelerationPsd: q },
  raid: [{ id: 'h15', type: 'hwasong-15', from: 'pyongyang-sunan', to: 'Anchorage', target: { id: 'anchorage', nation: 'US' }, launchTime: 0 }],
  radars: ['uewr-clear', 'lrdr-clear'], batteries: [{ id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 4 }] });
const path = pathFromSamples(w.objects[0].flight); const cache = new Map(Object.entries(w.windows!));
for (const idx of [2, 5, 10, 20, 40]) { let sum = 0, n = 0;
for (let seed = 1; seed <= 100; seed++) { let tracks: readonly NationTrack[] = []; runEstimatedTrial(w, seed, cache, (_n, t) => { tracks = t; });
  const tr = tracks.find((x) => x.confirmedAt !== null && x.snapshots.length > idx); if (!tr) continue; const s = tr.snapshots[idx];
  const a = path.position(s.t - 0.5, new Float64Array(3)), b = path.position(s.t + 0.5, new Float64Array(3)), c = path.position(s.t, new Float64Array(3));
  sum += nees({ t: s.t, x: s.x, P: s.P }, [c[0], c[1], c[2], b[0] - a[0], b[1] - a[1], b[2] - a[2]]); n++; }
console.log('q', q, 'idx', idx, 'n', n, 'mean NEES', (sum / n).toFixed(2)); }
