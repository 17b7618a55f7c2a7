import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a MaxMind DB (MMDB) of autonomous systems from ip-location-db ASN CSV files, because the npm registry
 * offers that data only as CSV. Each CSV line is {@code first_ip,last_ip,as_number,"as organisation"} (IPv4 or
 * IPv6); each record gets GeoLite2-ASN's fields, {@code autonomous_system_number} and
 * {@code autonomous_system_organization}, so any MaxMind reader looks it up as it looks up GeoLite2-ASN. One
 * IPv6 tree holds both families, IPv4 under {@code ::/96} where MaxMind readers look for it.
 *
 * <p>Usage: {@code java scripts/AsnCsvToMmdb.java OUT.mmdb CSV...} (a single-file program: needs only a JDK).
 * Later lines win where ranges overlap.
 */
public final class AsnCsvToMmdb {
    private static final int BITS = 128;
    private static final int EMPTY = -1;
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
            'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

    // MMDB data types
    private static final int UTF8 = 2;
    private static final int UINT16 = 5;
    private static final int UINT32 = 6;
    private static final int MAP = 7;
    private static final int UINT64 = 9;
    private static final int ARRAY = 11;

    /** The search tree: two records per node; a record is a node index, EMPTY, or -2 - (index of a data record). */
    private int[] records = new int[1 << 16];
    private int nodes = 1;
    private final Map<String, Integer> dataIndex = new HashMap<>();
    private final List<byte[]> data = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java AsnCsvToMmdb.java OUT.mmdb CSV...");
            System.exit(2);
        }
        AsnCsvToMmdb tree = new AsnCsvToMmdb();
        Arrays.fill(tree.records, EMPTY);
        for (int i = 1; i < args.length; i++) {
            tree.addCsv(Path.of(args[i]));
        }
        Path out = Path.of(args[0]);
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        try (OutputStream stream = Files.newOutputStream(partial)) {
            tree.write(stream);
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
    }

    private void addCsv(Path csv) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = csvFields(line);
                if (fields.size() != 4) {
                    throw new IllegalArgumentException(csv + ":" + number + ": expected 4 fields, got " + line);
                }
                int record = dataRecord(Long.parseLong(fields.get(2)), fields.get(3));
                addRange(address(fields.get(0)), address(fields.get(1)), record);
            }
        }
    }

    /** RFC 4180 fields: commas inside quotes, doubled quotes inside quotes. */
    private static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** An address as a 128-bit number; an IPv4 address lies in ::/96. */
    private static BigInteger address(String literal) throws IOException {
        if (!literal.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not an IP address: " + literal); // never a DNS lookup
        }
        return new BigInteger(1, InetAddress.getByName(literal).getAddress());
    }

    private int dataRecord(long asNumber, String organisation) {
        return dataIndex.computeIfAbsent(asNumber + "\n" + organisation, key -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("autonomous_system_number", new Uint(UINT32, asNumber));
            if (!organisation.isEmpty()) {
                fields.put("autonomous_system_organization", organisation);
            }
            data.add(encode(fields));
            return data.size() - 1;
        });
    }

    /** Splits [first, last] into aligned CIDR blocks, largest first. */
    private void addRange(BigInteger first, BigInteger last, int record) {
        BigInteger start = first;
        while (start.compareTo(last) <= 0) {
            int hostBits = start.signum() == 0 ? BITS : start.getLowestSetBit();
            BigInteger remaining = last.subtract(start).add(BigInteger.ONE);
            while (BigInteger.ONE.shiftLeft(hostBits).compareTo(remaining) > 0) {
                hostBits--;
            }
            insert(start, BITS - hostBits, record);
            start = start.add(BigInteger.ONE.shiftLeft(hostBits));
        }
    }

    private void insert(BigInteger network, int prefixLength, int record) {
        if (prefixLength == 0) {
            throw new IllegalArgumentException("a range covering every address is not an ASN");
        }
        int node = 0;
        for (int depth = 0; depth < prefixLength - 1; depth++) {
            int slot = 2 * node + (network.testBit(BITS - 1 - depth) ? 1 : 0);
            int next = records[slot];
            if (next < 0) {
                // An empty record, or a wider network being split: both halves start out as it was.
                int child = newNode();
                records[2 * child] = next;
                records[2 * child + 1] = next;
                records[slot] = child;
                next = child;
            }
            node = next;
        }
        records[2 * node + (network.testBit(BITS - prefixLength) ? 1 : 0)] = -2 - record;
    }

    private int newNode() {
        if (2 * nodes + 2 > records.length) {
            int old = records.length;
            records = Arrays.copyOf(records, old * 2);
            Arrays.fill(records, old, records.length, EMPTY);
        }
        return nodes++;
    }

    private void write(OutputStream out) throws IOException {
        long[] offsets = new long[data.size()];
        long dataSize = 0;
        for (int i = 0; i < data.size(); i++) {
            offsets[i] = dataSize;
            dataSize += data.get(i).length;
        }
        long largest = nodes + 16L + dataSize;
        int recordBytes = largest < (1L << 24) ? 3 : 4;
        if (largest >= (1L << 32)) {
            throw new IllegalStateException("too much data for 32-bit records");
        }
        byte[] tree = new byte[nodes * 2 * recordBytes];
        for (int i = 0; i < 2 * nodes; i++) {
            int r = records[i];
            long value = r >= 0 ? r : r == EMPTY ? nodes : nodes + 16L + offsets[-2 - r];
            for (int b = 0; b < recordBytes; b++) {
                tree[i * recordBytes + b] = (byte) (value >>> (8 * (recordBytes - 1 - b)));
            }
        }
        out.write(tree);
        out.write(new byte[16]);
        for (byte[] d : data) {
            out.write(d);
        }
        out.write(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new Uint(UINT16, 2));
        metadata.put("binary_format_minor_version", new Uint(UINT16, 0));
        metadata.put("build_epoch", new Uint(UINT64, System.currentTimeMillis() / 1000));
        metadata.put("database_type", "ip-location-db-ASN");
        metadata.put("description", Map.of("en", "Autonomous systems from ip-location-db (RouteViews, DB-IP, NRO; CC BY 4.0)"));
        metadata.put("ip_version", new Uint(UINT16, 6));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", new Uint(UINT32, nodes));
        metadata.put("record_size", new Uint(UINT16, recordBytes * 8));
        out.write(encode(metadata));
    }

    /** An unsigned integer of one of the MMDB uint types. */
    private record Uint(int type, long value) {}

    private static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(value, out);
        return out.toByteArray();
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
        switch (value) {
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                control(UTF8, utf8.length, out);
                out.writeBytes(utf8);
            }
            case Uint u -> {
                int length = (Long.SIZE - Long.numberOfLeadingZeros(u.value()) + 7) / 8;
                control(u.type(), length, out);
                for (int b = length - 1; b >= 0; b--) {
                    out.write((int) (u.value() >>> (8 * b)));
                }
            }
            case Map<?, ?> map -> {
                control(MAP, map.size(), out);
                map.forEach((k, v) -> {
                    encode(k, out);
                    encode(v, out);
                });
            }
            case List<?> list -> {
                control(ARRAY, list.size(), out);
                list.forEach(item -> encode(item, out));
            }
            default -> throw new IllegalArgumentException("cannot encode " + value.getClass());
        }
    }

    /** The control byte(s): type in the top 3 bits (0 plus a second byte for extended types), then the size. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        int sizeBits;
        byte[] sizeBytes;
        if (size < 29) {
            sizeBits = size;
            sizeBytes = new byte[0];
        } else if (size < 29 + 256) {
            sizeBits = 29;
            sizeBytes = new byte[] {(byte) (size - 29)};
        } else if (size < 285 + 65536) {
            sizeBits = 30;
            sizeBytes = new byte[] {(byte) ((size - 285) >>> 8), (byte) (size - 285)};
        } else {
            throw new IllegalArgumentException("value too large: " + size);
        }
        out.write(((type <= 7 ? type : 0) << 5) | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        out.writeBytes(sizeBytes);
    }
}
