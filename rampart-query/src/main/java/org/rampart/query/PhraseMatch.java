package org.rampart.query;

/** MozDef's PhraseMatch ({@code match_phrase}): whole value on keyword fields, consecutive tokens on text fields. */
public record PhraseMatch(String key, String value) implements Match {
    public PhraseMatch {
        Checks.key(key);
        Checks.text("PhraseMatch value", value);
    }
}
