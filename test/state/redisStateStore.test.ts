import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { expect } from 'chai';
import Redis from 'ioredis';
import sinon from 'sinon';
import { MessengerError } from '../../adapter/errors';
import {
  type IoredisConstructor,
  loadIoredis,
  openIoredisConnection,
  REDIS_CONNECTION_NAME,
  type RedisLikeClient,
  targetOfUrl,
} from '../../adapter/state/redisClient';
import { RedisClosedError, RedisTimeoutError } from '../../adapter/state/redisErrors';
import { DEFAULT_REDIS_PREFIX, RedisStateStore } from '../../adapter/state/redisStateStore';
import { SET_IF_GREATER_SCRIPT, SET_IF_GREATER_SHA } from '../../adapter/state/setIfGreaterScript';
import { stateStoreContract } from './stateStoreContract';
import { REDIS_URL, requireRedis } from '../helpers/liveRedis';

const PASSWORD = 'S3cr3t-Pa55word';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Settles `promise` into the value or the error, so a test can look at either without an unhandled rejection. */
function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

async function rejectionOf(promise: Promise<unknown>): Promise<MessengerError> {
  const { error } = await settle(promise);
  expect(error, 'expected a rejection').to.be.instanceOf(MessengerError);
  return error as MessengerError;
}

/** Everything of an error a log line could print: message, stack, details, cause chain. */
function printable(error: MessengerError): string {
  const cause =
    error.cause instanceof Error ? `${error.cause.message}\n${error.cause.stack}` : String(error.cause);
  return `${String(error)}\n${error.stack}\n${JSON.stringify(error.details)}\n${cause}`;
}

/** An ioredis-shaped client that records commands and answers from `reply`. */
function recordingClient(reply: (args: string[]) => unknown = () => 'OK') {
  const calls: string[][] = [];
  const client = {
    call: sinon.spy(async (...args: (string | number)[]) => {
      const strings = args.map(String);
      calls.push(strings);
      const answer = reply(strings);
      if (answer instanceof Error) throw answer;
      return answer;
    }),
    quit: sinon.spy(async () => 'OK'),
    disconnect: sinon.spy(),
  };
  return { client, calls };
}

