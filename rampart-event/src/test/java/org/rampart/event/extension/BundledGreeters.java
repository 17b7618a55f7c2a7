package org.rampart.event.extension;

/** The greeters on the test class path. */
final class BundledGreeters {
    private BundledGreeters() {}

    public static final class Hello implements Greeter {
        @Override
        public String name() {
            return "hello";
        }

        @Override
        public String greet() {
            return "hello from the class path";
        }
    }

    public static final class Salut implements Greeter {
        @Override
        public String name() {
            return "salut";
        }

        @Override
        public String greet() {
            return "salut";
        }
    }
}
