package dev.escalationeda.strategy.definition;

/** Where a definition element was written, for messages a user can act on: {@code file:line}. */
public record Source(String file, int line) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
