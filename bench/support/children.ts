import { type ChildProcess, fork } from 'node:child_process';

/** Starts `file` as a child process under tsx with `args`; resolves with the first IPC message. */
export function startChild<T>(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; ready: T }> {
  const child = fork(file, args, {
    execArgv: ['--require', 'tsx/cjs'],
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
