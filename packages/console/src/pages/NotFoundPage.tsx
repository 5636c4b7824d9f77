import { Link as RouterLink } from 'react-router';
import { Link } from '@radix-ui/themes';
import { EmptyState } from '../ui/states';

export function NotFoundPage() {
  return (
    <EmptyState title="Nothing here">
      This page does not exist, or the workspace is not one of yours. <Link asChild><RouterLink to="/">Go to your workspace</RouterLink></Link>.
    </EmptyState>
  );
}
