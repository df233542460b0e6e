package org.audiomesh.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.gateway.job.JobService;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.job.JobStore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Server-sent events of one job: a {@code snapshot} (the status document) first, then one
 * {@code stage} event per stage change and a final {@code job} event when the job ends, after
 * which the stream closes. Events come through Redis pub/sub, so any gateway replica can serve
 * any job. A {@code snapshot} is repeated every 5 s as a keep-alive.
 */
@Path("/api/v1/jobs/{id}/events")
@Tag(name = "jobs")
public class JobEventsResource {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(JobEventsResource.class);
    private final JobService service;
    private final JobViews views;
    private final ReactiveRedisDataSource redis;
    private final ContractJson json;

    public JobEventsResource(JobService service, JobViews views, ReactiveRedisDataSource redis, ContractJson json) {
        this.service = service;
        this.views = views;
        this.redis = redis;
        this.json = json;
    }

    @GET
    @io.smallrye.common.annotation.Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Progress of a job as server-sent events")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        service.get(id); // 404 problem before the stream opens
        return Multi.createFrom().<OutboundSseEvent>emitter(em -> {
            AtomicBoolean done = new AtomicBoolean();
            Cancellable[] subscriptions = new Cancellable[2];
            Runnable finish = () -> {
                if (done.compareAndSet(false, true)) {
                    for (Cancellable c : subscriptions) {
                        if (c != null) {
                            c.cancel();
                        }
                    }
                    em.complete();
                }
            };
            em.onTermination(() -> {
                done.set(true);
                for (Cancellable c : subscriptions) {
                    if (c != null) {
                        c.cancel();
                    }
                }
            });
            subscriptions[0] = redis.pubsub(String.class).subscribe(JobStore.channel(id))
                    .subscribe().with(message -> {
                        if (done.get()) {
                            return;
                        }
                        JsonNode n = readTree(message);
                        String kind = n.path("kind").asText("stage");
                        em.emit(sse.newEventBuilder().name(kind).data(n.toString())
.build());
                        if ("job".equals(kind)) {
                            finish.run();
                        }
                    }, failure -> {
                        LOG.warnf("event stream of job %s lost its subscription: %s", id, failure.toString());
                        finish.run();
                    });
            // read again after subscribing; the periodic snapshot repairs a change that raced both
            JobState current = service.get(id);
            em.emit(snapshot(sse, current));
            if (current.status().terminal()) {
                finish.run();
                return;
            }
            subscriptions[1] = Multi.createFrom().ticks().startingAfter(KEEP_ALIVE).every(KEEP_ALIVE)
                    .onOverflow().drop()
                    .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool()).subscribe().with(t -> {
                if (done.get()) {
                    return;
                }
                try {
                    JobState now = service.get(id);
                    em.emit(snapshot(sse, now));
                    if (now.status().terminal()) {
                        em.emit(sse.newEventBuilder().name("job").data("{\"jobId\":\"" + id + "\",\"status\":\""
                                + now.status() + "\"}").build());
                        finish.run();
                    }
                } catch (RuntimeException e) {
                    finish.run();
                }
            });
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    private OutboundSseEvent snapshot(Sse sse, JobState job) {
        return sse.newEventBuilder().name("snapshot").data(views.status(job).toString())
.build();
    }

    private JsonNode readTree(String message) {
        try {
            return json.mapper().readTree(message);
        } catch (Exception e) {
            return json.mapper().createObjectNode();
        }
    }
}
