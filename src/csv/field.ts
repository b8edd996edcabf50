/**
 * One field of a CSV file we print for the operator to open in Excel. Quoted when it holds a
 * separator (`,` or the `;` a Vietnamese Excel uses), a quote or a line break, so a name with a comma
 * stays in its column. A field that starts like a formula (`=`, `+`, `-`, `@`, or a tab or carriage
 * return before one) gets a leading `'`, which Excel shows as text: names come from files assembled
 * from other offices, and `=HYPERLINK(…)` in one must not become a live link or a command.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",;\r\n]|^\s|\s$/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
