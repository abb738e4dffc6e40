package fr.sesame.auth.audit;

import java.util.List;

/**
 * The trail as CSV (RFC 4180: every cell quoted, quotes doubled, CRLF between rows), safe to open in a spreadsheet:
 * a cell that starts with {@code = + - @}, a tab or a carriage return would be read as a formula, so it gets a
 * leading {@code '} (OWASP's advice against CSV injection). Values such as a login typed in a URL or a commune id
 * given to a denied admin request reach the trail unchecked, and an admin opens the export.
 */
public final class AuditCsv {

	static final String HEADER = row("seq", "id", "at", "type", "principal", "commune", "ip", "data", "prev", "hash");

	private AuditCsv() {
	}

	public static String of(List<AuditEntry> entries) {
		StringBuilder csv = new StringBuilder(HEADER);
		for (AuditEntry entry : entries) {
			csv.append(row(Long.toString(entry.seq()), entry.id(), entry.at().toString(), entry.type(),
					entry.principal(), entry.commune(), entry.ip(), entry.dataJson(), entry.prev(), entry.hash()));
		}
		return csv.toString();
	}

	private static String row(String... cells) {
		StringBuilder row = new StringBuilder();
		for (int i = 0; i < cells.length; i++) {
			if (i > 0) {
				row.append(',');
			}
			row.append(cell(cells[i]));
		}
		return row.append("\r\n").toString();
	}

	static String cell(String value) {
		if (value == null) {
			return "\"\"";
		}
		String safe = (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) ? "'" + value : value;
		return '"' + safe.replace("\"", "\"\"") + '"';
	}

}
