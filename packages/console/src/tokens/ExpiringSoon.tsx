import { Callout, Code, Flex } from '@radix-ui/themes';
import { ClockIcon } from '@radix-ui/react-icons';
import { useApi } from '../api/api-context';
import { enc } from '../api/client';
import type { Page, Token } from '../api/types';
import { relative } from '../ui/format';
import { useLoad } from '../ui/use-load';

const WEEK_MS = 7 * 86_400_000;

/** The workspace's active tokens that expire within 7 days (what `tessera token list --expiring 7d` lists); nothing when there are none. */
export function ExpiringSoon({ slug }: { slug: string }) {
  const api = useApi();
  const data = useLoad(() => {
    const before = new Date(Date.now() + WEEK_MS).toISOString();
    return api.request<Page<Token>>('GET', `/v1/workspaces/${enc(slug)}/tokens?status=active&limit=20&expiring_before=${encodeURIComponent(before)}`).then((r) => r.items);
  }, [slug]);
  const items = (data.data ?? []).filter((t) => t.expires_at);
  if (!items.length) return null;
  return (
    <Callout.Root color="amber" highContrast mb="4" data-testid="expiring-soon">
      <Callout.Icon><ClockIcon /></Callout.Icon>
      <Flex direction="column" gap="1">
        <Callout.Text><strong>{items.length === 1 ? '1 token expires' : `${items.length} tokens expire`} within 7 days.</strong> Rotate {items.length === 1 ? 'it' : 'them'} before a pipeline breaks.</Callout.Text>
        {items.map((t) => (
          <Callout.Text key={t.id} size="2"><Code variant="ghost">{t.display_prefix}…</Code> {t.name}: expires {relative(t.expires_at)}</Callout.Text>
        ))}
      </Flex>
    </Callout.Root>
  );
}
