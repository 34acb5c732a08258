// Declarations of the full package only (not of `stratops/core`).

/**
 * `Plan.report` is declared here, merged into the class, so that each
 * format has its own return type.
 */
export interface Plan {
  /**
   * The progress report as of a date (`YYYY-MM-DD`) as Markdown text or a
   * self-contained HTML page (`stratops report --format md|html`).
   */
  report(asOf: string, format: "md" | "html", options?: ReportOptions | null): string;
  /** The progress report as of a date, as an object (`--format json`). */
  report(asOf: string, format?: "json" | null, options?: ReportOptions | null): Report;
}
