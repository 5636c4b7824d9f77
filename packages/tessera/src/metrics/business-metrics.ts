import { Counter, type Registry } from 'prom-client';
import type { TokenEvents } from '../tokens/token-service.js';
import { TOKEN_KINDS } from '../tokens/token-kinds.js';
import type { ExchangeEvents } from '../oidc/exchange-service.js';
import type { UploadEvents } from '../uploads/upload-service.js';

/** The services' reports (each counted after its change commits), as Prometheus counters. */
export interface BusinessMetrics {
  tokens: TokenEvents;
  exchanges: ExchangeEvents;
  uploads: UploadEvents;
}

/**
 * Counters for what the service does, not how fast: tokens created, revoked and rotated (by
 * kind), OIDC exchanges (by result) and uploads (by result). Not on a hot path, so plain
 * prom-client counters. A successful exchange minted a ci token: it counts as created too.
 */
export function registerBusinessMetrics(registry: Registry): BusinessMetrics {
  const counter = (name: string, help: string, labelNames: string[]) => new Counter({ name, help, labelNames, registers: [registry] });
  const created = counter('tessera_tokens_created_total', 'API tokens created, by kind (a ci token when its OIDC exchange commits).', ['kind']);
  const revoked = counter('tessera_tokens_revoked_total', 'API tokens revoked through the token API (one at a time or in bulk), by kind.', ['kind']);
  const rotated = counter('tessera_tokens_rotated_total', 'API tokens rotated, by kind (the replacement is not counted as created).', ['kind']);
  const exchanges = counter('tessera_oidc_exchanges_total', 'OIDC ID-token exchanges by result (`success`, the refusal reason, or `error`) and by how the token came (`exchange` route or tokenless `upload`).', ['result', 'via']);
  const uploads = counter('tessera_uploads_total', 'CI uploads by result: `parsed` or `unparsable` when stored, else why it was refused.', ['result']);
  // Zero-valued series from the start, so a rate() has a baseline before the first event.
  for (const kind of TOKEN_KINDS) {
    created.inc({ kind }, 0);
    revoked.inc({ kind }, 0);
    rotated.inc({ kind }, 0);
  }
  for (const via of ['exchange', 'upload']) exchanges.inc({ result: 'success', via }, 0);
  for (const result of ['parsed', 'unparsable']) uploads.inc({ result }, 0);

  return {
    tokens: {
      created: (kind) => created.inc({ kind }),
      revoked: (kind, count) => revoked.inc({ kind }, count),
      rotated: (kind) => rotated.inc({ kind }),
    },
    exchanges: {
      exchanged(result, via) {
        exchanges.inc({ result, via });
        if (result === 'success') created.inc({ kind: 'ci' });
      },
    },
    uploads: { upload: (result) => uploads.inc({ result }) },
  };
}
