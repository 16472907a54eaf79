/**
 * Global test setup: no test may reach the real Graph API (or any host but loopback).
 */
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(
  (host) => host.startsWith('127.0.0.1') || host.startsWith('localhost') || host.startsWith('[::1]'),
);
