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
    /** Length, checksum and id length: what is checked before a record is read whole. */
    static final int PREFIX = HEADER + 2;
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
     * Whether the {@link #PREFIX} bytes at index 0 could start a record: a plausible length and an id length that fits
     * in it. Looking for the next record after a corrupt one tries every byte; this keeps it from reading (and
     * checksumming) megabytes for each candidate that garbage offers.
     */
    static boolean plausiblePrefix(ByteBuffer prefix, int maxRecordSize) {
        int length = prefix.getInt(0);
        int idLength = Short.toUnsignedInt(prefix.getShort(HEADER));
        return plausibleLength(length, maxRecordSize) && idLength <= Journal.MAX_ID_LENGTH && 2 + idLength <= length;
    }

    /** Whether {@code record} (header and payload, from index 0, its prefix {@link #plausiblePrefix plausible}) is whole and its checksum holds. */
    static boolean valid(ByteBuffer record) {
        int length = record.getInt(0);
        return record.limit() == HEADER + length && checksum(record, 0, length) == record.getInt(4);
    }

    /** The checksum of the length field and the payload that follows the header at {@code start}. */
    static int checksum(ByteBuffer buffer, int start, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(start, 4));
        crc.update(buffer.slice(start + HEADER, length));
        return (int) crc.getValue();
    }

    /** Decodes a record whose prefix is plausible and which is {@link #valid}. */
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
