package org.rampart.server.cli;

/** Event and alert text is attacker-controlled: what the commands print of it goes through here. */
final class TerminalText {
    private static final int MAX = 300;

    private TerminalText() {}

    /** The text on one line, control characters (escape sequences, line breaks) blanked, cut at 300 characters. */
    static String oneLine(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX));
        for (int i = 0; i < s.length() && out.length() < MAX; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }
}
