package org.audiomesh.testing;

/** Starts one server; called at most once per JVM for a shared server. */
@FunctionalInterface
interface ServerStarter {
    StartedServer start() throws Exception;
}
