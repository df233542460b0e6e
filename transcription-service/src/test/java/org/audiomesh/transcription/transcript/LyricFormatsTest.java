package org.audiomesh.transcription.transcript;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Enhanced LRC and ASS karaoke renderings of a known transcript, character for character. */
class LyricFormatsTest {

    @Test
    void lrcHasAWordTimeBeforeEveryWordAndTheLineEndAfterTheLast() {
        assertEquals("""
                [re:audiomesh test-engine]
                [length:62:07]
                [00:00.50]<00:00.50>Hello, <00:01.00>world! <00:01.46>
                [00:02.00]<00:02.00>Rock <00:02.30>& <00:02.40>roll <00:02.90>(loud) <00:03.40>{brace} <00:03.90>(tag) <00:04.20>
                [00:04.30]<00:04.30>back\\slash <00:05.00>--) <00:05.20>and <00:05.40>a <00:05.50>very <00:05.80>long <00:06.10>line <00:06.40>that <00:06.60>
                [00:06.60]<00:06.60>keeps <00:06.90>going <00:07.20>past <00:07.50>the <00:07.60>limit <00:08.00>of <00:08.10>two <00:08.30>lines <00:08.70>
                [00:08.70]<00:08.70>for <00:08.90>sure <00:09.30>
                [62:05.00]<62:05.00>late <62:07.00>
                """, new LrcFormat().render(KnownTranscript.twoSpeakers()));
    }

    @Test
    void assKaraokeTagsLastFromOneWordOnsetToTheNextAndAddUpToTheLine() {
        String expectedEvents = """
                Dialogue: 0,0:00:00.50,0:00:01.46,Karaoke,Speaker 1,0,0,0,,{\\k50}Hello, {\\k46}world!
                Dialogue: 0,0:00:02.00,0:00:04.20,Karaoke,Speaker 2,0,0,0,,{\\k30}Rock {\\k10}& {\\k50}roll {\\k50}<loud> {\\k50}(brace) {\\k30}[tag]
                Dialogue: 0,0:00:04.30,0:00:06.60,Karaoke,Speaker 2,0,0,0,,{\\k70}back/slash {\\k20}--> {\\k20}and {\\k10}a {\\k30}very {\\k30}long {\\k30}line {\\k20}that
                Dialogue: 0,0:00:06.60,0:00:08.70,Karaoke,Speaker 2,0,0,0,,{\\k30}keeps {\\k30}going {\\k30}past {\\k10}the {\\k40}limit {\\k10}of {\\k20}two {\\k40}lines
                Dialogue: 0,0:00:08.70,0:00:09.30,Karaoke,Speaker 2,0,0,0,,{\\k20}for {\\k40}sure
                Dialogue: 0,1:02:05.00,1:02:07.00,Karaoke,Speaker 1,0,0,0,,{\\k200}late
                """;
        assertEquals(AssFormat.HEADER + expectedEvents, new AssFormat().render(KnownTranscript.twoSpeakers()));
    }

    @Test
    void assHeaderDeclaresTheV4PlusStyleTheEventsUse() {
        String header = AssFormat.HEADER;
        assertEquals(true, header.startsWith("[Script Info]\n"));
        assertEquals(true, header.contains("ScriptType: v4.00+\n"));
        assertEquals(true, header.contains("\nStyle: Karaoke,"));
        assertEquals(true, header.endsWith("Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"));
        // the Format line names 23 fields and the style gives 23 values
        String format = header.lines().filter(l -> l.startsWith("Format: Name")).findFirst().orElseThrow();
        String style = header.lines().filter(l -> l.startsWith("Style: ")).findFirst().orElseThrow();
        assertEquals(23, format.split(",").length);
        assertEquals(23, style.split(",").length);
    }
}
