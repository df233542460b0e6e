package org.audiomesh.common.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlobKeyTest {
    private static final String ID = "0b6c2f3e-5d1a-4c8e-9f00-123456789abc";

    @Test
    void uriRoundTrips() {
        BlobKey k = new BlobKey(ID, "stems", "vocals.wav");
        assertEquals(URI.create("blob:jobs/" + ID + "/stems/vocals.wav"), k.uri());
        assertEquals(k, BlobKey.parse(k.uri()));
        assertEquals(k, BlobKey.ofRelative(ID, "stems/vocals.wav"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../input/source.wav", "input/../../x", "input/..", "input/.hidden", "input/a/b",
            "/etc/passwd", "input/", "input", "secrets/x.wav", "input/%2e%2e", "input/a b.wav", "input/x\u0000.wav"})
    void pathsThatCouldLeaveTheJobFolderAreRefused(String relative) {
        assertThrows(InvalidBlobKeyException.class, () -> BlobKey.ofRelative(ID, relative));
    }

    @ParameterizedTest
    @ValueSource(strings = {"blob:jobs/../etc/input/x.wav", "file:///etc/passwd", "blob:jobs/" + ID + "/input",
            "blob:jobs/not-an-id/input/x.wav", "blob:other/" + ID + "/input/x.wav", "::"})
    void foreignOrMalformedUrisAreRefused(String uri) {
        assertThrows(InvalidBlobKeyException.class, () -> BlobKey.parse(uri));
    }

    @Test
    void jobIdsAreCanonicalUuidsOnly() {
        assertThrows(InvalidBlobKeyException.class, () -> new BlobKey("..", "input", "x.wav"));
        assertThrows(InvalidBlobKeyException.class, () -> new BlobKey(ID.toUpperCase(), "input", "x.wav"));
        assertEquals(ID, JobIds.requireValid(ID));
    }
}
