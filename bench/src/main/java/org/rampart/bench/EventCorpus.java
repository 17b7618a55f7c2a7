package org.rampart.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.rampart.event.Json;

/**
 * A pool of realistic MozDef events (sshd, auditd, Bro, CloudTrail, LDAP, firewall), each about
 * 550 bytes of single-line JSON, pre-generated so that producing load costs no CPU.
 */
public final class EventCorpus {
    /** The bulk action line that precedes every event; MozDef's /_bulk skips lines with an {@code index} key. */
    static final byte[] BULK_ACTION = "{\"index\":{\"_index\":\"events\"}}\n".getBytes(StandardCharsets.UTF_8);

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final List<String> USERS = List.of("john", "bob", "mary", "alice", "jdoe", "mallory", "trent",
            "peggy", "victor", "walter", "root", "admin", "deploy", "jenkins", "postgres", "ubuntu", "ec2-user",
            "svc-backup", "oscar", "carol");
    private static final List<String> HOSTS = List.of("web", "db", "git", "proxy", "ldap", "build", "mail", "vpn",
            "bastion", "node", "kafka", "cache");
    private static final List<String> SITES = List.of("scl3", "mdc1", "use1", "euw1", "corp", "dmz");
    private static final List<String> EXECUTABLES = List.of("/bin/bash", "/usr/bin/python3", "/usr/bin/curl",
            "/usr/bin/wget", "/bin/ls", "/usr/sbin/sshd", "/usr/bin/sudo", "/usr/bin/tar", "/usr/bin/nc",
            "/usr/java/jdk1.8.0_31/jre/bin/java", "/usr/bin/rsync", "/usr/bin/git");
    private static final List<String> COMMANDS = List.of("/bin/sh -c /bin/ls -laR /dev", "curl -s https://example.com/install.sh",
            "python3 manage.py migrate", "tar czf /tmp/backup.tgz /etc", "git pull --ff-only", "rsync -a /srv/ backup:/srv/",
            "sudo systemctl restart nginx", "nc -lvp 4444", "java -jar app.jar --spring.profiles.active=prod");
    private static final List<String> AWS_CALLS = List.of("DescribeInstances", "DescribeTrails", "ListBuckets",
            "GetObject", "PutObject", "AssumeRole", "CreateAccessKey", "ConsoleLogin", "RunInstances",
            "AuthorizeSecurityGroupIngress", "DeleteTrail", "GetCallerIdentity");
    private static final List<String> AWS_SOURCES = List.of("ec2.amazonaws.com", "cloudtrail.amazonaws.com",
            "s3.amazonaws.com", "sts.amazonaws.com", "iam.amazonaws.com", "signin.amazonaws.com");
    private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2");
    private static final List<String> AGENTS = List.of("aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12",
            "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.0 lang/python#3.11.8",
            "aws-sdk-java/1.12.670 Linux/5.10.210 OpenJDK_64-Bit_Server_VM/17.0.10+7 java/17.0.10",
            "console.amazonaws.com", "terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0");
    private static final List<String> SERVICES = List.of("http", "ssl", "dns", "ssh", "smtp", "-", "ntp", "krb");
    private static final List<String> CONN_STATES = List.of("SF", "S0", "REJ", "RSTO", "RSTR", "SH", "OTH", "S1");
    private static final List<String> NOTICES = List.of("Scan::Port_Scan", "Scan::Address_Scan",
            "SSH::Password_Guessing", "MozillaHTTPErrors::Excessive_HTTP_Errors_Attacker", "SSL::Invalid_Server_Cert",
            "CaptureLoss::Too_Much_Loss");
    private static final List<Integer> BRO_PORTS = List.of(443, 80, 53, 22, 25, 123, 8080, 3306);
    private static final List<String> SEVERITIES = List.of("INFO", "INFO", "INFO", "NOTICE", "WARNING", "ERROR", "DEBUG");

