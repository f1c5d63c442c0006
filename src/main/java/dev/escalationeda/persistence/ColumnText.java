package dev.escalationeda.persistence;

/** Free text (errors, timeline messages) for a VARCHAR column: cut to the column's width rather than fail the write. */
public final class ColumnText {

    private ColumnText() {
    }

    /** {@code text}, or its first {@code width} characters; null stays null. */
    public static String fit(String text, int width) {
        return text == null || text.length() <= width ? text : text.substring(0, width);
    }
}
