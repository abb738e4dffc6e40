package fr.sesame.auth.admin.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * Reads a CSV import of role assignments: a header line {@code login,client,role,expires_at} (required, in that
 * order, case-insensitive), then one assignment per line. Cells may be quoted ({@code "…"}, a quote doubled inside),
 * but a cell cannot span lines, so that a line number always points at the line an admin sees in its editor. Blank
 * lines are skipped; a byte order mark is ignored.
 */
final class CsvAssignments {

	static final List<String> HEADER = List.of("login", "client", "role", "expires_at");

	private CsvAssignments() {
	}

	/**
	 * @param text the whole file
	 * @param maxRows how many assignments it may hold
	 * @return the grants, and a problem for every line that is not four readable cells
	 * @throws AdminApiException when the header is missing or wrong, the file is empty or too long
	 */
	static Parsed parse(String text, int maxRows) {
		String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
		String[] lines = content.split("\r\n|\n|\r", -1);
		int headerIndex = 0;
		while (headerIndex < lines.length && lines[headerIndex].isBlank()) {
			headerIndex++;
		}
		if (headerIndex == lines.length) {
			throw AdminApiException.badRequest("The file is empty: it needs the header " + String.join(",", HEADER)
					+ " and at least one row");
		}
		List<String> header = cells(lines[headerIndex]);
		if (header == null || !header.stream().map((cell) -> cell.strip().toLowerCase(Locale.ROOT)).toList()
			.equals(HEADER)) {
			throw AdminApiException.badRequest("Line " + (headerIndex + 1) + " must be the header "
					+ String.join(",", HEADER));
		}
		List<RoleGrants.Request> requests = new ArrayList<>();
		List<RoleGrants.Problem> problems = new ArrayList<>();
		int rows = 0;
		for (int i = headerIndex + 1; i < lines.length; i++) {
			String line = lines[i];
			if (line.isBlank()) {
				continue;
			}
			rows++;
			if (rows > maxRows) {
				throw AdminApiException.of(HttpStatus.CONTENT_TOO_LARGE, "invalid_request",
						"At most " + maxRows + " rows per import; nothing was imported");
			}
			int number = i + 1;
			List<String> cells = cells(line);
			if (cells == null) {
				problems.add(new RoleGrants.Problem(number, "invalid_line", "Unbalanced quotes"));
				continue;
			}
			if (cells.size() != HEADER.size()) {
				problems.add(new RoleGrants.Problem(number, "invalid_line",
						"Expected 4 cells (" + String.join(",", HEADER) + "), found " + cells.size()));
				continue;
			}
			requests.add(new RoleGrants.Request(number, cells.get(0).strip(), cells.get(1).strip(),
					cells.get(2).strip(), cells.get(3).strip()));
		}
		if (rows == 0) {
			throw AdminApiException.badRequest("The file has a header but no row");
		}
		return new Parsed(requests, problems);
	}

	/** The cells of one line, or {@code null} when a quote is left open. */
	static List<String> cells(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		boolean wasQuoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
						cell.append('"');
						i++;
					}
					else {
						quoted = false;
					}
				}
				else {
					cell.append(c);
				}
			}
			else if (c == '"' && cell.toString().isBlank() && !wasQuoted) {
				quoted = true;
				wasQuoted = true;
				cell.setLength(0);
			}
			else if (c == ',') {
				cells.add(cell.toString());
				cell.setLength(0);
				wasQuoted = false;
			}
			else {
				cell.append(c);
			}
		}
		if (quoted) {
			return null;
		}
		cells.add(cell.toString());
		return cells;
	}

	/**
	 * @param requests the lines that hold four cells, as grants
	 * @param problems the lines that do not
	 */
	record Parsed(List<RoleGrants.Request> requests, List<RoleGrants.Problem> problems) {
	}

}
