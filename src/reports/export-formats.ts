import { stringify } from 'csv-stringify';
import * as ExcelJS from 'exceljs';
import { PassThrough, Readable, Transform } from 'node:stream';
import type { ExportColumn, PlacementExportRow } from './placement-export';

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const pick = (row: PlacementExportRow, columns: readonly ExportColumn[]) =>
  Object.fromEntries(columns.map((column) => [column.key, row[column.key] ?? null]));

/** A JSON array written row by row, so a large cohort never sits whole in memory. */
function jsonArray(rows: Readable, columns: readonly ExportColumn[]): Readable {
  let first = true;
  const writer = new Transform({
    writableObjectMode: true,
    transform(row: PlacementExportRow, _encoding, done) {
      done(null, `${first ? '[' : ','}\n${JSON.stringify(pick(row, columns))}`);
      first = false;
    },
    flush(done) {
      done(null, first ? '[]\n' : '\n]\n');
    },
  });
  return rows.pipe(writer);
}

/**
 * RFC 4180 CSV with a UTF-8 byte order mark: without it spreadsheet apps guess a legacy code page and
 * Chinese names come out garbled.
 */
function csv(rows: Readable, columns: readonly ExportColumn[]): Readable {
  const writer = stringify({
    bom: true,
    header: true,
    columns: columns.map((column) => ({ key: column.key, header: column.header })),
    cast: { number: (value) => String(value) },
  });
  return rows.pipe(writer);
}

/**
 * An XLSX workbook written by exceljs's streaming writer: rows are committed as they arrive, cells typed
 * (numbers as numbers, dates as dates) under a bold, frozen header row.
 */
function xlsx(rows: Readable, columns: readonly ExportColumn[], sheetName: string): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31) || 'Placements', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((column) => ({
    key: column.key,
    header: column.header,
    width: column.kind === 'text' ? 24 : 12,
    style: column.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();

  const write = async () => {
    for await (const row of rows as AsyncIterable<PlacementExportRow>) {
      const cells = Object.fromEntries(
        columns.map((column) => {
          const value = row[column.key] ?? null;
          return [column.key, column.kind === 'date' && value !== null ? new Date(`${value}T00:00:00Z`) : value];
        }),
      );
      sheet.addRow(cells).commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: Error) => output.destroy(error));
  return output;
}

/** The export's bytes in the asked format, produced as the database streams the rows. */
export function writeExport(
  format: ExportFormat,
  rows: Readable,
  columns: readonly ExportColumn[],
  sheetName: string,
): Readable {
  const output =
    format === 'csv'
      ? csv(rows, columns)
      : format === 'xlsx'
        ? xlsx(rows, columns, sheetName)
        : jsonArray(rows, columns);
  // A failing database stream ends the answer rather than leave the client waiting; a client that goes away
  // stops the query.
  if (format !== 'xlsx') rows.once('error', (error) => output.destroy(error));
  output.once('close', () => rows.destroy());
  return output;
}
