import type { LookupAddress } from 'node:dns';
import {
  checkWebhookUrl,
  isPublicAddress,
  parseWebhookUrl,
  publicOnlyLookup,
  WebhookAddressRefused,
} from './webhook-url';

const resolvesTo =
  (...addresses: string[]) =>
  async (): Promise<LookupAddress[]> =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('webhook URL check', () => {
  describe('isPublicAddress', () => {
    it.each([
      '127.0.0.1',
      '127.255.0.9',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.254',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.255',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
      '2002:a00:1::1', // 6to4 wrapping 10.0.0.1
      '64:ff9b::a00:1', // NAT64 wrapping 10.0.0.1
      '2001:db8::1',
      'not-an-address',
    ])('refuses %s', (address) => {
      expect(isPublicAddress(address)).toBe(false);
    });

    it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])(
      'accepts %s',
      (address) => {
        expect(isPublicAddress(address)).toBe(true);
      },
    );
  });

  describe('parseWebhookUrl', () => {
    it('accepts an https URL on a public literal address or a host name', () => {
      expect(parseWebhookUrl('https://93.184.216.34/hook', false)).toMatchObject({ ok: true });
      const verdict = parseWebhookUrl('https://hooks.example.org/a?b=c', false);
      expect(verdict.ok && verdict.url.href).toBe('https://hooks.example.org/a?b=c');
    });

    it.each(['http://hooks.example.org/x', 'ftp://hooks.example.org/x', 'javascript:alert(1)', 'file:///etc/passwd'])(
      'refuses the scheme of %s',
      (url) => {
        expect(parseWebhookUrl(url, false)).toMatchObject({ ok: false, reason: 'scheme' });
      },
    );

    it.each(['hooks.example.org/x', '', 'https://', '/relative'])('refuses %j as malformed', (url) => {
      expect(parseWebhookUrl(url, false)).toMatchObject({ ok: false, reason: 'malformed' });
    });

    it.each([
      'https://127.0.0.1/x',
      'https://127.1/x',
      'https://0x7f000001/x',
      'https://2130706433/x',
      'https://0177.0.0.1/x',
      'https://0.0.0.0/x',
      'https://[::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://[::ffff:7f00:1]:8443/x',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.5/x',
      'https://172.20.1.1/x',
      'https://192.168.0.10/x',
      'https://100.64.1.1/x',
      'https://[fc00::5]/x',
      'https://[fe80::1]/x',
    ])('refuses the non-public literal address of %s', (url) => {
      expect(parseWebhookUrl(url, false)).toMatchObject({ ok: false, reason: 'address' });
    });

    it('allows plain HTTP and local addresses only when insecure webhooks are allowed', () => {
      expect(parseWebhookUrl('http://127.0.0.1:4000/hook', true)).toMatchObject({ ok: true });
      expect(parseWebhookUrl('https://[::1]/hook', true)).toMatchObject({ ok: true });
      expect(parseWebhookUrl('ftp://127.0.0.1/hook', true)).toMatchObject({ ok: false, reason: 'scheme' });
    });
  });

  describe('checkWebhookUrl', () => {
    it('accepts a host name whose every address is public', async () => {
      await expect(
        checkWebhookUrl('https://hooks.example.org/x', false, resolvesTo('93.184.216.34', '2606:4700::1')),
      ).resolves.toMatchObject({ ok: true });
    });

    it('refuses a host name with any non-public address among its addresses', async () => {
      await expect(
        checkWebhookUrl('https://hooks.example.org/x', false, resolvesTo('93.184.216.34', '10.0.0.7')),
      ).resolves.toMatchObject({ ok: false, reason: 'address' });
      await expect(
        checkWebhookUrl('https://rebind.example.org/x', false, resolvesTo('::ffff:127.0.0.1')),
      ).resolves.toMatchObject({ ok: false, reason: 'address' });
    });

    it('refuses a host name that does not resolve', async () => {
      const failing = async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      };
      await expect(checkWebhookUrl('https://nowhere.example.org/x', false, failing)).resolves.toMatchObject({
        ok: false,
        reason: 'unresolvable',
      });
    });

    it('resolves localhost for real and refuses it', async () => {
      await expect(checkWebhookUrl('https://localhost/x', false)).resolves.toMatchObject({
        ok: false,
        reason: 'address',
      });
    });

    it('does not resolve literal addresses, nor anything when insecure webhooks are allowed', async () => {
      const lookup = jest.fn(resolvesTo('10.0.0.1'));
      await expect(checkWebhookUrl('https://93.184.216.34/x', false, lookup)).resolves.toMatchObject({ ok: true });
      await expect(checkWebhookUrl('https://internal.example/x', true, lookup)).resolves.toMatchObject({ ok: true });
      expect(lookup).not.toHaveBeenCalled();
    });
  });

  describe('publicOnlyLookup (the connection-time check)', () => {
    const lookUp = (host: string, all: boolean) =>
      new Promise<{ error: Error | null; address: unknown }>((resolve) =>
        publicOnlyLookup(host, { all }, (error, address) => resolve({ error, address })),
      );

    it.each([true, false])('refuses a name resolving to loopback (all: %s)', async (all) => {
      const { error } = await lookUp('localhost', all);
      expect(error).toBeInstanceOf(WebhookAddressRefused);
      expect(error!.message).toBe('localhost resolves to a non-public address');
    });
  });
});
