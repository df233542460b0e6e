package org.audiomesh.gateway.rest;

import java.util.Locale;

/** Content types of the files a job produces, by their fixed extensions. */
final class FileTypes {
    private FileTypes() {
    }

    static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "wav" -> "audio/wav";
            case "mp3" -> "audio/mpeg";
            case "flac" -> "audio/flac";
            case "ogg" -> "audio/ogg";
            case "m4a", "mp4" -> "audio/mp4";
            case "json" -> "application/json";
            case "srt" -> "application/x-subrip";
            case "vtt" -> "text/vtt";
            case "lrc", "txt" -> "text/plain; charset=utf-8";
            case "ass" -> "text/x-ssa";
            default -> "application/octet-stream";
        };
    }
}