    private final byte[][] pool;
    private final long totalBytes;

    private EventCorpus(byte[][] pool) {
        this.pool = pool;
        long total = 0;
        for (byte[] event : pool) {
            total += event.length;
        }
        this.totalBytes = total;
    }

    /**
     * Generates {@code size} distinct events from {@code seed}; the same seed and {@code end} give the same bytes.
     * Event times spread over the ten minutes before {@code end}, so they land in today's partition.
     */
    public static EventCorpus generate(long seed, int size, Instant end) {
        return generate(seed, size, end, Mix.CORPUS);
    }

    /** Which events a corpus holds. */
    public enum Mix {
        /** The realistic MozDef mix above, about 540 bytes, public addresses for GeoIP. */
        CORPUS,
        /**
         * What a quick {@code wrk} script sends: one flat shape of about 230 bytes, eight fields, internal addresses
         * only (no GeoIP hit), a short summary; cheap to parse, map and index.
         */
        SYNTHETIC
    }

    /** As {@link #generate(long, int, Instant)}, with events of the given mix. */
    public static EventCorpus generate(long seed, int size, Instant end, Mix mix) {
        if (size < 1) {
            throw new IllegalArgumentException("a corpus needs at least one event, got size " + size);
        }
        Instant start = end.minusSeconds(600);
        long spreadMillis = 600_000L;
        byte[][] pool = new byte[size][];
        // One random stream per event, so the pool fills in parallel and stays the same for a seed.
        IntStream.range(0, size).parallel().forEach(i -> {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            Instant at = start.plusMillis(spreadMillis * i / size);
            pool[i] = serialize(mix == Mix.SYNTHETIC ? synthetic(random, at, i) : event(random, at));
        });
        return new EventCorpus(pool);
    }

    /** This corpus with each event replaced by what {@code each} makes of its bytes; the original where it returns null. */
    public EventCorpus map(UnaryOperator<byte[]> each) {
        byte[][] mapped = new byte[pool.length][];
        for (int i = 0; i < pool.length; i++) {
            byte[] made = each.apply(pool[i]);
            mapped[i] = made == null ? pool[i] : made;
        }
        return new EventCorpus(mapped);
    }

    /** Number of distinct events; {@link #event(long)} cycles through them. */
    public int size() {
        return pool.length;
    }

    /** The {@code i}-th event of an endless stream, as single-line JSON (no trailing newline); do not modify. */
    public byte[] event(long i) {
        return pool[(int) Math.floorMod(i, (long) pool.length)];
    }

    /** Mean size of one event in bytes. */
    public double averageBytes() {
        return (double) totalBytes / pool.length;
    }

