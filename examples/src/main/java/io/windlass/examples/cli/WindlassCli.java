package io.windlass.examples.cli;

/** Placeholder for the CLI (examples issue). */
public final class WindlassCli {
    private WindlassCli() {
    }

    public static void main(String[] args) {
        System.out.println("windlass: the demo and CLI are not built yet");
    }
}
