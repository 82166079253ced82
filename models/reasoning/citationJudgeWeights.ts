import type { JudgeWeights } from './citationJudge';

// Written by `npm run bench -- citation-judge --write`: fitted on tune + train
// (11049 candidate passages), never on a held-out half. Do not edit by hand.
export const CITATION_JUDGE: JudgeWeights | null = {
  features: [
    'support',
    'logScoreRatio',
    'rank',
    'guidelineRank',
    'evidence',
    'concepts',
    'headingShare',
    'quantityMatch',
    'quantityMismatch',
    'questionBoost',
    'offTopic',
    'priorSpecialty',
    'namesGuideline',
    'questionNamesGuideline',
    'bestOtherSupport',
    'guidelineSupport',
    'unknownShare',
    'negatedShare',
    'stepConcepts',
    'stepQuantities',
    'differentialList',
    'supportOffTopic',
    'questionOverlap',
    'optionOverlap',
    'optionLetter',
    'recap',
    'dose',
    'labValue',
  ],
  mean: [
    0.295896, -0.68542, 2.090415, 1.440311, 1.948622, 3.077021, 0.215829, 0.118925, 0.000181,
    0.038394, 0.433462, 0.52231, 0.056838, 0.042719, 0.393231, 0.444751, 0.166232, 0.067436,
    1.947092, 0.542221, 0.002353, 0.11413, 0.113088, 0.277808, 0.013576, 0.01258, 0.02498, 0.012852,
  ],
  scale: [
    0.191333, 0.73689, 2.160638, 1.49082, 1.305239, 1.782942, 0.295823, 0.3237, 0.013453, 0.077664,
    0.300094, 0.499502, 0.231532, 0.202222, 0.242845, 0.455579, 0.178889, 0.164807, 0.422582,
    0.879908, 0.048452, 0.11553, 0.203894, 0.381872, 0.115722, 0.111454, 0.156063, 0.112635,
  ],
  weights: [
    0.529187, 1.477581, -0.063794, -0.695793, 0.782068, 0.637525, 0.44247, -0.17653, 0.113492,
    0.334616, -0.314395, 0.52192, 0.526565, 0.190796, -0.620109, 0.25447, -0.344172, 0.131016,
    -0.55454, 0.095542, -0.292357, 0.237513, -0.308905, 0.274066, 0.075536, -0.497125, -0.230678,
    -0.122663,
  ],
  bias: -3.815511,
  threshold: 0.55,
};
