import type { ReactNode } from 'react';
import { Flex, Heading, Text } from '@radix-ui/themes';

export function PageHeader({ title, intro, actions }: { title: string; intro?: ReactNode; actions?: ReactNode }) {
  return (
    <Flex justify="between" align="start" gap="3" wrap="wrap" mb="4">
      <Flex direction="column" gap="1">
        <Heading as="h1" size="6">{title}</Heading>
        {intro && <Text color="gray" size="2" style={{ maxWidth: '44rem' }}>{intro}</Text>}
      </Flex>
      {actions}
    </Flex>
  );
}
