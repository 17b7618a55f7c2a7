package org.rampart.intake.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6587 framing, detected per message, across any chunking. */
class SyslogFramesTest {

    private static List<String> feed(SyslogFrames frames, String stream) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        return frames.feed(bytes, bytes.length).stream().map(f -> new String(f.bytes(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void octetCountingAndNewlinesMixedInOneStream() {
        SyslogFrames frames = new SyslogFrames(1000);
        String stream = "11 <14>a\nb c d<14>newline one\r\n\n5 <1>xy12:30 starts with digits\n";
        assertThat(feed(frames, stream)).containsExactly("<14>a\nb c d", "<14>newline one", "<1>xy", "12:30 starts with digits");
        assertThat(frames.finish()).isNull();
    }

    @Test
    void theSameMessagesWhateverTheChunking() {
        String stream = "11 <14>a\nb c d<14>line\n27 <14>1 - h app - - - counted\n";
        List<String> expected = List.of("<14>a\nb c d", "<14>line", "<14>1 - h app - - - counted");
        for (int chunk = 1; chunk <= stream.length(); chunk++) {
            SyslogFrames frames = new SyslogFrames(1000);
            List<String> got = new ArrayList<>();
            for (int at = 0; at < stream.length(); at += chunk) {
                got.addAll(feed(frames, stream.substring(at, Math.min(stream.length(), at + chunk))));
            }
            assertThat(got).as("chunks of %d", chunk).isEqualTo(expected);
        }
    }

    @Test
    void longMessagesAreCutAndTheRestSkipped() {
        SyslogFrames frames = new SyslogFrames(8);
        byte[] stream = ("20 " + "a".repeat(20) + "b".repeat(30) + "\nshort\n").getBytes(StandardCharsets.UTF_8);
        List<SyslogFrames.Frame> got = frames.feed(stream, stream.length);
        assertThat(got).extracting(f -> new String(f.bytes(), StandardCharsets.UTF_8))
                .containsExactly("aaaaaaaa", "bbbbbbbb", "short");
        assertThat(got).extracting(SyslogFrames.Frame::truncated).containsExactly(true, true, false);
    }

    @Test
    void theMessageUnderWayAtTheEndIsKept() {
        SyslogFrames frames = new SyslogFrames(100);
        assertThat(feed(frames, "<14>done\n<14>no newline")).containsExactly("<14>done");
        assertThat(new String(frames.finish().bytes(), StandardCharsets.UTF_8)).isEqualTo("<14>no newline");

        SyslogFrames counted = new SyslogFrames(100);
        assertThat(feed(counted, "30 <14>cut short")).isEmpty();
        assertThat(new String(counted.finish().bytes(), StandardCharsets.UTF_8)).isEqualTo("<14>cut short");
    }
}
