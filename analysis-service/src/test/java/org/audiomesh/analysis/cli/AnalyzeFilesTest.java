package org.audiomesh.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeFilesTest {

    @TempDir
    Path out;

    @Test
    void writesTheAnalysisOfEachFileAsJsonNamedAfterIt() throws Exception {
        Path wav = Path.of(getClass().getResource("/audio/drum-loop-100bpm.wav").toURI());

        AnalyzeFiles.main(new String[] {"--out", out.toString(), "--repeat", "2", wav.toString()});

        Path json = out.resolve("drum-loop-100bpm.wav.json");
        assertTrue(Files.exists(json));
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals(100.0, result.get("tempo_bpm").asDouble(), 4.0);
        assertEquals("drum-loop-100bpm.wav", result.get("file").asText());
        assertTrue(result.get("loudness").has("integrated_lufs"));
    }
}
