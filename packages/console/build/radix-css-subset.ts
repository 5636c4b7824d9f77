import postcss from 'postcss';
import type { Plugin } from 'vite';

/**
 * Radix Themes ships every component's CSS in one components.css (432 KB). The console uses about
 * half of the components; this drops every rule whose selectors all name a component it does not use.
 * The list is of class prefixes (`.rt-Slider` also covers `.rt-SliderThumb`); a component imported
 * later must be taken off it, which the console's browser tests would show (unstyled widget). ScrollArea
 * stays: Table and Select render one inside.
 */
export const UNUSED_RADIX_CLASSES = [
  'Slider', 'SegmentedControl', 'RadioCards', 'CheckboxCards', 'CheckboxCard', 'CheckboxGroup', 'Progress', 'Kbd',
  'Inset', 'Skeleton', 'Section', 'HoverCard', 'ContextMenu', 'ThemePanel', 'TabNav', 'Strong',
  'Quote', 'Em', 'Blockquote', 'Grid',
];

const unused = new RegExp(`\\.rt-(${UNUSED_RADIX_CLASSES.join('|')})(?![A-Za-z])|\\.rt-(${UNUSED_RADIX_CLASSES.join('|')})[A-Z]`);

export function stripRadixCss(css: string): string {
  const root = postcss.parse(css);
  root.walkRules((rule) => {
    const kept = rule.selectors.filter((s) => !unused.test(s));
    if (kept.length === 0) rule.remove();
    else if (kept.length !== rule.selectors.length) rule.selectors = kept;
  });
  root.walkAtRules((at) => { if (at.nodes && at.nodes.length === 0) at.remove(); });
  return root.toString();
}

export function radixCssSubset(): Plugin {
  return {
    name: 'tessera-radix-css-subset',
    enforce: 'pre',
    transform(code, id) {
      if (!/@radix-ui[\\/]themes[\\/]components\.css(\?|$)/.test(id)) return null;
      return { code: stripRadixCss(code), map: null };
    },
  };
}
