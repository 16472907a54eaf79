/**
 * The broadcast without a Facebook account: the local sandbox plays Meta, `users` people write to the
 * Page (the first tenth of them more than 24 hours ago), then the update goes out to all of them
 * with a progress bar. Those outside the window are skipped, not sent.
 *
 * @module
 */

import type { ConversationReference } from 'botbuilder';
import type { FanOutProgress, FanOutResult } from 'botbuilder-adapter-messenger';
import { LOCAL_SETTINGS } from '../../sandbox/local';
import type { Sandbox } from '../../sandbox/sandbox';
import { startSandbox } from '../../sandbox/sandbox';
import type { OwnerLog } from '../common/ownerLog';
import { type BroadcastSample, start } from './index';

const HOUR = 60 * 60 * 1000;

/** Options of {@link runSandboxDemo}. */
export interface SandboxDemoOptions {
  /** How many sandbox users write to the Page (a tenth of them more than 24 hours before the update). */
  users: number;
  log: OwnerLog;
  /** Sends per second (default 40, so the bar visibly moves). */
  perSecond?: number;
  /** Progress of the broadcast. */
  onProgress?: (progress: FanOutProgress) => void;
  /** Where the demo's lines go. Default console.log. */
  print?: (line: string) => void;
}

/** What the demo leaves running (to read the conversations in the sandbox page), and the result. */
export interface SandboxDemo {
  readonly sandbox: Sandbox;
  readonly bot: BroadcastSample;
  readonly result: FanOutResult<Partial<ConversationReference>>;
  close(): Promise<void>;
}

/** Runs the demo; resolves when the broadcast is done (the sandbox and the bot keep running). */
export async function runSandboxDemo(options: SandboxDemoOptions): Promise<SandboxDemo> {
  const print = options.print ?? ((line: string) => console.log(line));
  const perSecond = options.perSecond ?? 40;
  const sandbox = await startSandbox({
    appSecret: LOCAL_SETTINGS.appSecret,
    verifyToken: LOCAL_SETTINGS.verifyToken,
    appId: LOCAL_SETTINGS.appId,
    pages: [{ id: LOCAL_SETTINGS.pageId, token: LOCAL_SETTINGS.accessToken, name: LOCAL_SETTINGS.pageName }],
  });
  let bot: BroadcastSample | undefined;
  const close = async () => {
    await bot?.close();
    await sandbox.close();
  };
  try {
    bot = await start({
      appSecret: LOCAL_SETTINGS.appSecret,
      verifyToken: LOCAL_SETTINGS.verifyToken,
      accessToken: LOCAL_SETTINGS.accessToken,
      appId: LOCAL_SETTINGS.appId,
      graphApiUrl: sandbox.graphApiUrl,
      now: sandbox.clock.now,
      perSecond,
      port: 0,
      host: '127.0.0.1',
      log: options.log,
    });
    await sandbox.subscribe(bot.webhookUrl);
    const early = Math.floor(options.users / 10);
    print(`${options.users} sandbox users write to the Page (${early} of them more than 24 hours ago)...`);
    const running = bot;
    const settle = async () => {
      await sandbox.idle();
      await running.adapter.whenIdle();
    };
    for (let index = 0; index < options.users; index++) {
      // The early users' answers must go out before the clock jumps, or they would meet a closed window.
      if (index === early) {
        await settle();
        sandbox.clock.advance(25 * HOUR);
      }
      await sandbox.user(`${9_000_000_000_000_000 + index}`).say('Is ordering down?');
    }
    await settle();
    print(`Sending the update (paced at ${perSecond} per second):`);
    const result = await bot.broadcast('Update: ordering works again. Thank you for your patience!', {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      includeOlder: true,
    });
    return { sandbox, bot, result, close };
  } catch (error) {
    await close();
    throw error;
  }
}
