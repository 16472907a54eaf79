import { availableParallelism, cpus } from 'node:os';

/** A row is flagged when other processes took more than this share of the machine's CPU during it. */
export const NOISY_SHARE = 0.1;

/** CPU time (µs) all cores of the machine have spent busy since boot. */
export function machineBusyUs(): number {
  return cpus().reduce((sum, cpu) => sum + (cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq) * 1000, 0);
}

/**
 * The share of the machine's CPU that processes other than the bench's took during a row:
 * `busyUs` is the growth of {@link machineBusyUs} over `wallMs`, `benchUs` the CPU of the bench's
 * own processes in that time.
 */
export function foreignShare(busyUs: number, benchUs: number, wallMs: number): number {
  return Math.max(0, busyUs - benchUs) / (wallMs * 1000 * availableParallelism());
}

/** The table cell for a row's foreign share, `NOISY` past {@link NOISY_SHARE}. */
export function noiseCell(share: number): string {
  return `${Math.round(share * 100)} %${share > NOISY_SHARE ? ' NOISY' : ''}`;
}
