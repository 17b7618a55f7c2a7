package org.rampart.intake.sqs;

import java.io.IOException;
import java.io.InputStream;

/** Where CloudTrail's log files are read from: S3 ({@link AwsClients#logFiles()}). */
interface LogFiles {

    /** The object's bytes as stored (CloudTrail's are gzip); the caller closes the stream. */
    InputStream open(String bucket, String key) throws IOException;
}