describe('RedisStateStore', () => {
  describe('options', () => {
    const { client } = recordingClient();

    for (const [title, options, pattern] of [
      ['neither url nor client', {}, /give `url` .* or `client`/],
      [
        'both url and client',
        { url: 'redis://127.0.0.1:6379', client },
        /either `url` or `client`, not both/,
      ],
      ['a URL that does not parse', { url: 'not a url' }, /url must be a URL such as redis:/],
      [
        'a URL of another scheme',
        { url: `http://user:${PASSWORD}@127.0.0.1:6379` },
        /url must start with redis:\/\//,
      ],
      [
        'a client without call or sendCommand',
        { client: { get: () => null } },
        /client must be an ioredis client/,
      ],
      ['a zero timeout', { client, commandTimeoutMs: 0 }, /commandTimeoutMs/],
      ['a fractional timeout', { client, commandTimeoutMs: 1.5 }, /commandTimeoutMs/],
      ['a non-string prefix', { client, prefix: 7 }, /prefix/],
      ['an unknown option (typo)', { uri: 'redis://127.0.0.1:6379' }, /uri/],
    ] as const) {
      it(`rejects ${title} with CONFIG_INVALID`, () => {
        let thrown: unknown;
        try {
          new RedisStateStore(options as never);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).to.be.instanceOf(MessengerError);
        const error = thrown as MessengerError;
        expect(error.code).to.equal('CONFIG_INVALID');
        expect(error.message).to.match(/^Invalid RedisStateStore options: /);
        expect(error.message).to.match(pattern);
        expect(error.message).not.to.contain(PASSWORD);
      });
    }

    it("prefixes keys with 'messenger:' by default and with `prefix` when given", async () => {
      const a = recordingClient();
      const b = recordingClient();
      expect(new RedisStateStore({ client: a.client }).prefix).to.equal(DEFAULT_REDIS_PREFIX);
      expect(DEFAULT_REDIS_PREFIX).to.equal('messenger:');
      await new RedisStateStore({ client: a.client }).delete('w:1-2');
      await new RedisStateStore({ client: b.client, prefix: 'shop:' }).delete('w:1-2');
      expect(a.calls).to.deep.equal([['DEL', 'messenger:w:1-2']]);
      expect(b.calls).to.deep.equal([['DEL', 'shop:w:1-2']]);
    });

    it('loads ioredis lazily: a missing module is CONFIG_INVALID saying `npm install ioredis`', () => {
      const missing = () => {
        throw Object.assign(new Error("Cannot find module 'ioredis'"), { code: 'MODULE_NOT_FOUND' });
      };
      let thrown: unknown;
      try {
        loadIoredis(missing);
      } catch (error) {
        thrown = error;
      }
      expect(MessengerError.is(thrown, 'CONFIG_INVALID')).to.equal(true);
      expect((thrown as Error).message).to.contain('npm install ioredis');
      expect((thrown as Error).message).to.contain('`client`');
    });

    it('accepts the ioredis module in its CommonJS and ESM shapes, and refuses one without a class', () => {
      class Fake {}
      expect(loadIoredis(() => Fake)).to.equal(Fake);
      expect(loadIoredis(() => ({ default: Fake }))).to.equal(Fake);
      expect(loadIoredis(() => ({ Redis: Fake }))).to.equal(Fake);
      expect(() => loadIoredis(() => ({}))).to.throw(MessengerError, /exports no Redis class/);
      expect(loadIoredis()).to.equal(Redis);
    });

    it('names host, port and db of a URL and keeps its password only as a secret to scrub', () => {
      expect(targetOfUrl(`redis://admin:${PASSWORD}@10.0.0.5:6380/3`)).to.deep.equal({
        label: '10.0.0.5:6380',
        host: '10.0.0.5',
        port: 6380,
        db: 3,
        secrets: [PASSWORD],
      });
      expect(targetOfUrl('rediss://cache.internal')).to.deep.equal({
        label: 'cache.internal:6379',
        host: 'cache.internal',
        port: 6379,
        secrets: [],
      });
      expect(targetOfUrl('redis://:p%40ss@[::1]:7000').secrets).to.deep.equal(['p%40ss', 'p@ss']);
      expect(targetOfUrl('redis://:p%40ss@[::1]:7000').label).to.equal('[::1]:7000');
    });
  });

  describe('commands sent to the client', () => {
    it('get sends GET prefix+key and parses the JSON reply; a missing key is undefined', async () => {
      const { client, calls } = recordingClient((args) =>
        args[1] === 'messenger:k' ? '{"a":[1,null]}' : null,
      );
      const store = new RedisStateStore({ client });
      expect(await store.get('k')).to.deep.equal({ a: [1, null] });
      expect(await store.get('other')).to.equal(undefined);
      expect(calls).to.deep.equal([
        ['GET', 'messenger:k'],
        ['GET', 'messenger:other'],
      ]);
    });

    it('get accepts a Buffer reply', async () => {
      const { client } = recordingClient(() => Buffer.from('"v"'));
      expect(await new RedisStateStore({ client }).get('k')).to.equal('v');
    });

    it('set sends JSON with PX in whole milliseconds (at least 1), and no expiry for none, 0 or Infinity', async () => {
      const { client, calls } = recordingClient();
      const store = new RedisStateStore({ client, prefix: 'p:' });
      await store.set('a', { at: 1 }, 1500);
      await store.set('b', 'x', 1.2);
      await store.set('c', 'x', 0.3);
      await store.set('d', true);
      await store.set('e', null, 0);
      await store.set('f', 0, Number.POSITIVE_INFINITY);
      expect(calls).to.deep.equal([
        ['SET', 'p:a', '{"at":1}', 'PX', '1500'],
        ['SET', 'p:b', '"x"', 'PX', '2'],
        ['SET', 'p:c', '"x"', 'PX', '1'],
        ['SET', 'p:d', 'true'],
        ['SET', 'p:e', 'null'],
        ['SET', 'p:f', '0'],
      ]);
    });

    it('setIfAbsent sends one SET NX PX and is true only for an OK reply', async () => {
      const replies = ['OK', null];
      const { client, calls } = recordingClient(() => replies.shift());
      const store = new RedisStateStore({ client });
      expect(await store.setIfAbsent('d:1:m_1', 1, 3_600_000)).to.equal(true);
      expect(await store.setIfAbsent('d:1:m_1', 1)).to.equal(false);
      expect(calls).to.deep.equal([
        ['SET', 'messenger:d:1:m_1', '1', 'NX', 'PX', '3600000'],
        ['SET', 'messenger:d:1:m_1', '1', 'NX'],
      ]);
    });

    it('delete sends DEL and ping sends PING', async () => {
      const { client, calls } = recordingClient();
      const store = new RedisStateStore({ client });
      await store.delete('o:1-2');
      await store.ping();
      expect(calls).to.deep.equal([['DEL', 'messenger:o:1-2'], ['PING']]);
    });

    it('speaks to a node-redis v4+ client through sendCommand(args[])', async () => {
      const sent: string[][] = [];
      const nodeRedis = {
        sendCommand: async (args: string[]) => {
          sent.push(args);
          return args[0] === 'GET' ? '{"ok":true}' : 'OK';
        },
      };
      const store = new RedisStateStore({ client: nodeRedis });
      await store.set('k', 1, 10);
      expect(await store.setIfAbsent('k', 2)).to.equal(true);
      expect(await store.get('k')).to.deep.equal({ ok: true });
      expect(sent).to.deep.equal([
        ['SET', 'messenger:k', '1', 'PX', '10'],
        ['SET', 'messenger:k', '2', 'NX'],
        ['GET', 'messenger:k'],
      ]);
    });

    it('rejects values JSON cannot hold with CONFIG_INVALID, before any command', async () => {
      const { client, calls } = recordingClient();
      const store = new RedisStateStore({ client });
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      for (const value of [undefined, () => 1, Symbol('s'), 10n, circular]) {
        const error = await rejectionOf(store.set('k', value));
        expect(error.code).to.equal('CONFIG_INVALID');
        expect(error.message).to.contain('state key "k"');
        expect(error.message).to.contain('JSON');
        expect((await rejectionOf(store.setIfAbsent('k', value))).code).to.equal('CONFIG_INVALID');
      }
      expect((await rejectionOf(store.set('k', 1, Number.NaN))).code).to.equal('CONFIG_INVALID');
      expect(calls).to.deep.equal([]);
    });

    it('setIfGreater sends one EVALSHA of its script (prefix+key, JSON value, TTL or none) and resolves the number in force', async () => {
      const replies: unknown[] = [
        [2, '1700000000000'],
        [1, Buffer.from('1700000005000')],
      ];
      const { client, calls } = recordingClient(() => replies.shift());
      const store = new RedisStateStore({ client, prefix: 'p:' });
      expect(await store.setIfGreater('w:1-2', 1_700_000_000_000, 1500.2)).to.equal(1_700_000_000_000);
      expect(await store.setIfGreater('w:1-2', 1_699_999_999_000)).to.equal(1_700_000_005_000);
      expect(calls).to.deep.equal([
        ['EVALSHA', SET_IF_GREATER_SHA, '1', 'p:w:1-2', '1700000000000', '1501'],
        ['EVALSHA', SET_IF_GREATER_SHA, '1', 'p:w:1-2', '1699999999000', ''],
      ]);
    });

    it('setIfGreater loads its script with EVAL once when the server answers NOSCRIPT', async () => {
      const replies: unknown[] = [new Error('NOSCRIPT No matching script. Please use EVAL.'), [2, '5']];
      const { client, calls } = recordingClient(() => replies.shift());
      expect(await new RedisStateStore({ client }).setIfGreater('k', 5, 10)).to.equal(5);
      expect(calls.map((call) => call[0])).to.deep.equal(['EVALSHA', 'EVAL']);
      expect(calls[1]).to.deep.equal(['EVAL', SET_IF_GREATER_SCRIPT, '1', 'messenger:k', '5', '10']);
    });

    it('setIfGreater: a stored value that is not JSON is STORE_UNAVAILABLE naming the key; a non-number is CONFIG_INVALID before any command', async () => {
      const replies: unknown[] = [[0, 'not json{'], 'OK'];
      const { client, calls } = recordingClient(() => replies.shift());
      const store = new RedisStateStore({ client, prefix: 'bot:' });
      const corrupt = await rejectionOf(store.setIfGreater('w:1-2', 5));
      expect(corrupt.code).to.equal('STORE_UNAVAILABLE');
      expect(corrupt.details).to.deep.equal({ operation: 'setIfGreater', reason: 'corrupt-value' });
      expect(corrupt.message).to.contain('"bot:w:1-2" that is not JSON');
      const odd = await rejectionOf(store.setIfGreater('w:1-2', 5));
      expect(odd.code).to.equal('STORE_UNAVAILABLE');
      expect(odd.message).to.contain('unexpected reply to the setIfGreater script');
      expect(calls).to.have.length(2);
      for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
        expect((await rejectionOf(store.setIfGreater('w:1-2', value))).code).to.equal('CONFIG_INVALID');
      }
      expect(calls).to.have.length(2);
    });

    it('a stored value that is not JSON is STORE_UNAVAILABLE naming the key, not undefined', async () => {
      const { client } = recordingClient(() => 'not json{');
      const error = await rejectionOf(new RedisStateStore({ client, prefix: 'bot:' }).get('w:1-2'));
      expect(error.code).to.equal('STORE_UNAVAILABLE');
      expect(error.details).to.deep.equal({ operation: 'get', reason: 'corrupt-value' });
      expect(error.message).to.contain('"bot:w:1-2" that is not JSON');
      expect(error.message).to.contain('prefix');
      expect(error.cause).to.be.instanceOf(SyntaxError);
    });

    it('maps client failures to STORE_UNAVAILABLE with the reason and what to check', async () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6380'), {
        code: 'ECONNREFUSED',
      });
      const cases: [Error, string, RegExp][] = [
        [
          refused,
          'refused',
          /connection refused \(ECONNREFUSED\)\. Check that Redis is running and listens on 10\.0\.0\.5:6380/,
        ],
        [
          Object.assign(new Error('getaddrinfo ENOTFOUND redis.internal'), { code: 'ENOTFOUND' }),
          'dns',
          /does not resolve/,
        ],
        [
          new Error('WRONGPASS invalid username-password pair or user is disabled.'),
          'auth',
          /refused the credentials\. Check the user name and password/,
        ],
        [new Error('NOAUTH Authentication required.'), 'auth', /refused the credentials/],
        [new Error('Connection is closed.'), 'connection', /connection to Redis is down/],
        [
          new Error('WRONGTYPE Operation against a key holding the wrong kind of value'),
          'reply',
          /answered with an error: WRONGTYPE/,
        ],
      ];
      for (const [failure, reason, pattern] of cases) {
        const { client } = recordingClient(() => failure);
        Object.assign(client, { options: { host: '10.0.0.5', port: 6380, password: PASSWORD } });
        const error = await rejectionOf(new RedisStateStore({ client }).setIfAbsent('k', 1));
        expect(error.code, failure.message).to.equal('STORE_UNAVAILABLE');
        expect(error.details, failure.message).to.deep.equal({
          operation: 'setIfAbsent',
          reason,
          host: '10.0.0.5',
          port: 6380,
        });
        expect(error.message).to.match(/^Redis at 10\.0\.0\.5:6380 is unavailable \(setIfAbsent\): /);
        expect(error.message, failure.message).to.match(pattern);
        expect(error.message).to.contain('"do not act"');
        expect(error.cause).to.equal(failure);
      }
    });

    it('never shows a password, even when a client error contains it', async () => {
      const leaky = new Error(`ERR unexpected reply near ${PASSWORD}`);
      const { client } = recordingClient(() => leaky);
      Object.assign(client, { options: { host: 'h', port: 1, password: PASSWORD } });
      const error = await rejectionOf(new RedisStateStore({ client }).get('k'));
      expect(error.code).to.equal('STORE_UNAVAILABLE');
      expect(printable(error)).not.to.contain(PASSWORD);
      expect(error.message).to.contain('***');
    });

    it('says which client failed when the client does not tell its address', async () => {
      const { client } = recordingClient(() => new Error('Connection is closed.'));
      const error = await rejectionOf(new RedisStateStore({ client }).get('k'));
      expect(error.message).to.match(/^Redis \(the client passed as `client`\) is unavailable \(get\)/);
      expect(error.details).to.deep.equal({ operation: 'get', reason: 'connection' });
    });

    describe('with a client that never answers', () => {
      let clock: sinon.SinonFakeTimers;
      beforeEach(() => {
        clock = sinon.useFakeTimers();
      });
      afterEach(() => clock.restore());

      it('rejects with STORE_UNAVAILABLE after exactly commandTimeoutMs', async () => {
        const client = {
          call: () => new Promise<never>(() => {}),
          options: { host: '127.0.0.1', port: 6379 },
        };
        const store = new RedisStateStore({ client, commandTimeoutMs: 300 });
        for (const operation of ['get', 'set', 'setIfAbsent', 'delete'] as const) {
          const outcome = settle(
            operation === 'get'
              ? store.get('k')
              : operation === 'delete'
                ? store.delete('k')
                : operation === 'set'
                  ? store.set('k', 1)
                  : store.setIfAbsent('k', 1),
          );
          let settled = false;
          void outcome.then(() => {
            settled = true;
          });
          await clock.tickAsync(299);
          expect(settled, `${operation} before the timeout`).to.equal(false);
          await clock.tickAsync(1);
          const { error } = await outcome;
          expect(MessengerError.is(error, 'STORE_UNAVAILABLE')).to.equal(true);
          const e = error as MessengerError;
          expect(e.details).to.deep.equal({
            operation,
            reason: 'timeout',
            host: '127.0.0.1',
            port: 6379,
            timeoutMs: 300,
          });
          expect(e.message).to.contain('no answer within 300 ms');
          expect(e.message).to.contain('raise commandTimeoutMs');
        }
      });

      it('the default timeout is 2000 ms', async () => {
        const store = new RedisStateStore({ client: { call: () => new Promise<never>(() => {}) } });
        const outcome = settle(store.get('k'));
        await clock.tickAsync(2000);
        expect(((await outcome).error as MessengerError).details.timeoutMs).to.equal(2000);
      });
    });

    it('close() leaves a client passed in open; later operations reject as closed without a command', async () => {
      const { client, calls } = recordingClient();
      const store = new RedisStateStore({ client });
      await store.close();
      await store.close();
      expect(client.quit.called).to.equal(false);
      expect(client.disconnect.called).to.equal(false);
      const error = await rejectionOf(store.get('k'));
      expect(error.code).to.equal('STORE_UNAVAILABLE');
      expect(error.details.reason).to.equal('closed');
      expect(error.message).to.contain('closed with close()');
      expect(calls).to.deep.equal([]);
    });
  });

  describe('the connection it opens from a URL (fake ioredis)', () => {
    class FakeIoredis extends EventEmitter {
      static last: FakeIoredis | undefined;
      status = 'connecting';
      /** What `call` answers (a test may make it hang). */
      answer: () => Promise<unknown> = async () => 'OK';
      readonly call = sinon.spy((..._args: (string | number)[]) => this.answer());
      quit = sinon.spy(async () => {
        this.status = 'end';
        return 'OK';
      });
      readonly disconnect = sinon.spy(() => {
        this.status = 'end';
      });
      constructor(
        readonly url: string,
        readonly options: Record<string, unknown>,
      ) {
        super();
        FakeIoredis.last = this;
      }
      becomeReady(): void {
        this.status = 'ready';
        this.emit('ready');
      }
    }
    const Fake = FakeIoredis as unknown as IoredisConstructor;
    const url = `redis://admin:${PASSWORD}@10.0.0.5:6380/2`;
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers();
    });
    afterEach(() => clock.restore());

    function open(timeoutMs = 500) {
      const connection = openIoredisConnection(url, targetOfUrl(url), timeoutMs, Fake);
      return { connection, redis: FakeIoredis.last! };
    }

    it('opens ioredis set up to fail fast (no offline queue, no resend, bounded connect and command time), auto-pipelined', () => {
      const { redis } = open(750);
      expect(redis.url).to.equal(url);
      const { retryStrategy, ...rest } = redis.options;
      expect(rest).to.deep.equal({
        lazyConnect: false,
        enableOfflineQueue: false,
        autoResendUnfulfilledCommands: false,
        maxRetriesPerRequest: 0,
        connectTimeout: 750,
        commandTimeout: 750,
        connectionName: REDIS_CONNECTION_NAME,
        enableAutoPipelining: true,
      });
      const retry = retryStrategy as (attempt: number) => number;
      expect([1, 2, 3, 4, 5, 6, 50].map(retry)).to.deep.equal([200, 400, 800, 1600, 2000, 2000, 2000]);
    });

    it('a command sent while connecting waits for ready, then goes out', async () => {
      const { connection, redis } = open();
      const outcome = settle(connection.send(['GET', 'k']));
      await clock.tickAsync(100);
      expect(redis.call.called).to.equal(false);
      redis.becomeReady();
      expect(await outcome).to.deep.equal({ value: 'OK' });
      expect(redis.call.firstCall.args).to.deep.equal(['GET', 'k']);
      expect(await connection.send(['PING'])).to.equal('OK');
    });

    it('a command sent while connecting fails with the connection error, which stays known until ready', async () => {
      const { connection, redis } = open();
      const waiting = [settle(connection.send(['GET', 'a'])), settle(connection.send(['GET', 'b']))];
      const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6380'), {
        code: 'ECONNREFUSED',
      });
      redis.emit('error', refused);
      for (const outcome of await Promise.all(waiting)) expect(outcome.error).to.equal(refused);
      expect(connection.lastConnectionError()).to.equal(refused);
      redis.becomeReady();
      expect(connection.lastConnectionError()).to.equal(undefined);
      expect(redis.call.called).to.equal(false);
    });

    it('between attempts a command fails at once with the last error; during a new attempt it waits', async () => {
      const { connection, redis } = open();
      const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      redis.becomeReady();
      redis.emit('error', reset);
      redis.status = 'reconnecting';
      expect((await settle(connection.send(['GET', 'k']))).error).to.equal(reset);
      redis.status = 'connecting';
      expect((await settle(connection.send(['GET', 'k']))).error).to.equal(reset);
      redis.emit('connecting');
      const outcome = settle(connection.send(['GET', 'k']));
      redis.becomeReady();
      expect(await outcome).to.deep.equal({ value: 'OK' });
      expect(redis.call.callCount).to.equal(1);
    });

    it('a command sent while connecting fails after the timeout when nothing happens', async () => {
      const { connection } = open(500);
      const outcome = settle(connection.send(['GET', 'k']));
      await clock.tickAsync(500);
      const { error } = await outcome;
      expect(error).to.be.instanceOf(RedisTimeoutError);
      expect((error as RedisTimeoutError).timeoutMs).to.equal(500);
    });

    it('a command sent while connecting: the wait and the command together end at the timeout', async () => {
      const { connection, redis } = open(500);
      redis.answer = () => new Promise<never>(() => {});
      const outcome = settle(connection.send(['GET', 'k']));
      let settled = false;
      void outcome.then(() => {
        settled = true;
      });
      await clock.tickAsync(300);
      redis.becomeReady();
      await clock.tickAsync(199);
      expect(redis.call.callCount).to.equal(1);
      expect(settled, 'before the timeout').to.equal(false);
      await clock.tickAsync(1);
      const { error } = await outcome;
      expect(error).to.be.instanceOf(RedisTimeoutError);
      expect(connection.timesOut).to.equal(true);
      expect(clock.countTimers(), 'no timer left behind').to.equal(0);
    });

    it('a command on a ready connection adds no timer: ioredis times it out (commandTimeout)', async () => {
      const { connection, redis } = open(500);
      redis.becomeReady();
      redis.answer = () => new Promise<never>(() => {});
      void connection.send(['GET', 'k']);
      expect(clock.countTimers()).to.equal(0);
      expect(redis.options.commandTimeout).to.equal(500);
    });

    it('close() quits a ready connection, then disconnects; once, however often it is called', async () => {
      const { connection, redis } = open();
      redis.becomeReady();
      await Promise.all([connection.close(), connection.close()]);
      await connection.close();
      expect(redis.quit.callCount).to.equal(1);
      expect(redis.disconnect.callCount).to.equal(1);
      expect(redis.quit.calledBefore(redis.disconnect)).to.equal(true);
      expect((await settle(connection.send(['GET', 'k']))).error).to.be.instanceOf(RedisClosedError);
    });

    it('close() while connecting disconnects without QUIT and fails the waiting commands as closed', async () => {
      const { connection, redis } = open();
      const outcome = settle(connection.send(['GET', 'k']));
      await connection.close();
      expect(redis.quit.called).to.equal(false);
      expect(redis.disconnect.callCount).to.equal(1);
      expect((await outcome).error).to.be.instanceOf(RedisClosedError);
    });

    it('close() cuts a QUIT that gets no answer after the timeout', async () => {
      const { connection, redis } = open(400);
      redis.becomeReady();
      redis.quit = sinon.spy(() => new Promise<string>(() => {})) as unknown as typeof redis.quit;
      let closed = false;
      const closing = connection.close().then(() => {
        closed = true;
      });
      await clock.tickAsync(399);
      expect(closed).to.equal(false);
      await clock.tickAsync(1);
      await closing;
      expect(redis.disconnect.callCount).to.equal(1);
    });
  });

  describe('with an unreachable Redis (loopback, no REDIS_URL needed)', () => {
    let consoleSpies: sinon.SinonSpy[] = [];
    beforeEach(() => {
      consoleSpies = [sinon.spy(console, 'error'), sinon.spy(console, 'warn'), sinon.spy(console, 'log')];
    });
    afterEach(() => {
      for (const spy of consoleSpies) spy.restore();
    });

    it('nothing listening (127.0.0.1:1): every operation rejects fast with STORE_UNAVAILABLE naming host:port, never the password', async () => {
      const store = new RedisStateStore({
        url: `redis://admin:${PASSWORD}@127.0.0.1:1/0`,
        commandTimeoutMs: 1000,
      });
      try {
        const operations: [string, () => Promise<unknown>][] = [
          ['get', () => store.get('k')],
          ['set', () => store.set('k', { v: 1 }, 1000)],
          ['setIfAbsent', () => store.setIfAbsent('k', 1, 1000)],
          ['delete', () => store.delete('k')],
          ['ping', () => store.ping()],
        ];
        for (const [operation, run] of operations) {
          const started = Date.now();
          const error = await rejectionOf(run());
          expect(Date.now() - started, operation).to.be.below(500);
          expect(error.code).to.equal('STORE_UNAVAILABLE');
          expect(error.message).to.match(
            new RegExp(`^Redis at 127\\.0\\.0\\.1:1 is unavailable \\(${operation}\\): `),
          );
          expect(error.message).to.contain('Check that Redis is running');
          expect(error.details).to.include({ operation, host: '127.0.0.1', port: 1, db: 0 });
          expect(['refused', 'connection']).to.include(error.details.reason);
          expect(printable(error)).not.to.contain(PASSWORD);
          expect(printable(error)).not.to.contain('admin:');
        }
        // The first attempt is refused at once: no waiting for the timeout.
        const started = Date.now();
        const fresh = new RedisStateStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 1000 });
        const error = await rejectionOf(fresh.get('k'));
        expect(Date.now() - started).to.be.below(500);
        expect(error.details.reason).to.equal('refused');
        expect(error.message).to.contain('connection refused (ECONNREFUSED)');
        await fresh.close();
      } finally {
        await store.close();
      }
      for (const spy of consoleSpies) expect(spy.called, 'nothing printed to the console').to.equal(false);
    });

    it('a server that accepts but never answers: rejects with reason timeout after commandTimeoutMs', async () => {
      const sockets = new Set<net.Socket>();
      const silent = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => {});
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as net.AddressInfo;
      const store = new RedisStateStore({
        url: `redis://:${PASSWORD}@127.0.0.1:${port}`,
        commandTimeoutMs: 150,
      });
      try {
        const started = Date.now();
        const error = await rejectionOf(store.setIfAbsent('d:1:m_1', 1, 1000));
        const elapsed = Date.now() - started;
        expect(elapsed).to.be.within(140, 400);
        expect(error.code).to.equal('STORE_UNAVAILABLE');
        expect(error.details).to.deep.equal({
          operation: 'setIfAbsent',
          reason: 'timeout',
          host: '127.0.0.1',
          port,
          timeoutMs: 150,
        });
        expect(error.message).to.contain(
          `Redis at 127.0.0.1:${port} is unavailable (setIfAbsent): no answer within 150 ms`,
        );
        expect(printable(error)).not.to.contain(PASSWORD);
      } finally {
        await store.close();
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });
  });

  describe(`against a live Redis${REDIS_URL === undefined ? ' (needs REDIS_URL)' : ''}`, () => {
    const url = REDIS_URL ?? '';
    const runPrefix = `test:state:${randomUUID().slice(0, 8)}:`;
    let raw: Redis;
    let storeCount = 0;
    const nextPrefix = () => `${runPrefix}${++storeCount}:`;

    async function rawKeys(prefix: string): Promise<string[]> {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await raw.scan(
          cursor,
          'MATCH',
          `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
          'COUNT',
          1000,
        );
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      return keys.sort();
    }

    /** Calls so far of each command (`INFO commandstats`), server-wide: compare before and after. */
    async function commandCalls<K extends string>(names: readonly K[]): Promise<Record<K, number>> {
      const stats = await raw.info('commandstats');
      const calls = {} as Record<K, number>;
      for (const name of names) calls[name] = Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
      return calls;
    }

    before(function () {
      requireRedis(this);
      raw = new Redis(url);
    });
    after(async () => {
      if (raw === undefined) return;
      const keys = await rawKeys(runPrefix);
      if (keys.length > 0) await raw.del(...keys);
      await raw.quit();
    });

    stateStoreContract('RedisStateStore', {
      create: () => new RedisStateStore({ url, prefix: nextPrefix() }),
      dispose: (store) => store.close(),
      advance: sleep,
      exactClock: false,
      ttlMs: 50,
      remainingTtlMs: async (store, key) => {
        const pttl = await raw.pttl(store.prefix + key);
        if (pttl === -2) return undefined;
        return pttl === -1 ? Number.POSITIVE_INFINITY : pttl;
      },
    });

    describe('keys and values on the server', () => {
      let store: RedisStateStore;
      beforeEach(() => {
        store = new RedisStateStore({ url, prefix: nextPrefix() });
      });
      afterEach(() => store.close());

      it('writes JSON text under prefix+key, with PX as the TTL', async () => {
        await store.set('w:6543210987654321-1122334455', { lastUserAt: 1_700_000_000_000 }, 86_400_000);
        await store.setIfAbsent('d:1122334455:m_abc', 1);
        expect(await rawKeys(store.prefix)).to.deep.equal([
          `${store.prefix}d:1122334455:m_abc`,
          `${store.prefix}w:6543210987654321-1122334455`,
        ]);
        expect(await raw.get(`${store.prefix}w:6543210987654321-1122334455`)).to.equal(
          '{"lastUserAt":1700000000000}',
        );
        expect(await raw.pttl(`${store.prefix}w:6543210987654321-1122334455`)).to.be.within(
          86_000_000,
          86_400_000,
        );
        expect(await raw.get(`${store.prefix}d:1122334455:m_abc`)).to.equal('1');
        expect(await raw.pttl(`${store.prefix}d:1122334455:m_abc`)).to.equal(-1);
      });

      it("uses 'messenger:' when no prefix is given", async () => {
        const plain = new RedisStateStore({ url });
        const key = `${runPrefix}default-prefix-probe`;
        try {
          await plain.set(key, 'x', 60_000);
          expect(await raw.get(`messenger:${key}`)).to.equal('"x"');
        } finally {
          await raw.del(`messenger:${key}`);
          await plain.close();
        }
      });

      it('two stores with different prefixes on one Redis do not see each other', async () => {
        const other = new RedisStateStore({ url, prefix: nextPrefix() });
        try {
          await store.set('o:1-2', { appId: '263902037430900', human: true, since: 1 });
          expect(await other.get('o:1-2')).to.equal(undefined);
          expect(await other.setIfAbsent('o:1-2', { appId: null, human: false, since: 2 })).to.equal(true);
          await store.delete('o:1-2');
          expect(await store.get('o:1-2')).to.equal(undefined);
          expect(await other.get('o:1-2')).to.deep.equal({ appId: null, human: false, since: 2 });
          expect(await rawKeys(store.prefix)).to.deep.equal([]);
          expect(await rawKeys(other.prefix)).to.deep.equal([`${other.prefix}o:1-2`]);
        } finally {
          await other.close();
        }
      });

      it('setIfAbsent: of 50 concurrent callers on two instances (two connections), exactly one wins', async () => {
        const instanceB = new RedisStateStore({ url, prefix: store.prefix });
        try {
          for (let round = 0; round < 5; round += 1) {
            const key = `d:1122334455:m_race_${round}`;
            const results = await Promise.all(
              Array.from({ length: 50 }, (_, i) =>
                (i % 2 === 0 ? store : instanceB).setIfAbsent(key, { caller: i }, 60_000),
              ),
            );
            const winners = results.flatMap((won, i) => (won ? [i] : []));
            expect(winners, `round ${round}`).to.have.length(1);
            expect(await raw.get(`${store.prefix}${key}`)).to.equal(JSON.stringify({ caller: winners[0] }));
          }
        } finally {
          await instanceB.close();
        }
      });

      it('setIfGreater: stores when absent or smaller (with the TTL), keeps a larger number and its TTL, replaces a non-number', async () => {
        const key = 'w:6543210987654321-1122334455';
        const full = `${store.prefix}${key}`;
        expect(await store.setIfGreater(key, 1_700_000_000_000, 60_000)).to.equal(1_700_000_000_000);
        expect([await raw.get(full), await raw.pttl(full)]).to.satisfy(
          ([value, pttl]: [string, number]) => value === '1700000000000' && pttl > 59_000 && pttl <= 60_000,
        );
        // an older interaction: kept, and its TTL with it
        expect(await store.setIfGreater(key, 1_699_999_000_000, 10_000_000)).to.equal(1_700_000_000_000);
        expect(await raw.pttl(full)).to.be.within(1, 60_000);
        // an equal one: kept too
        expect(await store.setIfGreater(key, 1_700_000_000_000, 10_000_000)).to.equal(1_700_000_000_000);
        expect(await raw.pttl(full)).to.be.within(1, 60_000);
        // a later one: stored, with its TTL
        expect(await store.setIfGreater(key, 1_700_000_000_500.5, 10_000_000)).to.equal(1_700_000_000_500.5);
        expect(await store.get(key)).to.equal(1_700_000_000_500.5);
        expect(await raw.pttl(full)).to.be.within(9_000_000, 10_000_000);
        // no TTL: none
        expect(await store.setIfGreater(key, 1_800_000_000_000)).to.equal(1_800_000_000_000);
        expect(await raw.pttl(full)).to.equal(-1);
        // a JSON value that is not a number, and a number too large for a double, are replaced
        for (const other of ['"yesterday"', '{"lastUserAt":1}', 'null', '1e999']) {
          await raw.set(full, other);
          expect(await store.setIfGreater(key, 42, 60_000), other).to.equal(42);
          expect(await raw.get(full)).to.equal('42');
        }
        // negative and exponent forms compare as numbers
        await raw.set(full, '1e+21');
        expect(await store.setIfGreater(key, 5)).to.equal(1e21);
        expect(await store.setIfGreater(`${key}:neg`, -3)).to.equal(-3);
        expect(await store.setIfGreater(`${key}:neg`, -4)).to.equal(-3);
      });

      it('setIfGreater: text that is not JSON is STORE_UNAVAILABLE and left as it is', async () => {
        await raw.set(`${store.prefix}w:bad`, 'not json{');
        const corrupt = await rejectionOf(store.setIfGreater('w:bad', 5, 60_000));
        expect(corrupt.code).to.equal('STORE_UNAVAILABLE');
        expect(corrupt.details.reason).to.equal('corrupt-value');
        expect(await raw.get(`${store.prefix}w:bad`)).to.equal('not json{');
      });

      it('setIfGreater: of 60 concurrent callers on two instances (two connections), the largest value stays', async () => {
        const instanceB = new RedisStateStore({ url, prefix: store.prefix });
        try {
          for (let round = 0; round < 5; round += 1) {
            const key = `w:race_${round}`;
            const values = Array.from({ length: 60 }, () => 1_700_000_000_000 + Math.floor(Math.random() * 1_000_000));
            const results = await Promise.all(
              values.map((value, i) => (i % 2 === 0 ? store : instanceB).setIfGreater(key, value, 60_000)),
            );
            const largest = Math.max(...values);
            expect(await store.get(key), `round ${round}`).to.equal(largest);
            results.forEach((inForce, i) => expect(inForce).to.be.at.least(values[i] as number));
          }
        } finally {
          await instanceB.close();
        }
      });

      it('a value another program wrote that is not JSON is STORE_UNAVAILABLE; another data type too', async () => {
        await raw.set(`${store.prefix}w:bad`, 'not json{');
        await raw.hset(`${store.prefix}w:hash`, 'field', 'value');
        const corrupt = await rejectionOf(store.get('w:bad'));
        expect(corrupt.code).to.equal('STORE_UNAVAILABLE');
        expect(corrupt.details.reason).to.equal('corrupt-value');
        const wrongType = await rejectionOf(store.get('w:hash'));
        expect(wrongType.code).to.equal('STORE_UNAVAILABLE');
        expect(wrongType.details.reason).to.equal('reply');
        expect(wrongType.message).to.contain('WRONGTYPE');
      });

      it('ping resolves', async () => {
        await store.ping();
      });

      it('reads issued in one tick leave as one command, each with its own answer (and its own failure)', async () => {
        await store.set('o:1', { appId: '263902037430900' });
        await store.set('n:2', { n: 'Ada Lovelace' });
        await raw.set(`${store.prefix}w:bad`, 'not json{');
        await raw.hset(`${store.prefix}w:hash`, 'field', 'value');
        await Promise.all([store.get('x'), store.get('y')]); // the server caches the script (EVAL after NOSCRIPT, if new to it)
        const before = await commandCalls(['get', 'evalsha', 'eval', 'mget']);
        const reads = ['o:1', 'missing', 'n:2', 'w:bad', 'w:hash'].map((key) => settle(store.get(key)));
        const [owner, missing, name, bad, hash] = await Promise.all(reads);
        const after = await commandCalls(['get', 'evalsha', 'eval', 'mget']);
        expect(owner).to.deep.equal({ value: { appId: '263902037430900' } });
        expect(missing).to.deep.equal({ value: undefined });
        expect(name).to.deep.equal({ value: { n: 'Ada Lovelace' } });
        expect((bad?.error as MessengerError).details.reason).to.equal('corrupt-value');
        // a key of another data type fails its read, as a lone GET does (MGET would say "no value")
        const wrongType = hash?.error as MessengerError;
        expect([wrongType.code, wrongType.details.reason]).to.deep.equal(['STORE_UNAVAILABLE', 'reply']);
        expect(wrongType.message).to.contain('WRONGTYPE');
        // one script call for the five keys, with their 5 GETs inside it
        expect([after.evalsha - before.evalsha, after.eval - before.eval]).to.deep.equal([1, 0]);
        expect(after.get - before.get).to.equal(5);
        expect(after.mget - before.mget).to.equal(0);
      });

      it('a read alone in its tick is a plain GET; reads of two ticks are two commands', async () => {
        await store.set('o:1', 1);
        await Promise.all([store.get('x'), store.get('y')]); // the server caches the script
        const before = await commandCalls(['get', 'evalsha', 'eval']);
        expect(await store.get('o:1')).to.equal(1);
        expect(await store.get('o:2')).to.equal(undefined);
        expect(await Promise.all([store.get('o:1'), store.get('o:2')])).to.deep.equal([1, undefined]);
        const after = await commandCalls(['get', 'evalsha', 'eval']);
        // two lone GETs, then one script call that runs two GETs
        expect([after.get - before.get, after.evalsha - before.evalsha, after.eval - before.eval]).to.deep.equal([4, 1, 0]);
      });

      it('setIfAbsent calls of one tick are one command; each key is won once, with its own TTL', async () => {
        await store.setIfAbsent('d:1:m_seen', 1);
        await raw.hset(`${store.prefix}d:1:m_hash`, 'field', 'value');
        await Promise.all([store.setIfAbsent('d:1:x', 1), store.setIfAbsent('d:1:y', 1)]); // the server caches the script
        const before = await commandCalls(['set', 'evalsha', 'eval']);
        const marks = await Promise.all([
          settle(store.setIfAbsent('d:1:m_new', 1, 60_000)),
          settle(store.setIfAbsent('d:1:m_seen', 1, 60_000)),
          settle(store.setIfAbsent('d:1:m_hash', 1, 60_000)),
          settle(store.setIfAbsent('d:1:m_forever', { at: 1 })),
          settle(store.setIfAbsent('d:1:m_new', 1, 60_000)),
        ]);
        const after = await commandCalls(['set', 'evalsha', 'eval']);
        // a key of another data type holds something: not stored, as a lone SET NX answers
        expect(marks.slice(0, 3)).to.deep.equal([{ value: true }, { value: false }, { value: false }]);
        // the same key twice in one batch: the first call wins, the second sees its value
        expect(marks.slice(3)).to.deep.equal([{ value: true }, { value: false }]);
        expect(await raw.pttl(`${store.prefix}d:1:m_new`)).to.be.within(59_000, 60_000);
        expect(await raw.pttl(`${store.prefix}d:1:m_forever`)).to.equal(-1);
        expect(await raw.get(`${store.prefix}d:1:m_forever`)).to.equal('{"at":1}');
        expect([after.evalsha - before.evalsha, after.eval - before.eval, after.set - before.set]).to.deep.equal([1, 0, 5]);
      });

      it('setIfGreater calls of one tick are one command, each with its own outcome', async () => {
        await store.set('w:kept', 5000, 60_000);
        await raw.set(`${store.prefix}w:bad`, 'not json{');
        await raw.hset(`${store.prefix}w:hash`, 'field', 'value');
        await Promise.all([store.setIfGreater('w:x', 1), store.setIfGreater('w:y', 1)]); // the server caches the script
        const before = await commandCalls(['evalsha', 'eval']);
        const outcomes = await Promise.all([
          settle(store.setIfGreater('w:new', 1000, 30_000)),
          settle(store.setIfGreater('w:kept', 4000, 30_000)),
          settle(store.setIfGreater('w:bad', 1000)),
          settle(store.setIfGreater('w:hash', 1000)),
          settle(store.setIfGreater('w:new', 1500, 30_000)),
        ]);
        const after = await commandCalls(['evalsha', 'eval']);
        expect([outcomes[0], outcomes[1], outcomes[4]]).to.deep.equal([{ value: 1000 }, { value: 5000 }, { value: 1500 }]);
        expect((outcomes[2]?.error as MessengerError).details.reason).to.equal('corrupt-value');
        expect((outcomes[3]?.error as MessengerError).message).to.contain('WRONGTYPE');
        expect(await raw.get(`${store.prefix}w:new`)).to.equal('1500');
        expect(await raw.pttl(`${store.prefix}w:new`)).to.be.within(29_000, 30_000);
        expect(await raw.pttl(`${store.prefix}w:kept`)).to.be.within(59_000, 60_000);
        expect(await raw.get(`${store.prefix}w:bad`)).to.equal('not json{');
        expect([after.evalsha - before.evalsha, after.eval - before.eval]).to.deep.equal([1, 0]);
      });

      it('a batch that cannot be sent fails every read in it, as the store fails any command', async () => {
        const reads = [settle(store.get('o:1')), settle(store.get('o:2'))];
        await store.close();
        for (const { error } of await Promise.all(reads)) {
          expect([(error as MessengerError).code, (error as MessengerError).details.reason]).to.deep.equal(['STORE_UNAVAILABLE', 'closed']);
        }
      });

      it('a batched read after the server lost its scripts (SCRIPT FLUSH) still answers', async () => {
        await store.set('o:1', 'a');
        await raw.script('FLUSH');
        expect(await Promise.all([store.get('o:1'), store.get('o:2')])).to.deep.equal(['a', undefined]);
        expect(await Promise.all([store.get('o:2'), store.get('o:1')])).to.deep.equal([undefined, 'a']);
      });
    });

    describe('connections', () => {
      async function ownConnections(): Promise<number> {
        const list = String(await raw.call('CLIENT', 'LIST'));
        return list.split('\n').filter((line) => line.includes(` name=${REDIS_CONNECTION_NAME} `)).length;
      }

      it('close() ends the connection it opened (named in CLIENT LIST), and later operations reject', async () => {
        const before = await ownConnections();
        const store = new RedisStateStore({ url, prefix: nextPrefix() });
        await store.ping();
        expect(await ownConnections()).to.equal(before + 1);
        await store.close();
        await sleep(20);
        expect(await ownConnections()).to.equal(before);
        expect((await rejectionOf(store.get('k'))).details.reason).to.equal('closed');
      });

      it('close() does not close an ioredis client passed in', async () => {
        const client = new Redis(url);
        try {
          const store = new RedisStateStore({ client, prefix: nextPrefix() });
          await store.set('k', 'v');
          await store.close();
          expect(client.status).to.equal('ready');
          expect(await client.ping()).to.equal('PONG');
          expect(await client.get(`${store.prefix}k`)).to.equal('"v"');
          expect((await rejectionOf(store.get('k'))).details.reason).to.equal('closed');
        } finally {
          await client.quit();
        }
      });

      it('works through a node-redis shaped client (sendCommand with an array)', async () => {
        const nodeRedisShaped: RedisLikeClient = {
          sendCommand: ([command, ...args]: string[]) => raw.call(command ?? '', ...args),
        };
        const store = new RedisStateStore({ client: nodeRedisShaped, prefix: nextPrefix() });
        await store.set('k', { a: 1 }, 60_000);
        expect(await store.get('k')).to.deep.equal({ a: 1 });
        expect(await store.setIfAbsent('k', 2)).to.equal(false);
        expect(await store.setIfAbsent('k2', 2)).to.equal(true);
        await store.delete('k');
        expect(await store.get('k')).to.equal(undefined);
        expect(await raw.get(`${store.prefix}k2`)).to.equal('2');
      });

      it('fails while Redis is down, reconnects on its own, and never sends a write late', async () => {
        const target = new URL(url);
        const proxy = await startProxy(target.hostname, Number(target.port || 6379));
        const proxied = new URL(url);
        proxied.hostname = '127.0.0.1';
        proxied.port = String(proxy.port);
        const store = new RedisStateStore({
          url: proxied.toString(),
          prefix: nextPrefix(),
          commandTimeoutMs: 1000,
        });
        try {
          await store.set('k', 'before');
          await proxy.stop();
          const failed = await rejectionOf(store.set('k', 'during-outage'));
          expect(failed.code).to.equal('STORE_UNAVAILABLE');
          expect(['refused', 'connection']).to.include(failed.details.reason);
          expect(failed.message).to.contain(`127.0.0.1:${proxy.port}`);
          expect((await rejectionOf(store.setIfAbsent('lock', 1))).code).to.equal('STORE_UNAVAILABLE');
          await proxy.restart();
          let value: unknown;
          for (let attempt = 0; attempt < 20; attempt += 1) {
            const outcome = await settle(store.get('k'));
            if (outcome.error === undefined) {
              value = outcome.value;
              break;
            }
            await sleep(100);
          }
          expect(value).to.equal('before');
          await sleep(50);
          expect(await raw.get(`${store.prefix}k`)).to.equal('"before"');
          expect(await raw.exists(`${store.prefix}lock`)).to.equal(0);
        } finally {
          await store.close();
          await proxy.stop();
        }
      });
    });
  });
});

/** A loopback TCP proxy to Redis that can be stopped (dropping every connection) and restarted on its port. */
async function startProxy(host: string, port: number) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let listenPort = 0;
  const listen = async () => {
    const s = net.createServer((client) => {
      const upstream = net.connect(port, host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => s.listen(listenPort, '127.0.0.1', resolve));
    listenPort = (s.address() as net.AddressInfo).port;
    server = s;
  };
  await listen();
  return {
    get port() {
      return listenPort;
    },
    async stop() {
      const s = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (s !== undefined) await new Promise((resolve) => s.close(resolve));
    },
    restart: listen,
  };
}
