package org.rampart.intake.sqs;

/** A message its worker cannot read (not JSON, not an object, no S3 location...): MozDef deletes it, and so do we. */
final class MalformedMessage extends Exception {
    MalformedMessage(String reason) {
        super(reason, null, false, false);
    }
}
