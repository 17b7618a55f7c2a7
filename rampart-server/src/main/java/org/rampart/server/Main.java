package org.rampart.server;

/** Placeholder entry point; the CLI lands with the server wiring. */
public final class Main {
    public static void main(String[] args) {
        System.out.println("rampart");
    }
}
