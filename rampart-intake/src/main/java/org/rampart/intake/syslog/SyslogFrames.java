package org.rampart.intake.syslog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a TCP syslog byte stream into messages, detecting the framing per message as RFC 6587 says: a message
 * that starts with a digit is octet-counted ({@code LEN SP MSG}), any other is terminated by LF (a CR before it is
 * dropped). A message longer than {@code maxMessage} bytes is cut there and the rest of it skipped, so a sender can
 * make intake hold at most one message's bound per connection.
 */
final class SyslogFrames {
    /** A message, and whether it was cut at the bound. */
    record Frame(byte[] bytes, boolean truncated) {}

    private enum State { START, LENGTH, COUNTED, LINE }

    /** More length digits than this cannot be a length (10 digits already exceed any message bound). */
    private static final int MAX_LENGTH_DIGITS = 9;

    private final byte[] message;
    private int size;
    private boolean truncated;
    private State state = State.START;
    private long remaining;

    SyslogFrames(int maxMessage) {
        this.message = new byte[maxMessage];
    }

    /** The messages that {@code chunk[0, length)} completes, in order; a partial one waits for the next chunk. */
    List<Frame> feed(byte[] chunk, int length) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            byte b = chunk[i];
            switch (state) {
                case START -> {
                    if (b >= '1' && b <= '9') {
                        state = State.LENGTH;
                        append(b);
                        remaining = b - '0';
                    } else if (b != '\n' && b != '\r') { // blank lines between messages are not messages
                        state = State.LINE;
                        append(b);
                    }
                }
                case LENGTH -> {
                    if (b == ' ') {
                        size = 0;
                        state = State.COUNTED;
                    } else if (b >= '0' && b <= '9' && size < MAX_LENGTH_DIGITS) {
                        append(b);
                        remaining = remaining * 10 + b - '0';
                    } else {
                        // Digits, then not a space: a newline-framed message that starts with a digit.
                        state = State.LINE;
                        i--;
                    }
                }
                case COUNTED -> {
                    // Copy as much of the counted bytes as this chunk holds at once.
                    int take = (int) Math.min(remaining, length - i);
                    appendAll(chunk, i, take);
                    remaining -= take;
                    i += take - 1;
                    if (remaining == 0) {
                        frames.add(take());
                    }
                }
                case LINE -> {
                    if (b == '\n') {
                        if (size > 0 && message[size - 1] == '\r' && !truncated) {
                            size--;
                        }
                        frames.add(take());
                    } else {
                        append(b);
                    }
                }
            }
        }
        return frames;
    }

    /** At the end of the stream: the message under way, if any, as it is (a sender that closes keeps its last line). */
    Frame finish() {
        if (state == State.START) {
            return null;
        }
        return take();
    }

    private void append(byte b) {
        if (size < message.length) {
            message[size++] = b;
        } else {
            truncated = true;
        }
    }

    private void appendAll(byte[] chunk, int from, int count) {
        int fits = Math.min(count, message.length - size);
        System.arraycopy(chunk, from, message, size, fits);
        size += fits;
        truncated |= fits < count;
    }

    private Frame take() {
        Frame frame = new Frame(Arrays.copyOf(message, size), truncated);
        size = 0;
        truncated = false;
        state = State.START;
        return frame;
    }
}
