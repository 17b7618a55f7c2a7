package org.rampart.intake.sqs;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.config.RampartConfig;

/**
 * One SQS input, from the section {@code sqs.inputs.<name>} of the configuration; poll settings the section does not
 * give come from {@code sqs.*}.
 *
 * @param name             the section's name, in logs and metrics
 * @param kind             which MozDef worker it does ({@code kind})
 * @param queueUrl         the queue ({@code queue_url})
 * @param region           AWS region, empty for the SDK's default chain ({@code region})
 * @param endpoint         SQS endpoint instead of AWS's, e.g. ElasticMQ or LocalStack; null for AWS ({@code endpoint})
 * @param s3Endpoint       S3 endpoint instead of AWS's (path-style addressing then); null for AWS ({@code s3_endpoint})
 * @param accessKeyId      static credentials; empty for the SDK's default chain ({@code access_key_id})
 * @param secretAccessKey  goes with {@code accessKeyId}; never logged ({@code secret_access_key})
 * @param assumeRoleArn    role assumed through STS to read S3 (cloudtrail), refreshed before it expires; empty: none
 *                         ({@code assume_role_arn})
 * @param taskExchange     the tag MozDef's {@code taskexchange} option gave (default: the queue's name) ({@code task_exchange})
 * @param waitTime         long polling wait of one receive, 1 to 20 s ({@code wait_time})
 * @param maxMessages      messages one receive asks for, 1 to 10 ({@code max_messages})
 * @param visibilityTimeout how long a received message stays hidden ({@code visibility_timeout})
 * @param maxObjectSize    largest CloudTrail file once unpacked ({@code max_object_size})
 * @param maxEventSize     largest event journaled ({@code intake.max_event_size})
 * @param maxUnconsumed    journal bytes not yet in the store above which nothing is received ({@code journal.max_unconsumed})
 * @param mozdefHostname   {@code mozdefhostname}
 * @param zone             zone of timestamps that carry none ({@code timezone})
 */
public record SqsInputSettings(String name, WorkerKind kind, String queueUrl, String region, URI endpoint, URI s3Endpoint,
        String accessKeyId, String secretAccessKey, String assumeRoleArn, String taskExchange, Duration waitTime,
        int maxMessages, Duration visibilityTimeout, long maxObjectSize, int maxEventSize, long maxUnconsumed,
        String mozdefHostname, ZoneId zone) {

    public SqsInputSettings {
        if (queueUrl.isBlank()) {
            throw new IllegalArgumentException("sqs.inputs." + name + ".queue_url is required");
        }
        if (waitTime.isNegative() || waitTime.toSeconds() > 20 || maxMessages < 1 || maxMessages > 10
                || visibilityTimeout.toSeconds() < 1 || visibilityTimeout.toHours() >= 12) {
            throw new IllegalArgumentException("sqs.inputs." + name + ": wait_time must be 0 to 20 s, max_messages 1 to 10"
                    + " and visibility_timeout 1 s to 12 h (SQS's limits)");
        }
        if (accessKeyId.isBlank() != secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("sqs.inputs." + name + ".access_key_id and secret_access_key go together");
        }
    }

    /** Every section under {@code sqs.inputs}, in file order. */
    public static List<SqsInputSettings> all(RampartConfig config) {
        List<SqsInputSettings> inputs = new ArrayList<>();
        for (String name : config.sections("sqs.inputs")) {
            inputs.add(of(config, name));
        }
        return inputs;
    }

    private static SqsInputSettings of(RampartConfig config, String name) {
        String section = "sqs.inputs." + name + ".";
        String queueUrl = own(config, section, "queue_url").strip();
        String exchange = own(config, section, "task_exchange").strip();
        return new SqsInputSettings(name, WorkerKind.named(required(config, section, "kind")), queueUrl,
                orDefault(config, section, "region").strip(), uri(own(config, section, "endpoint")),
                uri(own(config, section, "s3_endpoint")), own(config, section, "access_key_id").strip(),
                own(config, section, "secret_access_key").strip(), own(config, section, "assume_role_arn").strip(),
                exchange.isEmpty() ? queueName(queueUrl) : exchange,
                config.has(section + "wait_time") ? config.duration(section + "wait_time") : config.duration("sqs.wait_time"),
                config.has(section + "max_messages") ? config.integer(section + "max_messages") : config.integer("sqs.max_messages"),
                config.has(section + "visibility_timeout") ? config.duration(section + "visibility_timeout")
                        : config.duration("sqs.visibility_timeout"),
                config.has(section + "max_object_size") ? config.size(section + "max_object_size") : config.size("sqs.max_object_size"),
                (int) Math.min(Integer.MAX_VALUE, config.size("intake.max_event_size")), config.size("journal.max_unconsumed"),
                config.mozdefHostname(), config.zone());
    }

    private static String required(RampartConfig config, String section, String key) {
        String value = own(config, section, key);
        if (value.isBlank()) {
            throw new IllegalArgumentException(section + key + " is required");
        }
        return value;
    }

    private static String own(RampartConfig config, String section, String key) {
        return config.has(section + key) ? config.string(section + key) : "";
    }

    private static String orDefault(RampartConfig config, String section, String key) {
        return config.has(section + key) ? config.string(section + key) : config.string("sqs." + key);
    }

    private static URI uri(String text) {
        return text.isBlank() ? null : URI.create(text.strip());
    }

    /** The last segment of a queue URL: MozDef's workers were configured with the queue's name. */
    static String queueName(String queueUrl) {
        String trimmed = queueUrl.endsWith("/") ? queueUrl.substring(0, queueUrl.length() - 1) : queueUrl;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** Without the secret, for logs. */
    @Override
    public String toString() {
        return "sqs input " + name + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ", " + queueUrl + ")";
    }
}
