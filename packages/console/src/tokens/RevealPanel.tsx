import { useState } from 'react';
import { Box, Button, Callout, Checkbox, Dialog, Flex, Tabs, Text, TextField } from '@radix-ui/themes';
import { LockClosedIcon } from '@radix-ui/react-icons';
import type { TokenWithSecret } from '../api/types';
import { CopyButton } from './CopyButton';
import { snippets } from './token-meta';

/**
 * The one moment a token's secret is on screen. It lives only in the React state of the dialog
 * that shows it: closing the dialog forgets it.
 */
export function RevealPanel({ token, uploadPath, onCopied }: { token: TokenWithSecret; uploadPath?: string; onCopied?: () => void }) {
  const s = snippets(token.secret, { origin: window.location.origin, ...(uploadPath ? { uploadPath } : {}) });
  return (
    <Flex direction="column" gap="3" data-testid="reveal-panel">
      <Callout.Root color="amber" highContrast>
        <Callout.Icon><LockClosedIcon /></Callout.Icon>
        <Callout.Text>
          <strong>Copy this token now: you will not see it again.</strong> Tessera keeps only a hash of it. If you lose it, rotate or revoke it and create another.
        </Callout.Text>
      </Callout.Root>
      <Flex direction="column" gap="1">
        <Text as="label" htmlFor="revealed-secret" size="2" weight="medium">{token.name} ({token.display_prefix}…)</Text>
        <Flex gap="2" align="center" wrap="wrap">
          <Box flexGrow="1" minWidth="200px">
            <TextField.Root id="revealed-secret" className="secret-box" readOnly value={token.secret} onFocus={(e) => e.currentTarget.select()} aria-describedby="revealed-hint" />
          </Box>
          <CopyButton text={token.secret} label="Copy token" {...(onCopied ? { onCopied } : {})} />
        </Flex>
        <Text id="revealed-hint" size="1" color="gray">
          {token.expires_at ? `Expires ${new Date(token.expires_at).toLocaleString()}.` : 'Never expires.'} Scopes: {token.scopes.join(', ')}.
        </Text>
      </Flex>
      <Tabs.Root defaultValue="github">
        <Tabs.List size="1">
          <Tabs.Trigger value="github">GitHub Actions</Tabs.Trigger>
          <Tabs.Trigger value="gitlab">GitLab CI</Tabs.Trigger>
          <Tabs.Trigger value="shell">Shell</Tabs.Trigger>
        </Tabs.List>
        {(['github', 'gitlab', 'shell'] as const).map((k) => (
          <Tabs.Content key={k} value={k}>
            <Flex direction="column" gap="2" pt="2">
              <pre className="snippet" aria-label={`${k} snippet`}>{s[k]}</pre>
              <Flex justify="end"><CopyButton text={s[k]} label="Copy snippet" size="1" {...(onCopied ? { onCopied } : {})} /></Flex>
            </Flex>
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </Flex>
  );
}

/**
 * Keeps a dialog that shows a secret open until the secret is safe: Escape and a click outside do
 * nothing until it has been copied or the person ticks that they saved it; Done waits for the same.
 */
export function useRevealGuard(showing: boolean) {
  const [saved, setSaved] = useState(false);
  const guarded = showing && !saved;
  const block = (e: Event) => { if (guarded) e.preventDefault(); };
  return {
    saved,
    setSaved,
    /** Spread on Dialog.Content. */
    contentProps: { onEscapeKeyDown: block, onPointerDownOutside: block, onInteractOutside: block },
  };
}

/** The reveal dialog's footer: "I saved it" (ticked by any copy) and Done, which needs it. */
export function RevealDone({ saved, onSavedChange, what = 'token' }: { saved: boolean; onSavedChange: (saved: boolean) => void; what?: string }) {
  return (
    <Flex justify="between" align="center" mt="4" gap="3" wrap="wrap">
      <Text as="label" size="2">
        <Flex gap="2" align="center">
          <Checkbox checked={saved} onCheckedChange={(c) => onSavedChange(c === true)} />
          I have saved this {what} somewhere safe
        </Flex>
      </Text>
      <Dialog.Close><Button disabled={!saved}>Done</Button></Dialog.Close>
    </Flex>
  );
}
