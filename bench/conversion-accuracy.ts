import { performance } from 'node:perf_hooks';
import { generateHistory } from '#local/history/generate-history.ts';
import { contactsForConversion, demoRulesScore } from '#local/history/history-for-learning.ts';
import { conversionExamples } from '#shared/conversion/conversion-features.rules.ts';
import { evaluateOn, heldOutPosition, trainConversionModel } from '#shared/conversion/conversion-model.rules.ts';
import { round } from './stats.ts';

export interface ConversionFigure {
  seeds: number[];
  months: number;
  contacts: number;
  generateMs: number;
  windowDays: number;
  snapshots: number;
  trainingExamples: number;
  trainingPositives: number;
  features: number;
  newtonSteps: number;
  /** Building the examples and features, fitting, and the model's own AUC and log loss on training and held-out examples. */
  trainMs: number;
  heldOutExamples: number;
  heldOutPositives: number;
  modelAuc: number;
  rulesAuc: number;
}

/**
 * Likelihood to convert on generated histories: the training time for that many contacts, and the AUC of the model
 * and of today's rules score (the demo scoring model) on the same held-out contacts. Several seeds' histories are
 * pooled (each contact's id prefixed with its seed), as the generator draws at most a few hundred contacts a month.
 */
export function measureConversion(options: {
  seeds: number[];
  months: number;
  contactsPerMonth: number;
}): ConversionFigure {
  const generating = performance.now();
  const histories = options.seeds.map((seed) => generateHistory({ ...options, seed, endMonth: '2026-12' }));
  const contacts = histories.flatMap((history) =>
    contactsForConversion(history).map((contact) => ({
      ...contact,
      contactId: `seed-${history.options.seed}/${contact.contactId}`,
    })),
  );
  const generateMs = performance.now() - generating;
  const training = performance.now();
  const trained = trainConversionModel(contacts, { now: histories[0]!.to });
  const trainMs = performance.now() - training;
  if (trained.status !== 'trained') throw new Error(trained.message);
  const { model } = trained;
  // The rules score on the same held-out examples, apart, so its time is not counted as training.
  const heldOutContacts = contacts.filter(
    (contact) => heldOutPosition(contact.contactId) < model.training.heldOutShare,
  );
  const heldOutExamples = conversionExamples(heldOutContacts, {
    asOfs: model.training.asOfs,
    windowDays: model.training.windowDays,
    now: histories[0]!.to,
    spec: model.spec,
  });
  const heldOut = evaluateOn(model, heldOutExamples, demoRulesScore);
  if (heldOut?.auc !== model.metrics.heldOut?.auc) throw new Error('the held-out examples differ from training’s');
  if (!heldOut || heldOut.rulesAuc === null)
    throw new Error('the held-out contacts lack a converted or unconverted one');
  return {
    seeds: options.seeds,
    months: options.months,
    contacts: contacts.length,
    generateMs: round(generateMs),
    windowDays: model.training.windowDays,
    snapshots: model.training.asOfs.length,
    trainingExamples: model.training.examples,
    trainingPositives: model.training.positives,
    features: model.features.length,
    newtonSteps: model.optimiser.iterations,
    trainMs: round(trainMs),
    heldOutExamples: heldOut.examples,
    heldOutPositives: heldOut.positives,
    modelAuc: round(heldOut.auc, 3),
    rulesAuc: round(heldOut.rulesAuc, 3),
  };
}

/** The bench report's section for the likelihood to convert. */
export function conversionMarkdown(figure: ConversionFigure): string[] {
  return [
    `## Likelihood to convert on generated histories (seeds ${figure.seeds.join(', ')}; ${figure.months} months: ${figure.contacts} contacts, generated in ${figure.generateMs} ms)`,
    ``,
    `Converted = a won deal within ${figure.windowDays} days of each of ${figure.snapshots} monthly instants; AUC on the held-out contacts (a fifth, by id).`,
    ``,
    `| training examples | converted | features | Newton steps | training (ms) | held-out examples | converted | AUC model | AUC rules score |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    `| ${figure.trainingExamples} | ${figure.trainingPositives} | ${figure.features} | ${figure.newtonSteps} | ${figure.trainMs} | ${figure.heldOutExamples} | ${figure.heldOutPositives} | ${figure.modelAuc} | ${figure.rulesAuc} |`,
    ``,
  ];
}
