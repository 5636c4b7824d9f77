import { Type } from 'typebox';
import { StringEnum } from '../http/common-schemas.js';

export const ReportLeakBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200, description: 'The token found: it is the proof.' }),
  url: Type.Optional(Type.String({ maxLength: 2000, description: 'Where it was found.' })),
  source: Type.Optional(Type.String({ maxLength: 100, description: 'What kind of place (commit, issue, ci_log, paste, …).' })),
}, { additionalProperties: false });

export const ReportLeakResponse = Type.Object({
  received: Type.Boolean({ description: 'Always true: the answer is the same whether or not the string is a live token.' }),
});

/** GitHub's secret-scanning feedback list. */
export const LeakFeedbackList = Type.Array(Type.Object({
  token_hash: Type.String({ description: 'SHA-256 of the reported token, hex.' }),
  token_type: Type.String(),
  label: StringEnum(['true_positive', 'false_positive']),
}));
