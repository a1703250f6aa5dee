/** A figure we computed (never user text): written as is, so a negative stays a number. */
export class CsvFigure {
  constructor(readonly text: string) {}
}

export type CsvCell = string | CsvFigure | null;

/** An integer scaled by 10^places as an exact decimal: (-31700, 2) -> "-317.00". */
export function decimal(scaled: number, places: number): CsvFigure {
  const digits = Math.abs(scaled).toString().padStart(places + 1, "0");
  const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return new CsvFigure(scaled < 0 ? `-${body}` : body);
}

// A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

function field(cell: CsvCell): string {
  if (cell === null) return "";
  const text = cell instanceof CsvFigure ? cell.text : FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record and its CRLF, for writers that stream rows in batches. */
export function csvRecord(row: CsvCell[]): string {
  return `${row.map(field).join(",")}\r\n`;
}

/** RFC 4180: CRLF between records, fields quoted when they hold a quote, comma or line break. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map(csvRecord).join("");
}
