package org.rampart.alerts.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.rampart.event.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * The Slack triage bot's AWS Lambda function. Its name is found by listing the functions for the first whose name
 * starts with {@code slack_bot_function_name_prefix} (the deployed name carries a generated suffix), else it is
 * {@code aws_lambda_function}; the name found is kept for {@code l_fn_name_validity_window_seconds}. Requests are
 * invoked asynchronously ({@code InvocationType: Event}), as MozDef does.
 */
final class TriageLambda implements AutoCloseable {

    private final LambdaClient client;
    private final String prefix;
    private final String fallback;
    private final Duration nameValidity;
    private final Clock clock;
    private String functionName;
    private Instant nameExpiry = Instant.MIN;

    /**
     * @param prefix the name prefix to look for, or "" to skip listing
     * @param fallback the function invoked when none has the prefix, or "" for none
     */
    TriageLambda(LambdaClient client, String prefix, String fallback, Duration nameValidity, Clock clock) {
        this.client = client;
        this.prefix = prefix;
        this.fallback = fallback;
        this.nameValidity = nameValidity;
        this.clock = clock;
    }

    /**
     * A Lambda client for the region. With no access key the SDK's default chain finds the credentials (environment,
     * instance role). {@code endpoint} (may be null) replaces AWS's, for a local stand-in. The SDK does not retry:
     * the alert action queue does.
     */
    static LambdaClient client(String region, String accessKeyId, String secretAccessKey, URI endpoint,
            Duration timeout) {
        AwsCredentialsProvider credentials = accessKeyId.isEmpty() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        LambdaClientBuilder builder = LambdaClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Invokes the function with the request; an AWS error or an unreachable endpoint throws. */
    void invoke(AlertTriageRequest request) throws JsonProcessingException {
        byte[] payload = Json.MAPPER.writeValueAsBytes(request.toJson());
        String function = functionName();
        client.invoke(b -> b.functionName(function).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromByteArrayUnsafe(payload)));
    }

    /** The function to invoke: listed by prefix, or the fallback; kept for the validity window. */
    private synchronized String functionName() {
        Instant now = clock.instant();
        if (functionName != null && now.isBefore(nameExpiry)) {
            return functionName;
        }
        String found = prefix.isEmpty() ? null : client.listFunctionsPaginator().functions().stream()
                .map(FunctionConfiguration::functionName)
                .filter(name -> name.startsWith(prefix))
                .findFirst().orElse(null);
        if (found == null && fallback.isEmpty()) {
            throw new IllegalStateException("no Lambda function's name starts with \"" + prefix
                    + "\" and \"aws_lambda_function\" is not set");
        }
        functionName = found == null ? fallback : found;
        nameExpiry = now.plus(nameValidity);
        return functionName;
    }

    @Override
    public void close() {
        client.close();
    }
}
