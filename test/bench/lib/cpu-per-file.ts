/**
 * A small-file workload's CPU cost per file: every FTP server's total, and for bucketftp where it
 * went (its main thread runs the JavaScript; the other threads are libuv's pool, which makes the
 * file-system calls, and V8's collector and compiler), and how often its threads went to sleep.
 */
import { CPU_PER_FILE_UNIT, SWITCHES_UNIT, type ThreadCpu } from './cpu.js';
import { OURS, type MetricSpec, type Recorder } from './results.js';

export function recordCpuPerFile(recorder: Recorder, group: string, contestant: string, cpu: ThreadCpu): void {
  const spec = (metric: string): MetricSpec => ({ group, metric, unit: CPU_PER_FILE_UNIT, better: 'lower' });
  recorder.add(spec('server CPU per file'), contestant, cpu.total);
  recorder.add({ group, metric: 'server context switches per file', unit: SWITCHES_UNIT, better: 'lower' }, contestant, cpu.contextSwitches);
  if (contestant !== OURS) return;
  recorder.add(spec('bucketftp CPU per file: main thread, user'), OURS, cpu.mainUser);
  recorder.add(spec('bucketftp CPU per file: main thread, system'), OURS, cpu.mainSystem);
  recorder.add(spec('bucketftp CPU per file: other threads'), OURS, cpu.others);
}
