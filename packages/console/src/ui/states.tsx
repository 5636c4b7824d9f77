import type { ReactNode } from 'react';
import { Button, Callout, Card, Flex, Spinner, Text } from '@radix-ui/themes';
import { ExclamationTriangleIcon } from '@radix-ui/react-icons';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <Flex align="center" gap="2" py="6" justify="center" role="status" aria-live="polite">
      <Spinner /> <Text color="gray">{label}</Text>
    </Flex>
  );
}

export function ErrorCallout({ error, onRetry }: { error: Error | string; onRetry?: () => void }) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <Callout.Root color="red" role="alert" my="3">
      <Callout.Icon><ExclamationTriangleIcon /></Callout.Icon>
      <Callout.Text>
        {message}
        {onRetry && <> <Button variant="ghost" size="1" onClick={onRetry}>Try again</Button></>}
      </Callout.Text>
    </Callout.Root>
  );
}

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Card size="3" variant="surface">
      <Flex direction="column" align="center" gap="2" py="4" style={{ textAlign: 'center' }}>
        <Text weight="bold" size="3">{title}</Text>
        <Text color="gray" size="2" style={{ maxWidth: '32rem' }}>{children}</Text>
        {action}
      </Flex>
    </Card>
  );
}
