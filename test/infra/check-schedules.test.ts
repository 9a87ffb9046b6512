import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { CheckSchedules } from '../../infra/check-schedules';

describe('CheckSchedules validates its props first', () => {
  const scope = () => new Stack(new App(), 'S', { env: { account: '123456789012', region: 'sa-east-1' } });

  it('refuses no checks and repeated ids, with the reason', () => {
    const stack = scope();
    const deadLetterQueue = new sqs.Queue(stack, 'Dlq');
    expect(() => new CheckSchedules(stack, 'None', { checks: [], timeZone: 'America/Sao_Paulo', deadLetterQueue })).toThrow(
      /ao menos uma verificação/
    );
    const check = {} as never;
    const twice = [
      { id: 'A', check, cron: 'cron(0 17 * * ? *)', description: 'a' },
      { id: 'A', check, cron: 'cron(0 12 * * ? *)', description: 'b' },
    ];
    expect(() => new CheckSchedules(stack, 'Twice', { checks: twice, timeZone: 'America/Sao_Paulo', deadLetterQueue })).toThrow(
      /ids repetidos/
    );
  });
});
