package org.audiomesh.gateway.batch;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One file of a batch as submitted: the job it became, or why it was refused.
 *
 * @param index      position of the file in the request, from 0
 * @param fileName   the client's file name (metadata only)
 * @param jobId      the job created for it; null when it was refused
 * @param httpStatus the 4xx (or 5xx) the file would have had as a single upload; null when accepted
 * @param code       the problem code of a refused file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchEntry(int index, String fileName, String jobId, Integer httpStatus, String code, String detail) {

    public static BatchEntry accepted(int index, String fileName, String jobId) {
        return new BatchEntry(index, fileName, jobId, null, null, null);
    }

    public static BatchEntry refused(int index, String fileName, int httpStatus, String code, String detail) {
        return new BatchEntry(index, fileName, null, httpStatus, code, detail);
    }
}
