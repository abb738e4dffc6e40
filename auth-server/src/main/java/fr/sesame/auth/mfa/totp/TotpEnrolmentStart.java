package fr.sesame.auth.mfa.totp;

/**
 * What the enrolment page shows, before confirmation.
 *
 * @param groupedSecret the secret in base32, in groups of four for typing by hand ({@code "JBSW Y3DP ..."})
 * @param otpauthUri what the QR code holds, for a link on mobile devices
 * @param qrCodeSvg a complete {@code <svg>} element, {@code role="img"}, labelled with the title given to
 * {@link TotpFactor#begin}; insert it unescaped (th:utext): it is built and escaped by the server
 */
public record TotpEnrolmentStart(String groupedSecret, String otpauthUri, String qrCodeSvg) {

	@Override
	public String toString() {
		// All three hold the secret: never in a log line.
		return "TotpEnrolmentStart[secret hidden]";
	}

}
