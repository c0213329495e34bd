package dev.sluice.gluejob;

/** A job argument that is missing or unusable; the message names it. */
public class InvalidJobArgumentException extends IllegalArgumentException {

    private final String argument;

    InvalidJobArgumentException(String argument, String problem) {
        super(argument + ": " + problem);
        this.argument = argument;
    }

    InvalidJobArgumentException(String argument, String value, String problem) {
        super(argument + " '" + value + "' is invalid: " + problem);
        this.argument = argument;
    }

    /** The argument's name, with its leading {@code --}. */
    public String argument() {
        return argument;
    }
}
