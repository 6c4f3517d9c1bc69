/**
 * The auditor's report of a verified bundle: {@link dev.keyceremony.transcript.report.AuditReport}
 * gathers the facts into sections (pure, from a VerificationReport), and the HTML and Markdown
 * renderers print them, escaping every value that came from the transcript.
 */
package dev.keyceremony.transcript.report;