    /** An Elasticsearch bulk (NDJSON) body holding events {@code from .. from+count-1}, each after an index action. */
    public byte[] bulkBody(long from, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                (long) count * (long) (averageBytes() + BULK_ACTION.length + 64)));
        for (int i = 0; i < count; i++) {
            out.writeBytes(BULK_ACTION);
            out.writeBytes(event(from + i));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static byte[] serialize(ObjectNode event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an in-memory tree always serializes", e);
        }
    }

    /** Kinds of event with their weights: a mix like a small company's feed. */
    private static final List<Kind> KINDS = List.of(
            new Kind(30, EventCorpus::sshd),
            new Kind(15, EventCorpus::auditd),
            new Kind(20, EventCorpus::broConn),
            new Kind(5, EventCorpus::broNotice),
            new Kind(10, EventCorpus::cloudtrail),
            new Kind(10, EventCorpus::ldap),
            new Kind(10, EventCorpus::firewall));
    private static final int TOTAL_WEIGHT = KINDS.stream().mapToInt(Kind::weight).sum();

    private record Kind(int weight, BiConsumer<Gen, ObjectNode> fill) {}

    private static ObjectNode event(SplittableRandom random, Instant at) {
        int pick = random.nextInt(TOTAL_WEIGHT);
        Kind kind = KINDS.get(KINDS.size() - 1);
        for (Kind k : KINDS) {
            if (pick < k.weight()) {
                kind = k;
                break;
            }
            pick -= k.weight();
        }
        ObjectNode event = Json.object();
        // A shipper sends its own time; utctimestamp and receivedtimestamp are the SIEM's to set.
        event.put("timestamp", ISO.format(at));
        kind.fill().accept(new Gen(random, at), event);
        return event;
    }

    private static ObjectNode synthetic(SplittableRandom random, Instant at, int i) {
        Gen g = new Gen(random, at);
        ObjectNode event = Json.object();
        event.put("timestamp", ISO.format(at));
        event.put("category", "synthetic");
        event.put("hostname", g.host());
        event.put("severity", "INFO");
        event.put("summary", "synthetic load event " + i);
        ObjectNode details = event.putObject("details");
        details.put("sourceipaddress", g.internalIp());
        details.put("user", g.user());
        details.put("count", random.nextInt(1000));
        return event;
    }

    /** Random choices for one event. */
    private record Gen(SplittableRandom random, Instant at) {
        String pick(List<String> values) {
            return values.get(random.nextInt(values.size()));
        }

        String host() {
            return pick(HOSTS) + (1 + random.nextInt(40)) + "." + pick(SITES) + ".example.com";
        }

        String user() {
            return pick(USERS);
        }

        String internalIp() {
            return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        }

        /** A public-looking address drawn from the documentation and otherwise common ranges. */
        String externalIp() {
            int first = 1 + random.nextInt(222);
            if (first == 10 || first == 127 || first == 172 || first == 192) {
                first = 203;
            }
            return first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        }

        int port() {
            return 1024 + random.nextInt(64511);
        }

        int pid() {
            return 100 + random.nextInt(65000);
        }

        String hex(int length) {
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(Character.forDigit(random.nextInt(16), 16));
            }
            return s.toString();
        }

        String syslogTime() {
            return SYSLOG.format(at);
        }
    }

    private static void syslogHeader(Gen g, ObjectNode event, String category, String program, String severity) {
        event.put("category", category);
        event.put("hostname", g.host());
        event.put("processid", String.valueOf(g.pid()));
        event.put("processname", program);
        event.put("severity", severity);
        event.put("source", "systemslogs");
    }

    private static void sshd(Gen g, ObjectNode event) {
        syslogHeader(g, event, "syslog", "sshd", g.pick(SEVERITIES));
        String user = g.user();
        String ip = g.random().nextInt(3) == 0 ? g.externalIp() : g.internalIp();
        int port = g.port();
        String summary = switch (g.random().nextInt(5)) {
            case 0 -> "Accepted publickey for " + user + " from " + ip + " port " + port + " ssh2: RSA SHA256:" + g.hex(16);
            case 1 -> "Failed password for invalid user " + user + " from " + ip + " port " + port + " ssh2";
            case 2 -> "Did not receive identification string from " + ip + " port " + port;
            case 3 -> "Connection closed by authenticating user " + user + " " + ip + " port " + port + " [preauth]";
            default -> "pam_unix(sshd:session): session opened for user " + user + "(uid=" + (1000 + g.random().nextInt(500)) + ") by (uid=0)";
        };
        event.put("summary", summary);
        ObjectNode details = event.putObject("details");
        details.put("program", "sshd");
        details.put("processid", event.get("processid").asText());
        details.put("hostname", event.get("hostname").asText());
        details.put("username", user);
        details.put("sourceipaddress", ip);
        details.put("sourceport", port);
        details.put("timestamp", g.syslogTime());
        details.put("facility", "auth");
        tags(event, "sshd", "syslog");
    }

    private static void auditd(Gen g, ObjectNode event) {
        event.put("category", "execve");
        event.put("hostname", g.host());
        event.put("processid", String.valueOf(g.pid()));
        event.put("processname", "audisp-json");
        event.put("severity", "INFO");
        event.put("source", "auditd");
        String user = g.user();
        String exe = g.pick(EXECUTABLES);
        String command = g.pick(COMMANDS);
        event.put("summary", "Execve: " + command);
        ObjectNode details = event.putObject("details");
        details.put("auid", String.valueOf(1000 + g.random().nextInt(500)));
        details.put("uid", String.valueOf(g.random().nextInt(3) == 0 ? 0 : 1000 + g.random().nextInt(500)));
        details.put("originaluser", user);
        details.put("user", g.random().nextBoolean() ? "root" : user);
        details.put("parentprocess", g.pick(List.of("bash", "sshd", "cron", "java", "python3", "systemd")));
        details.put("processname", exe.substring(exe.lastIndexOf('/') + 1));
        details.put("path", exe);
        details.put("command", command);
        details.put("auditkey", "exec");
        details.put("tty", g.random().nextBoolean() ? "(none)" : "pts" + g.random().nextInt(8));
        details.put("ses", String.valueOf(g.random().nextInt(100000)));
        tags(event, "audisp-json", "2.1.1", "audit");
    }

    private static void broConn(Gen g, ObjectNode event) {
        event.put("category", "bro");
        event.put("hostname", "nsm" + (1 + g.random().nextInt(8)) + ".example.com");
        event.put("processid", "0");
        event.put("processname", "bro");
        event.put("severity", "INFO");
        event.put("source", "conn");
        String src = g.internalIp();
        String dst = g.random().nextInt(4) == 0 ? g.internalIp() : g.externalIp();
        int sport = g.port();
        int dport = BRO_PORTS.get(g.random().nextInt(BRO_PORTS.size()));
        String proto = dport == 53 || dport == 123 ? "udp" : "tcp";
        event.put("summary", src + ":" + sport + " -> " + dst + ":" + dport + " " + proto);
        ObjectNode details = event.putObject("details");
        details.put("uid", "C" + g.hex(17));
        details.put("sourceipaddress", src);
        details.put("sourceport", sport);
        details.put("destinationipaddress", dst);
        details.put("destinationport", dport);
        details.put("proto", proto);
        details.put("service", g.pick(SERVICES));
        details.put("duration", Math.round(g.random().nextDouble() * 30_000) / 1000.0);
        details.put("orig_bytes", g.random().nextInt(200_000));
        details.put("resp_bytes", g.random().nextInt(2_000_000));
        details.put("conn_state", g.pick(CONN_STATES));
        details.put("history", g.pick(List.of("ShADadFf", "S", "ShAdDaFf", "ShR", "Dd")));
        tags(event, "bro", "nsm", "conn");
    }

    private static void broNotice(Gen g, ObjectNode event) {
        event.put("category", "bronotice");
        event.put("hostname", "nsm" + (1 + g.random().nextInt(8)) + ".example.com");
        event.put("processid", "0");
        event.put("processname", "bro");
        event.put("severity", "NOTICE");
        event.put("source", "notice");
        String attacker = g.externalIp();
        String note = g.pick(NOTICES);
        String sub = (50 + g.random().nextInt(500)) + " in 1.0 hr, eps: " + g.random().nextInt(5);
        event.put("summary", note + " " + attacker + " scanned at least " + (15 + g.random().nextInt(200))
                + " unique hosts " + sub);
        ObjectNode details = event.putObject("details");
        details.put("note", note);
        details.put("sub", sub);
        details.put("sourceipaddress", attacker);
        details.put("destinationipaddress", g.internalIp());
        details.put("uid", "C" + g.hex(17));
        details.put("payload", "");
        tags(event, "bro", "nsm", "notice");
    }

    private static void cloudtrail(Gen g, ObjectNode event) {
        event.put("category", "AWSCloudtrail");
        event.put("hostname", g.pick(AWS_SOURCES));
        event.put("processid", "0");
        event.put("processname", "cloudtrail");
        event.put("severity", "INFO");
        event.put("source", "cloudtrail");
        String user = g.user();
        String call = g.pick(AWS_CALLS);
        String region = g.pick(REGIONS);
        String account = String.valueOf(100_000_000_000L + Math.floorMod(g.random().nextLong(), 900_000_000_000L));
        event.put("summary", user + " performed " + call + " in " + region);
        ObjectNode details = event.putObject("details");
        details.put("eventname", call);
        details.put("eventsource", event.get("hostname").asText());
        details.put("awsregion", region);
        details.put("sourceipaddress", g.externalIp());
        details.put("useragent", g.pick(AGENTS));
        ObjectNode identity = details.putObject("useridentity");
        identity.put("type", "IAMUser");
        identity.put("username", user);
        identity.put("arn", "arn:aws:iam::" + account + ":user/" + user);
        identity.put("accountid", account);
        details.put("requestid", g.hex(8) + "-" + g.hex(4) + "-" + g.hex(4) + "-" + g.hex(12));
        tags(event, "aws", "cloudtrail");
    }

    private static void ldap(Gen g, ObjectNode event) {
        event.put("category", "authentication");
        event.put("hostname", "ldap" + (1 + g.random().nextInt(4)) + ".example.com");
        event.put("processid", String.valueOf(g.pid()));
        event.put("processname", "slapd");
        boolean success = g.random().nextInt(4) != 0;
        event.put("severity", success ? "INFO" : "WARNING");
        event.put("source", "ldap");
        String user = g.user() + "@example.com";
        String ip = g.internalIp();
        String result = success ? "LDAP_SUCCESS" : "LDAP_INVALID_CREDENTIALS";
        String dn = "mail=" + user + ",o=com,dc=example";
        event.put("summary", result + " " + dn + " srcIP=" + ip);
        ObjectNode details = event.putObject("details");
        details.put("dn", dn);
        details.put("username", user);
        details.put("success", success);
        details.put("result", result);
        details.put("sourceipaddress", ip);
        details.put("sourceipv4address", ip);
        details.put("conn", String.valueOf(g.random().nextInt(100_000_000)));
        details.put("method", "SIMPLE");
        tags(event, "ldap", "authentication");
    }

    private static void firewall(Gen g, ObjectNode event) {
        event.put("category", "network");
        event.put("hostname", "fw" + (1 + g.random().nextInt(4)) + ".example.com");
        event.put("processid", "0");
        event.put("processname", "RT_FLOW");
        event.put("severity", "INFO");
        event.put("source", "networklogs");
        String src = g.internalIp();
        String dst = g.externalIp();
        int sport = g.port();
        int dport = List.of(443, 80, 53, 22, 993, 5222).get(g.random().nextInt(6));
        String service = dport == 443 ? "junos-https" : dport == 80 ? "junos-http" : "junos-" + dport;
        boolean create = g.random().nextBoolean();
        event.put("summary", (create ? "%-RT_FLOW_SESSION_CREATE: session created " : "%-RT_FLOW_SESSION_CLOSE: session closed TCP FIN: ")
                + src + "/" + sport + "->" + dst + "/" + dport + " " + service + " natrulename None 6 any--any corp external "
                + g.random().nextInt(1_000_000));
        ObjectNode details = event.putObject("details");
        details.put("program", "RT_FLOW");
        details.put("protocol", "6");
        details.put("sourceipaddress", src);
        details.put("sourceport", sport);
        details.put("destinationipaddress", dst);
        details.put("destinationport", String.valueOf(dport));
        details.put("service", service);
        details.put("policy", "any--any");
        details.put("destinationzone", "external");
        tags(event, "firewall", "junos");
    }

    private static void tags(ObjectNode event, String... tags) {
        ArrayNode array = event.putArray("tags");
        for (String tag : tags) {
            array.add(tag);
        }
    }
}
