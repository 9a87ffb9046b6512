import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { realSesEnv } from '../../local/demo/dry-run';
import { localAwsEnv } from '../../local/harness/local-aws-env';

describe('npm start -- --send: the environment of a real send', () => {
  const local = localAwsEnv({ dataApiUrl: 'http://127.0.0.1:1', sesUrl: 'http://127.0.0.1:9', engine: 'postgres' });
  const dirs: string[] = [];
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('drops the local SES endpoint, the fake credentials and the demo region; --region wins', () => {
    expect(local.AWS_REGION).toBeDefined();
    const real = realSesEnv(local);
    for (const name of ['AWS_ENDPOINT_URL_SES', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'])
      expect(real).not.toHaveProperty(name);
    expect(real.AWS_ENDPOINT_URL_RDS_DATA).toBe(local.AWS_ENDPOINT_URL_RDS_DATA);
    expect(realSesEnv(local, 'sa-east-1').AWS_REGION).toBe('sa-east-1');
  });

  it('lets the SDK take the region of the AWS profile (~/.aws/config)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-profile-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'config'), '[default]\nregion = sa-east-1\n');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_REGION', undefined as unknown as string);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined as unknown as string);
    vi.stubEnv('AWS_PROFILE', undefined as unknown as string);
    for (const [name, value] of Object.entries(realSesEnv(local))) vi.stubEnv(name, value);
    expect(await new SESClient({}).config.region()).toBe('sa-east-1');
  });
});
