package org.audiomesh.localstack;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The options of a local-stack main: {@code --name value}, {@code --name=value} and bare
 * {@code --flag}s, each falling back to an environment variable and then a default.
 */
final class CommandLine {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private CommandLine() {
    }

    /**
     * @param args      the arguments of {@code main}
     * @param flagNames names that take no value, e.g. {@code embedded}
     * @throws IllegalArgumentException on anything that is not an option or an option without value
     */
    static CommandLine parse(String[] args, Set<String> flagNames) {
        CommandLine line = new CommandLine();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            int equals = name.indexOf('=');
            if (equals > 0) {
                line.values.put(name.substring(0, equals), name.substring(equals + 1));
            } else if (flagNames.contains(name)) {
                line.flags.add(name);
            } else if (i + 1 < args.length) {
                line.values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("Option --" + name + " needs a value");
            }
        }
        return line;
    }

    String value(String name, String environmentVariable, String fallback) {
        String value = values.get(name);
        if (value == null && environmentVariable != null) {
            value = System.getenv(environmentVariable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    int port(String name, String environmentVariable, int fallback) {
        String value = value(name, environmentVariable, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--" + name + " must be a TCP port, got " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a TCP port, got " + value, e);
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
