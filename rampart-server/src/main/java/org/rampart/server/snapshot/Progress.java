package org.rampart.server.snapshot;

/** Told how far a long copy is, for a progress line on the terminal. */
public interface Progress {
    /** Nothing shown: a copy inside the server, which logs its result instead. */
    Progress NONE = new Progress() {
        @Override
        public void start(String what, long totalBytes, long events) {}

        @Override
        public void advance(long files, long bytes) {}

        @Override
        public void finish() {}
    };

    /** A copy of about {@code totalBytes} holding {@code events} events (0: not known) begins. */
    void start(String what, long totalBytes, long events);

    /** {@code files} more files and {@code bytes} more bytes were copied. */
    void advance(long files, long bytes);

    /** The copy is complete. */
    void finish();
}
