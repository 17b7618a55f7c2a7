package org.rampart.intake.sqs;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The SDK clients of one input, over one apache5 HTTP client: SQS, and for CloudTrail S3 (through an STS assumed
 * role when {@code assume_role_arn} is set; the provider renews the session before it expires).
 */
final class AwsClients implements Closeable {
    private final SdkHttpClient http = Apache5HttpClient.builder().build();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final SqsInputSettings settings;
    private final AwsCredentialsProvider credentials;
    private boolean closed;

    AwsClients(SqsInputSettings settings) {
        this.settings = settings;
        this.credentials = settings.accessKeyId().isEmpty() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }

    SqsClient sqs() {
        SqsClientBuilder builder = configure(SqsClient.builder());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        SqsClient client = builder.build();
        opened.add(client);
        return client;
    }

    /** Where CloudTrail's log files are read. */
    LogFiles logFiles() {
        AwsCredentialsProvider s3Credentials = credentials;
        if (!settings.assumeRoleArn().isEmpty()) {
            StsClient sts = configure(StsClient.builder()).build();
            StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn(settings.assumeRoleArn()).roleSessionName("rampart-" + settings.name()))
                    .build();
            opened.add(assumed);
            opened.add(sts);
            s3Credentials = assumed;
        }
        S3ClientBuilder builder = configure(S3Client.builder()).credentialsProvider(s3Credentials);
        if (settings.s3Endpoint() != null) {
            // S3-compatible servers often lack AWS's newer flexible checksums (S3Proxy refuses the header outright).
            builder.endpointOverride(settings.s3Endpoint()).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        S3Client s3 = builder.build();
        opened.add(s3);
        return (bucket, key) -> {
            try {
                return s3.getObject(r -> r.bucket(bucket).key(key));
            } catch (SdkException e) {
                // Left in the queue: it is received again after the visibility timeout (a dead-letter queue ends that).
                throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
            }
        };
    }

    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B
            configure(B builder) {
        builder.httpClient(http).credentialsProvider(credentials);
        if (!settings.region().isEmpty()) {
            builder.region(Region.of(settings.region()));
        }
        return builder;
    }

    /** Closes every client once; a request in progress fails. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable client : opened.reversed()) {
            try {
                client.close();
            } catch (Exception e) {
                // closing: nothing left to do with it
            }
        }
        http.close();
    }
}
