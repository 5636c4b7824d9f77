import { useState } from 'react';
import { Button } from '@radix-ui/themes';
import { CheckIcon, CopyIcon } from '@radix-ui/react-icons';

/** Copies to the clipboard and says so; falls back to selecting the text where the clipboard is unavailable. */
export function CopyButton({ text, label = 'Copy', size = '2', onCopied }: { text: string; label?: string; size?: '1' | '2'; onCopied?: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
      onCopied?.();
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied(null), 2500);
  };
  return (
    <Button type="button" size={size} variant={copied === 'yes' ? 'soft' : 'solid'} color={copied === 'yes' ? 'green' : undefined} onClick={() => void copy()} aria-live="polite">
      {copied === 'yes' ? <CheckIcon /> : <CopyIcon />}
      {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed: select and copy' : label}
    </Button>
  );
}
