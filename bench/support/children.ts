import { type ChildProcess, fork } from 'node:child_process';

/**
 * Starts `file` as a child process under tsx with `args`; resolves with the first IPC message.
 * With `BENCH_CPU_PROF=<dir>` in the environment, each child writes a V8 CPU profile there when it
 * exits (`node --cpu-prof`), for the profile summaries of the closing notes.
 */
export function startChild<T>(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; ready: T }> {
  const child = fork(file, args, {
    execArgv: [
      '--require',
      'tsx/cjs',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as T }));
    child.once('exit', (code) => reject(new Error(`${file} ${args.join(' ')} exited early (${code})`)));
  });
}

/** Sends `message` to a child and resolves with its next IPC message. */
export function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as T));
    child.send(message as object);
  });
}
