package fr.sesame.auth.admin.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CsvAssignmentsTest {

	@Test
	void rowsKeepTheirLineNumbers() {
		CsvAssignments.Parsed parsed = CsvAssignments.parse("\uFEFFLogin, Client,ROLE,expires_at\r\n"
				+ "jdupont,demo-portal,agent,\r\n\r\n" + "\"d'aragon, marie\",demo-portal,\"officier \"\"ec\"\"\",2027-06-30\n"
				+ "too,few\n" + "\"open,demo-portal,agent,\n", 10);

		assertThat(parsed.requests()).extracting(RoleGrants.Request::line, RoleGrants.Request::login,
				RoleGrants.Request::role, RoleGrants.Request::expiresAt)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(2, "jdupont", "agent", ""),
					org.assertj.core.groups.Tuple.tuple(4, "d'aragon, marie", "officier \"ec\"", "2027-06-30"));
		assertThat(parsed.problems()).extracting(RoleGrants.Problem::line, RoleGrants.Problem::error)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(5, "invalid_line"),
					org.assertj.core.groups.Tuple.tuple(6, "invalid_line"));
	}

	@Test
	void theHeaderIsRequired() {
		assertThatExceptionOfType(AdminApiException.class)
			.isThrownBy(() -> CsvAssignments.parse("jdupont,demo-portal,agent,\n", 10))
			.withMessage("Line 1 must be the header login,client,role,expires_at");
		assertThatExceptionOfType(AdminApiException.class).isThrownBy(() -> CsvAssignments.parse("\n\n", 10))
			.withMessageStartingWith("The file is empty");
		assertThatExceptionOfType(AdminApiException.class)
			.isThrownBy(() -> CsvAssignments.parse("login,client,role,expires_at\n", 10))
			.withMessage("The file has a header but no row");
	}

	@Test
	void tooManyRowsAreRefusedAsAWhole() {
		String csv = "login,client,role,expires_at\n" + "a,b,c,\n".repeat(4);
		assertThat(CsvAssignments.parse(csv, 4).requests()).hasSize(4);
		assertThatExceptionOfType(AdminApiException.class).isThrownBy(() -> CsvAssignments.parse(csv, 3))
			.satisfies((ex) -> assertThat(ex.status().value()).isEqualTo(413));
	}

}
