package org.audiomesh.transcription.transcript;

/**
 * The timestamp spellings of the subtitle and lyric formats. Seconds are first rounded to the
 * format's resolution, then split, so that 59.999 s never prints as "0:59.100" or "0:60.00".
 */
final class TimeFormat {
    private TimeFormat() {
    }

    /** SubRip: {@code HH:MM:SS,mmm}. */
    static String srt(double seconds) {
        return clock(Math.round(seconds * 1000), 1000, 3, ",", 2);
    }

    /** WebVTT: {@code HH:MM:SS.mmm}. */
    static String vtt(double seconds) {
        return clock(Math.round(seconds * 1000), 1000, 3, ".", 2);
    }

    /** Advanced SubStation Alpha: {@code H:MM:SS.cc}. */
    static String ass(double seconds) {
        return clock(centiseconds(seconds), 100, 2, ".", 1);
    }

    /** LRC: {@code mm:ss.xx}, minutes not wrapped into hours (so 75 minutes is {@code 75:00.00}). */
    static String lrc(double seconds) {
        long cs = centiseconds(seconds);
        long minutes = cs / 6000;
        long rest = cs % 6000;
        return String.format(java.util.Locale.ROOT, "%02d:%02d.%02d", minutes, rest / 100, rest % 100);
    }

    /** LRC's {@code [length:mm:ss]} header. */
    static String lrcLength(double seconds) {
        long s = Math.round(seconds);
        return String.format(java.util.Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    static long centiseconds(double seconds) {
        return Math.round(seconds * 100);
    }

    private static String clock(long units, int perSecond, int fractionDigits, String separator, int hourDigits) {
        long totalSeconds = units / perSecond;
        long fraction = units % perSecond;
        long h = totalSeconds / 3600;
        long m = totalSeconds / 60 % 60;
        long s = totalSeconds % 60;
        return String.format(java.util.Locale.ROOT, "%0" + hourDigits + "d:%02d:%02d%s%0" + fractionDigits + "d", h, m, s, separator, fraction);
    }
}
