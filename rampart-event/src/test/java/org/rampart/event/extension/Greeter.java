package org.rampart.event.extension;

/** A kind of extension that only tests have: it says hello. */
public interface Greeter extends Extension {
    ExtensionKind<Greeter> KIND = new ExtensionKind<>("greeter", "greeters", Greeter.class);

    String greet();
}
