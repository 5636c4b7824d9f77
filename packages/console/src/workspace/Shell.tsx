import { NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { Avatar, Box, Button, Flex, Popover, RadioGroup, Select, Separator, Text, Container } from '@radix-ui/themes';
import { ExitIcon, PersonIcon, PlusIcon } from '@radix-ui/react-icons';
import { Suspense, useState } from 'react';
import { NewWorkspaceDialog } from './NewWorkspaceDialog';
import { useMe, useSession, useWorkspaceRef, atLeast } from '../session/session';
import { Loading } from '../ui/states';
import { useThemeChoice, type ThemeChoice } from '../ui/theme';

const NAV = [
  { to: 'tokens', label: 'API tokens' },
  { to: 'projects', label: 'Projects' },
  { to: 'members', label: 'Members' },
  { to: 'service-accounts', label: 'Service accounts' },
  { to: 'trust-policies', label: 'Tokenless CI' },
  { to: 'verifiers', label: 'Verifiers', min: 'admin' as const },
  { to: 'webhooks', label: 'Webhooks', min: 'admin' as const },
  { to: 'audit', label: 'Audit log', min: 'admin' as const },
  { to: 'settings', label: 'Settings' },
];

/** Header (workspace switcher, account menu) and the workspace's navigation around every page. */
export function Shell() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const { ws } = useParams();
  const current = useWorkspaceRef(ws);
  const workspaces = me.workspaces ?? [];
  const [creating, setCreating] = useState(false);
  const [accountOpen, setAccountOpen] = useState(false);
  const go = (action: () => void) => () => {
    setAccountOpen(false);
    action();
  };
  const theme = useThemeChoice();

  return (
    <Box className="app-shell">
      <Box className="app-header" px="4" py="2" asChild><header>
        <Flex align="center" gap="3" justify="between" wrap="wrap">
          <Flex align="center" gap="3">
            <Text weight="bold" size="4" asChild><NavLink to="/" style={{ color: 'inherit', textDecoration: 'none' }}>Tessera</NavLink></Text>
            {workspaces.length > 0 && (
              <Select.Root value={current?.slug ?? ''} onValueChange={(slug) => navigate(`/w/${slug}/tokens`)}>
                <Select.Trigger aria-label="Workspace" placeholder="Choose a workspace" variant="soft" />
                <Select.Content>
                  {workspaces.map((w) => (
                    <Select.Item key={w.id} value={w.slug}>{w.name} <Text color="gray" size="1">({w.role})</Text></Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </Flex>
          {/* A popover of plain buttons, not a role=menu: a menu may hold only menu items, and this one
              also holds the theme choice (axe: aria-required-children). */}
          <Popover.Root open={accountOpen} onOpenChange={setAccountOpen}>
            <Popover.Trigger>
              {/* Named by its content (what is visible, then what it opens), never an aria-label that hides the visible text. */}
              <Button variant="ghost">
                <Avatar size="1" fallback={(me.user?.name ?? '?').slice(0, 1).toUpperCase()} radius="full" />
                <Text className="hide-narrow">{me.user?.email}</Text>
                <span className="visually-hidden">Account menu</span>
              </Button>
            </Popover.Trigger>
            <Popover.Content align="end" aria-label="Account" minWidth="16rem">
              <Flex direction="column" gap="2" align="start">
                <Button variant="ghost" onClick={go(() => navigate('/account'))}><PersonIcon /> Account and personal tokens</Button>
                <Button variant="ghost" onClick={go(() => setCreating(true))}><PlusIcon /> New workspace</Button>
                <Separator size="4" />
                <Text id="theme-choice" size="1" color="gray">Theme</Text>
                <RadioGroup.Root size="1" aria-labelledby="theme-choice" value={theme.choice} onValueChange={(v) => theme.setChoice(v as ThemeChoice)}>
                  <RadioGroup.Item value="system">System theme</RadioGroup.Item>
                  <RadioGroup.Item value="light">Light theme</RadioGroup.Item>
                  <RadioGroup.Item value="dark">Dark theme</RadioGroup.Item>
                </RadioGroup.Root>
                <Separator size="4" />
                <Button variant="ghost" color="red" onClick={go(() => void signOut().then(() => navigate('/login')))}><ExitIcon /> Sign out</Button>
              </Flex>
            </Popover.Content>
          </Popover.Root>
        </Flex>
      </header></Box>
      <NewWorkspaceDialog open={creating} onOpenChange={setCreating} />
      <Container size="4" px="4" py="4">
        <Flex gap="5" className="layout-main">
          {current && (
            <Box className="sidebar" asChild>
              <nav aria-label="Workspace">
                <Flex direction={{ initial: 'row', md: 'column' }} gap="3" wrap="wrap" className="app-nav">
                  {NAV.filter((n) => !n.min || atLeast(current.role, n.min)).map((n) => (
                    <Text key={n.to} size="2" asChild><NavLink to={`/w/${current.slug}/${n.to}`}>{n.label}</NavLink></Text>
                  ))}
                </Flex>
              </nav>
            </Box>
          )}
          <Box flexGrow="1" minWidth="0" asChild>
            <main><Suspense fallback={<Loading label="Loading…" />}><Outlet /></Suspense></main>
          </Box>
        </Flex>
      </Container>
    </Box>
  );
}
