/**
 * The import's caps, apart from the pipeline so the UI can name them without bundling the parsers (SheetJS alone is
 * ~400 KB; it belongs in the worker's bundle, not the window's).
 */

/** The biggest file we read: a million-row contact CSV is about 40 MB. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Data rows read from one file; more are left out and the report says so. */
export const MAX_ROWS = 1_000_000;
