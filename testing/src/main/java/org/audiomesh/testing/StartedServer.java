package org.audiomesh.testing;

/**
 * A broker or Redis server started for tests, however it was started (container or in this JVM).
 * Closing it stops the server and removes whatever it wrote to disk.
 */
interface StartedServer extends AutoCloseable {

    /** The address clients use: a Kafka bootstrap list ({@code host:port}) or a Redis URI. */
    String address();

    /** One line for the log saying what runs where, e.g. "in-JVM KRaft broker at localhost:40123". */
    String description();

    /** Stops the server; never throws, because it runs from {@code stop()} and shutdown hooks. */
    @Override
    void close();
}
