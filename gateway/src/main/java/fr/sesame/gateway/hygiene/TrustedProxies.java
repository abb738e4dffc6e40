package fr.sesame.gateway.hygiene;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The reverse proxies in front of the gateway ({@code sesame.gateway.trusted-proxies}: addresses or CIDR blocks).
 * Only their {@code X-Forwarded-*} headers are believed.
 */
public final class TrustedProxies {

	private final List<Block> blocks;

	public TrustedProxies(List<String> entries) {
		this.blocks = entries.stream().map(Block::parse).toList();
	}

	public boolean isEmpty() {
		return this.blocks.isEmpty();
	}

	public boolean isTrusted(InetSocketAddress remote) {
		return remote != null && remote.getAddress() != null && isTrusted(remote.getAddress());
	}

	public boolean isTrusted(InetAddress address) {
		for (Block block : this.blocks) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** Parses a literal address without any name lookup; anything else is not an address. */
	public static InetAddress literal(String value) {
		String candidate = value.trim();
		if (candidate.startsWith("[") && candidate.endsWith("]")) {
			candidate = candidate.substring(1, candidate.length() - 1);
		}
		if (candidate.isEmpty() || !isAddressCharacters(candidate)) {
			return null;
		}
		try {
			return InetAddress.getByName(candidate);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** {@code [0-9a-fA-F:.]+}, without compiling a pattern on every request (this runs several times per request). */
	private static boolean isAddressCharacters(String candidate) {
		for (int i = 0; i < candidate.length(); i++) {
			char c = candidate.charAt(i);
			boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
					|| c == '.';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	private record Block(byte[] network, int prefixLength) {

		static Block parse(String entry) {
			int slash = entry.indexOf('/');
			InetAddress address = literal((slash < 0) ? entry : entry.substring(0, slash));
			if (address == null) {
				throw new IllegalArgumentException(
						"sesame.gateway.trusted-proxies: '" + entry + "' is not an IP address or CIDR block");
			}
			int bits = address.getAddress().length * 8;
			int prefix = (slash < 0) ? bits : Integer.parseInt(entry.substring(slash + 1));
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException(
						"sesame.gateway.trusted-proxies: '" + entry + "' has a prefix length above " + bits);
			}
			return new Block(address.getAddress(), prefix);
		}

		boolean contains(InetAddress address) {
			byte[] candidate = address.getAddress();
			if (candidate.length != this.network.length) {
				return false;
			}
			int full = this.prefixLength / 8;
			for (int i = 0; i < full; i++) {
				if (candidate[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefixLength % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (candidate[full] & mask) == (this.network[full] & mask);
		}

	}

}
