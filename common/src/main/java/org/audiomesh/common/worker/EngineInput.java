package org.audiomesh.common.worker;

import org.audiomesh.common.audio.AudioFormat;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an engine gets for one job.
 *
 * @param audio   local file of the input (any supported container; open it with AudioFiles)
 * @param format  probed format of the input
 * @param options stage options of the request
 * @param outputs where the engine writes its output files
 */
public record EngineInput(String jobId, Path audio, AudioFormat format, Map<String, String> options,
                          StageOutputs outputs) {
}
