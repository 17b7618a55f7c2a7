package org.rampart.intake.sqs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most {@code limit} bytes, then fails: a gzip bomb in a bucket must not fill the heap. */
final class BoundedStream extends FilterInputStream {
    private final long limit;
    private final String what;
    private long read;

    BoundedStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws IOException {
        read += n;
        if (read > limit) {
            throw new IOException(what + " is larger than sqs.max_object_size (" + limit + " bytes once unpacked)");
        }
    }
}
