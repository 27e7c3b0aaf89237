import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { CampaignDefinitionShape } from '#shared/campaigns/campaign-definition.schema.ts';
import { fromCanvas, toCanvas } from '../../../web/src/features/campaigns/journey-canvas-model.ts';
import { asDraft, undrawableReason, type DraftDefinition } from '../../../web/src/features/campaigns/journey-draft.ts';
import { layoutOf } from '../../../web/src/features/campaigns/journey-layout.ts';
import { parseYaml, writeInto, yamlOf } from '../../../web/src/features/campaigns/journey-yaml.ts';
import { arbitraryFor } from '../../support/zod-arbitrary.ts';
import { validJourney } from './journey-arbitraries.ts';

const exampleText = readFileSync(new URL('../../../examples/campaigns/trial-nurture.yaml', import.meta.url), 'utf8');
const example = parseYaml(exampleText);
const exampleDraft = asDraft(example.value as Record<string, unknown>);

/** canvas → YAML → canvas: the definition drawn, written as YAML, read back and drawn again. */
function throughCanvasAndYaml(draft: DraftDefinition): DraftDefinition {
  const drawn = fromCanvas(toCanvas(draft));
  const read = parseYaml(yamlOf(drawn).text);
  expect(read.error).toBeUndefined();
  expect(undrawableReason(read.value)).toBeUndefined();
  return fromCanvas(toCanvas(asDraft(read.value as Record<string, unknown>)));
}

describe('the canvas model of a journey', () => {
  it('draws the example campaign exactly as written: a node per step and an edge per wire, as the YAML says it', () => {
    const model = toCanvas(exampleDraft);
    expect(model.nodes.map((node) => node.id)).toEqual([
      'trigger',
      'step:welcome',
      'step:two-days',
      'step:opened-welcome',
      'step:reminder',
      'step:case-study',
      'step:converted',
      'end:step:converted',
    ]);
    expect(model.edges.map((edge) => `${edge.source} -${edge.wire}(${edge.written})-> ${edge.target}`)).toEqual([
      'trigger -start(implicit)-> step:welcome',
      'step:welcome -next(implicit)-> step:two-days',
      'step:two-days -next(implicit)-> step:opened-welcome',
      'step:opened-welcome -then(explicit)-> step:case-study',
      'step:opened-welcome -else(explicit)-> step:reminder',
      'step:reminder -next(explicit)-> step:converted',
      'step:case-study -next(implicit)-> step:converted',
      'step:converted -next(implicit)-> end:step:converted',
    ]);
    expect(model.campaign).toEqual({
      name: 'Trial nurture',
      trigger: { type: 'event', detailType: 'Campaign Enrollment Requested' },
      goal: { kind: 'field', field: 'lifecycleStage', operator: 'in', value: ['opportunity', 'customer'] },
      sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 9, endHour: 17, timeZone: 'Europe/London' },
      frequencyCap: { maxEmails: 3, perDays: 7 },
    });
  });

  it('saves the example back unchanged: the same definition, and the YAML byte for byte with its comments', () => {
    const drawn = fromCanvas(toCanvas(exampleDraft));
    expect(drawn).toEqual(example.value);
    expect(writeInto({ document: example.document, text: exampleText }, drawn).text).toBe(exampleText);
    // What the console sends is what the CLI sends: the schema's defaults are the API's to fill in.
    expect(CampaignDefinition.parse(drawn)).toEqual(CampaignDefinition.parse(example.value));
    expect(drawn).not.toHaveProperty('exitWhen');
  });

  it('draws an arm not yet connected, a next: null and a wire to a step that does not exist, and keeps them', () => {
    const draft: DraftDefinition = {
      name: 'Unfinished',
      trigger: { type: 'manual' },
      steps: [
        { id: 'hello', type: 'email', content: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' }, next: null },
        { id: 'ask', type: 'branch', condition: { kind: 'opened', stepId: 'hello' }, then: 'gone' },
      ],
    };
    const model = toCanvas(draft);
    expect(model.nodes.filter((node) => node.kind !== 'step').map((node) => node.id)).toEqual([
      'trigger',
      'end:step:hello',
      'missing:gone',
      'open:step:ask:else',
    ]);
    expect(model.edges.find((edge) => edge.source === 'step:hello')).toMatchObject({ written: 'end' });
    expect(fromCanvas(model)).toEqual(draft);
  });

  it('lays the journey out top to bottom, and mirrors it right to left', () => {
    const model = toCanvas(exampleDraft);
    const ltr = layoutOf(model, 'ltr');
    const rtl = layoutOf(model, 'rtl');
    const at = (placed: typeof ltr, id: string) => placed.get(id) as { x: number; y: number; width: number };
    expect(at(ltr, 'step:welcome').y).toBeLessThan(at(ltr, 'step:two-days').y);
    expect(at(ltr, 'step:two-days').y).toBeLessThan(at(ltr, 'step:opened-welcome').y);
    // The branch's arms side by side, on one rank.
    expect(at(ltr, 'step:reminder').y).toBe(at(ltr, 'step:case-study').y);
    const side = (placed: typeof ltr) => Math.sign(at(placed, 'step:reminder').x - at(placed, 'step:case-study').x);
    expect(side(rtl)).toBe(-side(ltr));
    for (const node of model.nodes)
      expect(at(rtl, node.id).x + at(rtl, node.id).width / 2).toBeCloseTo(
        -(at(ltr, node.id).x + at(ltr, node.id).width / 2),
      );
  });

  it('keeps any valid definition unchanged through the canvas model and YAML, and valid', () => {
    fc.assert(
      fc.property(validJourney, (journey) => {
        expect(CampaignDefinition.safeParse(journey).error?.issues).toBeUndefined();
        const draft = journey as DraftDefinition;
        expect(fromCanvas(toCanvas(draft))).toEqual(journey);
        expect(throughCanvasAndYaml(draft)).toEqual(journey);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps anything the schema’s shape accepts unchanged too, hostile text and wires to unknown steps included', () => {
    const shaped = arbitraryFor(CampaignDefinitionShape, { hostileWeight: 1 }) as fc.Arbitrary<DraftDefinition>;
    fc.assert(
      fc.property(shaped, (draft) => {
        expect(fromCanvas(toCanvas(draft))).toEqual(draft);
        expect(throughCanvasAndYaml(draft)).toEqual(draft);
      }),
      { numRuns: 200 },
    );
  });

  it('writes one definition into another’s YAML so that it reads back as exactly the new one', () => {
    fc.assert(
      fc.property(validJourney, validJourney, (before, after) => {
        const written = writeInto(yamlOf(before), after);
        expect(parseYaml(written.text).value).toEqual(after);
      }),
      { numRuns: 200 },
    );
  });
});
