import { Card, DataList, Flex, Heading } from '@radix-ui/themes';
import { useMe } from '../session/session';
import { TokenList } from '../tokens/TokenList';
import { PageHeader } from '../ui/PageHeader';
import { VerifierList } from '../verifiers/VerifierList';

export function AccountPage() {
  const me = useMe();
  return (
    <Flex direction="column" gap="5">
      <PageHeader title="Your account" intro="Personal tokens act as you, with at most your role in each workspace: use them from scripts and the CLI." />
      <Card>
        <DataList.Root>
          <DataList.Item><DataList.Label>Name</DataList.Label><DataList.Value>{me.user?.name}</DataList.Value></DataList.Item>
          <DataList.Item><DataList.Label>Email</DataList.Label><DataList.Value>{me.user?.email}</DataList.Value></DataList.Item>
          <DataList.Item><DataList.Label>Workspaces</DataList.Label><DataList.Value>{(me.workspaces ?? []).map((w) => `${w.name} (${w.role})`).join(', ') || 'None yet'}</DataList.Value></DataList.Item>
        </DataList.Root>
      </Card>
      <Heading as="h2" size="4">Personal tokens</Heading>
      <TokenList source={{ type: 'personal' }} />
      {me.user?.instance_admin && (
        <>
          <Heading as="h2" size="4">Instance-wide verifiers</Heading>
          <VerifierList path="/v1/verifiers" canManage scopeLabel="every workspace’s" />
        </>
      )}
    </Flex>
  );
}
