package fr.sesame.directory.flavour;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * {@code objectGUID} is 16 raw bytes whose first three fields are little-endian (Microsoft's GUID layout), so the
 * UUID string AD tools show is not the bytes read in order.
 */
public final class ActiveDirectoryGuid {

	private ActiveDirectoryGuid() {
	}

	public static UUID toUuid(byte[] guid) {
		if (guid == null || guid.length != 16) {
			throw new IllegalArgumentException("An objectGUID has 16 bytes");
		}
		ByteBuffer little = ByteBuffer.wrap(guid).order(ByteOrder.LITTLE_ENDIAN);
		long timeLow = little.getInt(0) & 0xFFFFFFFFL;
		long timeMid = little.getShort(4) & 0xFFFFL;
		long timeHigh = little.getShort(6) & 0xFFFFL;
		long most = (timeLow << 32) | (timeMid << 16) | timeHigh;
		long least = ByteBuffer.wrap(guid).order(ByteOrder.BIG_ENDIAN).getLong(8);
		return new UUID(most, least);
	}

	public static byte[] toBytes(UUID uuid) {
		ByteBuffer buffer = ByteBuffer.allocate(16);
		long most = uuid.getMostSignificantBits();
		buffer.order(ByteOrder.LITTLE_ENDIAN);
		buffer.putInt(0, (int) (most >>> 32));
		buffer.putShort(4, (short) (most >>> 16));
		buffer.putShort(6, (short) most);
		buffer.order(ByteOrder.BIG_ENDIAN);
		buffer.putLong(8, uuid.getLeastSignificantBits());
		return buffer.array();
	}

}
