import { DuckDBInstance } from "@duckdb/node-api";

// Parquet files of ours read back by DuckDB, a reader written apart from hyparquet-writer (C++), so a
// round trip checks the file, not the writer against itself.

export interface ParquetColumn {
  name: string;
  /** DuckDB's type, e.g. `STRUCT("role" VARCHAR, "content" VARCHAR)[]`. */
  type: string;
}

export interface ParquetContents {
  columns: ParquetColumn[];
  rows: Record<string, unknown>[];
  rowGroups: number;
}

const quote = (path: string) => `'${path.replaceAll("'", "''")}'`;

export async function readParquet(path: string): Promise<ParquetContents> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quote(path)})`);
    const columns = described.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    const rows = (await connection.runAndReadAll(`SELECT * FROM read_parquet(${quote(path)})`)).getRowObjectsJS();
    const groups = await connection.runAndReadAll(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata(${quote(path)})`);
    return { columns, rows: rows as Record<string, unknown>[], rowGroups: Number(groups.getRowObjectsJS()[0]!.n) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
