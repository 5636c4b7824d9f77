import { useState, type ReactNode } from 'react';
import { AlertDialog, Button, Flex } from '@radix-ui/themes';
import { ErrorCallout } from './states';

/** A keyboard-accessible confirmation (focus trapped, Escape cancels) for anything destructive. */
export function ConfirmDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onOpenChange(false);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AlertDialog.Root open={props.open} onOpenChange={(o) => { if (!o) setError(undefined); props.onOpenChange(o); }}>
      <AlertDialog.Content maxWidth="480px">
        <AlertDialog.Title>{props.title}</AlertDialog.Title>
        <AlertDialog.Description size="2">{props.children}</AlertDialog.Description>
        {error && <ErrorCallout error={error} />}
        <Flex gap="3" mt="4" justify="end">
          <AlertDialog.Cancel><Button variant="soft" color="gray">Cancel</Button></AlertDialog.Cancel>
          <Button color="red" loading={busy} onClick={() => void confirm()}>{props.confirmLabel}</Button>
        </Flex>
      </AlertDialog.Content>
    </AlertDialog.Root>
  );
}
