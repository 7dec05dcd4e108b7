// Header names are case-insensitive, but a list reads best in one spelling: a name added
// to a list whose names are all capitalized (`Content-Type`) is capitalized the same way.
export function inListCase(name: string, existing: string[]): string {
  const capitalized = existing.length > 0 && existing.every((h) => /^[A-Z]/.test(h));
  return capitalized ? name.split('-').map((w) => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w)).join('-') : name;
}
