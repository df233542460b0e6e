package org.audiomesh.gateway.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A half-open UTC range {@code [from, to)} from query parameters, each an ISO-8601 date
 * ({@code 2025-03-01}) or date-time ({@code 2025-03-01T12:00:00Z}, with an offset, or without one
 * meaning UTC). A date as {@code from} is the start of that day; as {@code to} the end of it, so
 * {@code from=2025-03-01&to=2025-03-31} covers all of March.
 */
public record TimeRange(Instant from, Instant to) {
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = LocalDate.of(10000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /** @throws ApiProblem {@code INVALID_DATE} for a missing or unreadable value, {@code INVALID_RANGE} for from after to */
    public static TimeRange parse(String from, String to) {
        Instant f = parse("from", from, false);
        Instant t = parse("to", to, true);
        if (f.isAfter(parse("to", to, false))) { // as written: from=2025-03-02&to=2025-03-01 is backwards
            throw new ApiProblem(400, ApiCodes.INVALID_RANGE, "from (" + f + ") is after to (" + t + ")");
        }
        return new TimeRange(f, t);
    }

    /** One UTC day. */
    public static LocalDate day(String value) {
        try {
            LocalDate d = LocalDate.parse(value == null ? "" : value.strip());
            if (d.getYear() < 1970 || d.getYear() > 9999) {
                throw new ApiProblem(400, ApiCodes.INVALID_DATE, "the date must lie between 1970 and 9999");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ApiProblem(400, ApiCodes.INVALID_DATE, "the date must be an ISO-8601 date such as 2025-03-01");
        }
    }

    static Instant parse(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            throw new ApiProblem(400, ApiCodes.INVALID_DATE, name + " is required: an ISO-8601 date (2025-03-01) or "
                    + "date-time (2025-03-01T12:00:00Z)");
        }
        String v = value.strip();
        Instant i;
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                i = (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                try {
                    i = OffsetDateTime.parse(v).toInstant();
                } catch (DateTimeParseException e) {
                    i = LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
                }
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ApiProblem(400, ApiCodes.INVALID_DATE, name + " is not an ISO-8601 date (2025-03-01) or "
                    + "date-time (2025-03-01T12:00:00Z): " + abbreviate(v));
        }
        if (i.isBefore(EARLIEST) || i.isAfter(LATEST)) {
            throw new ApiProblem(400, ApiCodes.INVALID_DATE, name + " must lie between 1970 and 9999");
        }
        return i;
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
