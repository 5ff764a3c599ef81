import { FEATURE_SPEC } from '../../src/model/features.js';
import type { ModelFile } from '../../src/model/model-file.js';
import { DEFAULT_TRAINING } from '../../src/model/train.js';

/** A small valid model, written here by hand. */
export const TINY_MODEL: ModelFile = {
  format: 'reassure-model',
  version: 1,
  features: FEATURE_SPEC,
  training: DEFAULT_TRAINING,
  provenance: {
    tool: { name: 'reassure', version: '0.0.0' },
    rules: { name: 'default', sha256: '0'.repeat(64) },
    dataLicence: null,
    sessions: 1,
    therapistTurns: 2,
    labels: { comfort: 1 },
    crossValidation: null,
  },
  classifiers: { comfort: { threshold: 0.5, bias: -1, weights: { tough: 2, 'rule:comfort': 1.5, 'c:tired': 0.25 } } },
};
