import type { ReactNode } from 'react';
import { AlertDialog, Button, Flex } from '@radix-ui/themes';
import { ErrorCallout } from './states';
import { useSubmit } from './use-submit';

/** A keyboard-accessible confirmation (focus trapped, Escape cancels) for anything destructive. */
export function ConfirmDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  /** Form fields under the description (a <p>, which cannot hold them). */
  extra?: ReactNode;
  /** Red for what destroys; the accent colour for a change that can be undone. */
  destructive?: boolean;
}) {
  const { submit: confirm, busy, error, reset } = useSubmit(async () => {
    await props.onConfirm();
    props.onOpenChange(false);
  });
  return (
    <AlertDialog.Root open={props.open} onOpenChange={(o) => { if (!o) reset(); props.onOpenChange(o); }}>
      <AlertDialog.Content maxWidth="480px">
        <AlertDialog.Title>{props.title}</AlertDialog.Title>
        <AlertDialog.Description size="2">{props.children}</AlertDialog.Description>
        {props.extra}
        {error && <ErrorCallout error={error} />}
        <Flex gap="3" mt="4" justify="end">
          <AlertDialog.Cancel><Button variant="soft" color="gray">Cancel</Button></AlertDialog.Cancel>
          <Button color={props.destructive === false ? undefined : 'red'} highContrast={props.destructive !== false} loading={busy} onClick={() => void confirm()}>{props.confirmLabel}</Button>
        </Flex>
      </AlertDialog.Content>
    </AlertDialog.Root>
  );
}
