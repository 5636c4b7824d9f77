import { useEffect, useState } from 'react';
import { Button, Dialog, Flex, RadioGroup, Text } from '@radix-ui/themes';
import { useApi } from '../api/api-context';
import type { Token, TokenWithSecret } from '../api/types';
import { ErrorCallout } from '../ui/states';
import { useSubmit } from '../ui/use-submit';
import { RevealDone, RevealPanel, useRevealGuard } from './RevealPanel';
import { GRACE_CHOICES } from './token-meta';

/** Rotation: choose how long the old token keeps working, then see the new one once. */
export function RotateDialog({ token, onClose, onRotated, uploadPath }: { token: Token | null; onClose: () => void; onRotated: () => void; uploadPath?: string }) {
  const api = useApi();
  const [grace, setGrace] = useState('3600');
  const [created, setCreated] = useState<TokenWithSecret | null>(null);
  const guard = useRevealGuard(created !== null);

  const { submit: rotate, busy, error, reset } = useSubmit(async () => {
    if (!token) return;
    setCreated(await api.request<TokenWithSecret>('POST', `/v1/tokens/${token.id}/rotate`, { grace_period_seconds: Number(grace) }));
    onRotated();
  });

  useEffect(() => {
    setGrace('3600'); reset(); setCreated(null); guard.setSaved(false);
  }, [token?.id]);

  return (
    <Dialog.Root open={!!token} onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="640px" {...guard.contentProps}>
        <Dialog.Title>{created ? 'Token rotated' : `Rotate “${token?.name ?? ''}”`}</Dialog.Title>
        {created ? (
          <>
            <Dialog.Description size="2" mb="3">
              {Number(grace) === 0 ? `${token?.display_prefix}… stopped working now.` : `${token?.display_prefix}… keeps working until ${new Date(created.rotated_from ? Date.now() + Number(grace) * 1000 : Date.now()).toLocaleString()}; then only the new token works.`}
            </Dialog.Description>
            <RevealPanel token={created} {...(uploadPath ? { uploadPath } : {})} onCopied={() => guard.setSaved(true)} />
            <RevealDone saved={guard.saved} onSavedChange={guard.setSaved} />
          </>
        ) : (
          <>
            <Dialog.Description size="2" mb="3">
              A new token with the same name, scopes and lifetime replaces {token?.display_prefix}…. How long should the old one keep working, while you update where it is used?
            </Dialog.Description>
            <Flex direction="column" gap="1" role="group" aria-labelledby="grace-label">
              <Text id="grace-label" size="2" weight="medium">Grace period for the old token</Text>
              <RadioGroup.Root value={grace} onValueChange={setGrace} aria-labelledby="grace-label">
                {GRACE_CHOICES.map((g) => (
                  <RadioGroup.Item key={g.seconds} value={String(g.seconds)}><Text weight="medium">{g.label}</Text> <Text size="1" color="gray">{g.hint}</Text></RadioGroup.Item>
                ))}
              </RadioGroup.Root>
            </Flex>
            {error && <ErrorCallout error={error} />}
            <Flex gap="3" justify="end" mt="4">
              <Dialog.Close><Button variant="soft" color="gray">Cancel</Button></Dialog.Close>
              <Button loading={busy} onClick={() => void rotate()}>Rotate token</Button>
            </Flex>
          </>
        )}
      </Dialog.Content>
    </Dialog.Root>
  );
}
