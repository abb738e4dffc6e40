package fr.sesame.auth.mfa.totp;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import io.nayuki.qrcodegen.QrCode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import fr.sesame.auth.mfa.totp.Totp.Algorithm;

import static org.assertj.core.api.Assertions.assertThat;

/** The otpauth URI and its QR code as the enrolment page shows them. */
class EnrolmentRenderingTest {

	private static final String URI = "otpauth://totp/S%C3%A9same:j.dupont@rivebelle.fr?secret=JBSWY3DPEHPK3PXP"
			+ "&issuer=S%C3%A9same&algorithm=SHA1&digits=6&period=30";

	@Test
	void otpauthUriFollowsTheKeyUriFormat() {
		Totp totp = new Totp(Algorithm.SHA1, 6, Duration.ofSeconds(30));
		assertThat(OtpauthUri.of("Sésame", "j.dupont@rivebelle.fr", "JBSWY3DPEHPK3PXP", totp)).isEqualTo(URI);
	}

	@Test
	void otpauthLabelsAreEncodedSoThatNoPartSpillsIntoAnother() {
		Totp totp = new Totp(Algorithm.SHA512, 8, Duration.ofSeconds(60));
		assertThat(OtpauthUri.of("Mairie de Rivebelle", "jean marie:x?y&z=1#f/g+h", "AB", totp))
			.isEqualTo("otpauth://totp/Mairie%20de%20Rivebelle:jean%20marie%3Ax%3Fy%26z%3D1%23f%2Fg%2Bh?secret=AB"
					+ "&issuer=Mairie%20de%20Rivebelle&algorithm=SHA512&digits=8&period=60");
	}

	@Test
	void svgIsAccessibleCrispAndHoldsTheExactModules() throws Exception {
		String svg = QrCodeSvg.render(URI, "QR code à scanner");
		Element root = parse(svg).getDocumentElement();
		assertThat(root.getTagName()).isEqualTo("svg");
		assertThat(root.getAttribute("role")).isEqualTo("img");
		assertThat(root.getAttribute("aria-label")).isEqualTo("QR code à scanner");
		assertThat(root.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("QR code à scanner");
		assertThat(root.getAttribute("shape-rendering")).isEqualTo("crispEdges");

		QrCode expected = QrCode.encodeText(URI, QrCode.Ecc.MEDIUM);
		int extent = expected.size + 8;
		assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 " + extent + " " + extent);

		// Paint the path back into a grid: exactly the dark modules, shifted by the quiet zone of four.
		boolean[][] painted = new boolean[extent][extent];
		String d = ((Element) root.getElementsByTagName("path").item(0)).getAttribute("d");
		Matcher run = Pattern.compile("M(\\d+),(\\d+)h(\\d+)v1h-(\\d+)z").matcher(d);
		int consumed = 0;
		while (run.find()) {
			assertThat(run.start()).isEqualTo(consumed);
			consumed = run.end();
			int x = Integer.parseInt(run.group(1));
			int y = Integer.parseInt(run.group(2));
			int length = Integer.parseInt(run.group(3));
			assertThat(run.group(4)).isEqualTo(run.group(3));
			for (int i = 0; i < length; i++) {
				assertThat(painted[y][x + i]).isFalse();
				painted[y][x + i] = true;
			}
		}
		assertThat(consumed).isEqualTo(d.length());
		for (int y = 0; y < extent; y++) {
			for (int x = 0; x < extent; x++) {
				boolean inCode = x >= 4 && y >= 4 && x < 4 + expected.size && y < 4 + expected.size;
				boolean dark = inCode && expected.getModule(x - 4, y - 4);
				assertThat(painted[y][x]).as("module %d,%d", x, y).isEqualTo(dark);
			}
		}
	}

	@Test
	void titleIsEscaped() throws Exception {
		String title = "<script>alert(1)</script> \"quoted\" & 'single' \u0007";
		String svg = QrCodeSvg.render(URI, title);
		assertThat(svg).doesNotContain("<script>").doesNotContain("\u0007");
		Element root = parse(svg).getDocumentElement();
		assertThat(root.getAttribute("aria-label")).isEqualTo("<script>alert(1)</script> \"quoted\" & 'single' ");
		assertThat(root.getElementsByTagName("title").item(0).getTextContent())
			.isEqualTo("<script>alert(1)</script> \"quoted\" & 'single' ");
		// Nothing but the title, the background and the modules: no element came in through the title.
		assertThat(root.getElementsByTagName("*").getLength()).isEqualTo(3);
	}

	private static Document parse(String svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
	}

}
