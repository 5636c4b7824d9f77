import type { ReactNode } from 'react';
import { Card, Container, Flex, Heading, Text } from '@radix-ui/themes';

export function AuthCard({ title, intro, children }: { title: string; intro: ReactNode; children: ReactNode }) {
  return (
    <main><Container size="1" px="4" py="9">
      <Card size="4">
        <Flex direction="column" gap="3">
          <Text size="2" color="gray" weight="bold">Tessera</Text>
          <Heading as="h1" size="6">{title}</Heading>
          <Text as="p" color="gray" size="2">{intro}</Text>
          {children}
        </Flex>
      </Card>
    </Container></main>
  );
}

/** A labelled field: every input has a visible label tied to it. */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="2" weight="medium">{label}</Text>
      {children}
      {hint && <Text size="1" color="gray" id={`${id}-hint`}>{hint}</Text>}
    </Flex>
  );
}
