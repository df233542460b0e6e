package org.audiomesh.localstack;

import java.nio.file.Path;

/**
 * Sends the server's own logging to a file in its data directory at WARN, so a local stack does
 * not fill the terminal. Must run before anything asks SLF4J or Log4j 2 for a logger.
 *
 * <p>Kafka's server code logs through SLF4J, bound here to slf4j-simple; a few Kafka classes talk
 * to Log4j 2 directly, configured by {@code local-stack-log4j2.properties} to write beside it
 * ({@code <log file>.log4j2}, created only if something is logged). The environment variable
 * {@code AUDIOMESH_LOG_LEVEL=info} (or {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=info}) raises
 * the level.
 */
final class QuietLogging {

    private QuietLogging() {
    }

    /** @param logFile the file that receives WARN and above, e.g. {@code <data>/kafka.log} */
    static void to(Path logFile) {
        String level = System.getenv().getOrDefault("AUDIOMESH_LOG_LEVEL", "warn");
        setIfAbsent("org.slf4j.simpleLogger.logFile", logFile.toAbsolutePath().toString());
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("log4j2.configurationFile", "classpath:local-stack-log4j2.properties");
        setIfAbsent("audiomesh.log4j2.file", logFile.toAbsolutePath() + ".log4j2");
        setIfAbsent("audiomesh.log.level", level);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
