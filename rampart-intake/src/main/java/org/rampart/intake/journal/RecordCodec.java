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

    /** The checksum of the length field and the payload that follows the header at {@code start}. */
    static int checksum(ByteBuffer buffer, int start, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(start, 4));
        crc.update(buffer.slice(start + HEADER, length));
        return (int) crc.getValue();
    }

    /** Decodes a payload whose checksum has been verified. */
    static JournalEntry decode(ByteBuffer payload, long position, long next, boolean replayed) {
        int idLength = Short.toUnsignedInt(payload.getShort());
        byte[] id = new byte[idLength];
        payload.get(id);
        byte[] json = new byte[payload.remaining()];
        payload.get(json);
        return new JournalEntry(position, next, new String(id, StandardCharsets.UTF_8), json, replayed);
    }
}
