import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_STORIES } from '../../local/demo/stories';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const NUMBERS = ['zero', 'uma', 'duas', 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove', 'dez', 'onze', 'doze'];

describe("the README's counts", () => {
  it('names as many demo situations as the demo plays', () => {
    const said = /sobre\s+(\S+)\s+situações de exemplo/.exec(README)?.[1];
    expect(said, 'the README says how many situations `npm start` plays').toBeDefined();
    expect(NUMBERS.indexOf(said ?? '')).toBe(DEMO_STORIES.length);
  });
});
