/**
 * A slug from a name, as the CLI (`workspace create --name "Café & Co"` without --slug) and the
 * console (the slug field that follows the name) propose it: accents dropped, not the letter
 * ("Café" → "cafe"), anything else but letters and digits a single hyphen, cut to the slug's
 * length. A project slug may also keep dots and underscores (like a repository name).
 *
 * Plain string code, no import: the console's bundle imports this very file.
 */
export function slugify(name: string, kind: 'workspace' | 'project' = 'workspace'): string {
  const [other, max] = kind === 'project' ? [/[^a-z0-9._]+/g, 100] : [/[^a-z0-9]+/g, 39];
  const edges = /^[^a-z0-9]+|[^a-z0-9]+$/g;
  const folded = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return folded.replace(other, '-').replace(edges, '').slice(0, max).replace(edges, '');
}
