package org.rampart.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    /** The first of the two frozen clocks the MozDef fixtures were recorded with. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2031-05-06T07:08:09.123456Z"), ZoneOffset.UTC);

    private static String iso(String text) {
        Instant parsed = Timestamps.parse(text, CLOCK);
        return parsed == null ? null : Timestamps.isoformat(parsed);
    }

    private static String isoJson(String json) throws Exception {
        Instant parsed = Timestamps.parse(Json.MAPPER.readTree(json), CLOCK);
        return parsed == null ? null : Timestamps.isoformat(parsed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // ISO-8601 / RFC 3339
            "2017-05-25T07:14:15Z                 | 2017-05-25T07:14:15+00:00",
            "2017-05-25T07:14:15.123Z             | 2017-05-25T07:14:15.123000+00:00",
            "2017-05-25T07:14:15.12Z              | 2017-05-25T07:14:15.120000+00:00",
            "2017-05-25T07:14:15.123456Z          | 2017-05-25T07:14:15.123456+00:00",
            "2017-05-25T07:14:15.123456789Z       | 2017-05-25T07:14:15.123456+00:00",
            "2017-05-25T07:14:15-07:00            | 2017-05-25T14:14:15+00:00",
            "2017-05-25T07:14:15.123-07:00        | 2017-05-25T14:14:15.123000+00:00",
            "2017-05-25T07:14:15.123456+0200      | 2017-05-25T05:14:15.123456+00:00",
            "2017-05-25T07:14:15+05               | 2017-05-25T02:14:15+00:00",
            "2017-05-25t07:14:15z                 | 2017-05-25T07:14:15+00:00",
            "2017-05-25T07:14:15,5Z               | 2017-05-25T07:14:15.500000+00:00",
            "2017-05-25T07:14Z                    | 2017-05-25T07:14:00+00:00",
            "2017-05-25 07:14:15                  | 2017-05-25T07:14:15+00:00",
            "2017-05-25 07:14:15.123456           | 2017-05-25T07:14:15.123456+00:00",
            "2017-05-25 07:14:15.123456+00:00     | 2017-05-25T07:14:15.123456+00:00",
            "2017-05-25 07:14:15 +0000            | 2017-05-25T07:14:15+00:00",
            "2017-05-25 07:14:15 UTC              | 2017-05-25T07:14:15+00:00",
            "2017-05-25                           | 2017-05-25T00:00:00+00:00",
            "  2017-05-25T07:14:15Z               | 2017-05-25T07:14:15+00:00",
            // other ISO-ish forms the fast path leaves to the fuzzy parser
            "2017-5-3 7:14:15                     | 2017-05-03T07:14:15+00:00",
            "2017-05-25T07:14:15.123+05:30:00     | 2017-05-25T01:44:15.123000+00:00",
            "20170712T205230Z                     | 2017-07-12T20:52:30+00:00",
            "20170712 08:00                       | 2017-07-12T08:00:00+00:00",
            "20170712                             | 1970-08-22T10:58:32+00:00",
            // syslog, RFC 2822, Apache, ctime and friends
            "Oct 27 14:01:12                      | 2031-10-27T14:01:12+00:00",
            "Oct  7 14:01:12                      | 2031-10-07T14:01:12+00:00",
            "Mon, 11 Sep 2017 14:45:47 +0000      | 2017-09-11T14:45:47+00:00",
            "Mon, 11 Sep 2017 14:45:47 -0700      | 2017-09-11T21:45:47+00:00",
            "Tue, 11 Jul 2017 14:45:47 GMT        | 2017-07-11T14:45:47+00:00",
            "Mon, 11 Sep 17 14:45:47 +0000        | 2017-09-11T14:45:47+00:00",
            "12/Jul/2017:20:52:30 +0000           | 2017-07-12T20:52:30+00:00",
            "12/Jul/2017:20:52:30 -0100           | 2017-07-12T21:52:30+00:00",
            "Tue Jul 11 14:45:47 2017             | 2017-07-11T14:45:47+00:00",
            "Tue Jul 11 14:45:47 UTC 2017         | 2017-07-11T14:45:47+00:00",
            "2017/07/12 20:52:30                  | 2017-07-12T20:52:30+00:00",
            "07/12/2017 20:52:30                  | 2017-07-12T20:52:30+00:00",
            "13/07/2017 20:52:30                  | 2017-07-13T20:52:30+00:00",
            "07/12/17                             | 2017-07-12T00:00:00+00:00",
            "Jul-12-2017 08:00                    | 2017-07-12T08:00:00+00:00",
            "12.07.2017 20:52:30                  | 2017-12-07T20:52:30+00:00",
            "July 11, 2017 2:45:47 PM             | 2017-07-11T14:45:47+00:00",
            "July 11, 2017 12:05 am               | 2017-07-11T00:05:00+00:00",
            "11 September 2017                    | 2017-09-11T00:00:00+00:00",
            "Sept 11 2017                         | 2017-09-11T00:00:00+00:00",
            "14:01:12                             | 2031-05-06T14:01:12+00:00",
            "14:01:12.250                         | 2031-05-06T14:01:12.250000+00:00",
            "Feb 2017                             | 2017-02-06T00:00:00+00:00",
            "user logged in at 2017-07-12 20:52:30 from home | 2017-07-12T20:52:30+00:00",
            // epochs as text
            "1500000000                           | 2017-07-14T02:40:00+00:00",
            "1500000000123                        | 2017-07-14T02:40:00.123000+00:00",
            "1500000000123456                     | 2017-07-14T02:40:00.123456+00:00",
            "1500000000123456789                  | 2017-07-14T02:40:00.123457+00:00",
            "15000000001234567891                 | 2017-07-14T02:40:00.123457+00:00",
            "1500000000.5                         | 2017-07-14T02:40:00.500000+00:00",
            "1500000000123.25                     | 2017-07-14T02:40:00.123250+00:00",
            "100000000                            | 1973-03-03T09:46:40+00:00",
            "0                                    | 1970-01-01T00:00:00+00:00",
            "-5                                   | 1970-01-01T00:00:00+00:00",
            "-5.5                                 | 1970-01-01T00:00:00+00:00",
    })
    void parsesText(String text, String expected) {
        assertThat(iso(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "   ", "not a date at all", "hello world", "-", ".", "2017-13-01T00:00:00Z",
            "2017-02-30", "2017-05-25T25:00:00Z", "Version 2", "may", "12:61", "abc 5 def", "31 apples",
            "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+01:00"})
    void rejectsWhatIsNotADate(String text) {
        assertThat(iso(text)).isNull();
    }

    @Test
    void rejectsOverlongText() {
        String padded = "2017-05-25T07:14:15Z" + " ".repeat(Timestamps.MAX_TEXT) + "x";
        assertThat(iso(padded)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1500000000                | 2017-07-14T02:40:00+00:00",
            "1500000000123             | 2017-07-14T02:40:00.123000+00:00",
            "1500000000123456          | 2017-07-14T02:40:00.123456+00:00",
            "1500000000.5              | 2017-07-14T02:40:00.500000+00:00",
            "1500000000123.0           | 2017-07-14T02:40:00.123000+00:00",
            "1505701210.163043         | 2017-09-18T02:20:10.163043+00:00",
            "1505701210.1630434        | 2017-09-18T02:20:10.163043+00:00",
            "0                         | 1970-01-01T00:00:00+00:00",
            "-5                        | 1970-01-01T00:00:00+00:00",
            "0.5                       | 1970-01-01T00:00:00.500000+00:00",
            "\"2017-05-25T07:14:15Z\"  | 2017-05-25T07:14:15+00:00",
            "123456789012345678901234567890 | 2009-02-13T23:31:30.123457+00:00",
    })
    void parsesJsonValues(String json, String expected) throws Exception {
        assertThat(isoJson(json)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "true", "{}", "[]", "\"nope\"", "1e400"})
    void rejectsJsonValuesThatAreNotDates(String json) throws Exception {
        assertThat(isoJson(json)).isNull();
    }

    @Test
    @Timeout(30) // a hang here means a huge power of ten is being computed
    void extremeDecimalExponentsAreCheap() throws Exception {
        // built by hand: Json.MAPPER already reads such numbers as doubles
        assertThat(Timestamps.parse(DecimalNode.valueOf(new BigDecimal("1e-999999999")), CLOCK)).isEqualTo(Instant.EPOCH);
        assertThat(Timestamps.parse(DecimalNode.valueOf(new BigDecimal("15e-999999990")), CLOCK)).isEqualTo(Instant.EPOCH);
        assertThat(Timestamps.parse(DecimalNode.valueOf(new BigDecimal("1e300")), CLOCK)).isNull();
        assertThat(isoJson("1e-999999999")).isEqualTo("1970-01-01T00:00:00+00:00");
        assertThat(isoJson("1500000000.1234565")).isEqualTo("2017-07-14T02:40:00.123456+00:00");
    }

    @Test
    void randomTextNeverThrows() {
        Random random = new Random(42);
        String alphabet = "0123456789:-+./, TZtzaAmMpPjJuUlLoOcCsSeE@\u00e9";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            Instant parsed = Timestamps.parse(candidate, CLOCK);
            if (parsed != null) {
                assertThat(Timestamps.isoformat(parsed)).as(candidate).hasSizeBetween(25, 32);
            }
        }
    }

    @Test
    void doubleNodesParseLikeDecimals() {
        Instant parsed = Timestamps.parse(DoubleNode.valueOf(1505701210.163043), CLOCK);
        assertThat(Timestamps.isoformat(parsed)).isEqualTo("2017-09-18T02:20:10.163043+00:00");
        assertThat(Timestamps.parse(DoubleNode.valueOf(Double.NaN), CLOCK)).isNull();
        assertThat(Timestamps.parse((JsonNode) null, CLOCK)).isNull();
    }

    @Test
    void naiveTimesAreLocalToTheClocksZone() {
        Clock berlin = Clock.fixed(Instant.parse("2031-05-06T07:08:09Z"), ZoneId.of("Europe/Berlin"));
        assertThat(Timestamps.isoformat(Timestamps.parse("2017-07-12 20:52:30", berlin)))
                .isEqualTo("2017-07-12T18:52:30+00:00");
        assertThat(Timestamps.isoformat(Timestamps.parse("Jan 12 20:52:30", berlin)))
                .isEqualTo("2031-01-12T19:52:30+00:00");
        assertThat(Timestamps.isoformat(Timestamps.parse("2017-07-12T20:52:30Z", berlin)))
                .isEqualTo("2017-07-12T20:52:30+00:00");
    }

    @Test
    void twoDigitYearsAreWithinFiftyYearsOfNow() {
        assertThat(iso("07/12/90")).isEqualTo("1990-07-12T00:00:00+00:00");
        assertThat(iso("07/12/79")).isEqualTo("2079-07-12T00:00:00+00:00");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2017-07-14T02:40:00Z          | 2017-07-14T02:40:00+00:00",
            "2017-07-14T02:40:00.000001Z   | 2017-07-14T02:40:00.000001+00:00",
            "2017-07-14T02:40:00.000000999Z | 2017-07-14T02:40:00+00:00",
            "0099-01-02T03:04:05.5Z        | 0099-01-02T03:04:05.500000+00:00",
    })
    void isoformatIsPythons(String instant, String expected) {
        assertThat(Timestamps.isoformat(Instant.parse(instant))).isEqualTo(expected);
    }
}
