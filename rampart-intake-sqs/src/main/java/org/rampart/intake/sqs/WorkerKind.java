package org.rampart.intake.sqs;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which of MozDef's SQS workers an input does ({@code sqs.inputs.<name>.kind}). */
public enum WorkerKind {
    /** esworker_sqs: the body is an event (JSON, or base64 of JSON), mapped by the SQS copy of keyMapping. */
    SQS,
    /** esworker_sns_sqs: the body is an SNS notification whose {@code Message} is the event. */
    SNS,
    /** esworker_cloudtrail: SNS notifications of new CloudTrail log files in S3; one event per record. */
    CLOUDTRAIL,
    /** esworker_guardduty: GuardDuty findings; one event per port probe or API call. */
    GUARDDUTY;

    /** The kind named {@code name} (any case). */
    public static WorkerKind named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown SQS input kind '" + name + "': use one of "
                    + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
