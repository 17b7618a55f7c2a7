package org.rampart.intake.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk record: {@code int length | int crc32c | payload}, payload = {@code u16 idLength | id | json}.
 * The checksum covers the length too, so a torn or zero-filled tail never passes as a record.
 */
final class RecordCodec {
    static final int HEADER = 8;
    private static final int MIN_LENGTH = 2;

    private RecordCodec() {}

    static int encodedSize(JournalRecord record) {
        return HEADER + 2 + record.id().getBytes(StandardCharsets.UTF_8).length + record.payload().length;
    }

    static void encode(JournalRecord record, ByteBuffer out) {
        byte[] id = record.id().getBytes(StandardCharsets.UTF_8);
        if (id.length > Journal.MAX_ID_LENGTH) {
            throw new IllegalArgumentException("record id longer than " + Journal.MAX_ID_LENGTH + " bytes");
        }
        int length = 2 + id.length + record.payload().length;
        int start = out.position();
        out.putInt(length).putInt(0).putShort((short) id.length).put(id).put(record.payload());
        out.putInt(start + 4, checksum(out, start, length));
    }

    /** Whether a header's length field could belong to a record at all (checked before reading that many bytes). */
    static boolean plausibleLength(int length, int maxRecordSize) {
        return length >= MIN_LENGTH && length <= maxRecordSize;
    }

    /**
     * Whether {@code record} (header and payload, from index 0) is one this codec wrote: its checksum holds and its id
     * length fits. Both are needed when looking for the next record after a corrupt one, where any byte may be tried.
     */
    static boolean valid(ByteBuffer record) {
        int length = record.getInt(0);
        if (record.limit() != HEADER + length || checksum(record, 0, length) != record.getInt(4)) {
            return false;
        }
        int idLength = Short.toUnsignedInt(record.getShort(HEADER));
        return idLength <= Journal.MAX_ID_LENGTH && 2 + idLength <= length;
    }

    /** The checksum of the length field and the payload that follows the header at {@code start}. */
    static int checksum(ByteBuffer buffer, int start, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(start, 4));
        crc.update(buffer.slice(start + HEADER, length));
        return (int) crc.getValue();
    }

    /** Decodes a record that is {@link #valid}. */
    static JournalEntry decode(ByteBuffer record, long position, boolean replayed) {
        ByteBuffer payload = record.position(HEADER);
        int idLength = Short.toUnsignedInt(payload.getShort());
        byte[] id = new byte[idLength];
        payload.get(id);
        byte[] json = new byte[payload.remaining()];
        payload.get(json);
        return new JournalEntry(position, position + record.limit(), new String(id, StandardCharsets.UTF_8), json, replayed);
    }
}
