package org.audiomesh.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The studio page in a real browser (Debian's headless Chromium through Selenium) against the
 * real local stack: uploads through the page, the progress bars, the karaoke player's audio
 * clock, mute and word highlighting, the speech view, a hostile file name and a refused upload.
 * Each test leaves a screenshot in {@code target/studio/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudioIT {
    private static final LocalStack STACK = new LocalStack();
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
    private static final Path SHOTS = STACK.root.resolve("integration-tests/target/studio");
    private static final Set<String> FINAL_STAGE_STATES = Set.of("done", "failed", "unavailable", "skipped");
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>.wav";
    private static GatewayClient gateway;
    private static HeadlessChromium browser;

    @BeforeAll
    static void up() throws Exception {
        HeadlessChromium.requireInstalled();
        STACK.down(); // leftovers of an interrupted earlier run
        STACK.up();
        gateway = new GatewayClient(STACK.gateway());
        browser = HeadlessChromium.start(SHOTS);
    }

    @AfterAll
    static void down() throws Exception {
        if (browser != null) {
            browser.close();
        }
        STACK.down();
    }

    @AfterEach
    void screenshotAndNoPolicyViolations(TestInfo test) throws Exception {
        browser.screenshot(SHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
        Object violations = browser.js("return window.audiomeshStudio ? window.audiomeshStudio.cspViolations : null");
        assertEquals(List.of(), violations, "the page must work under its Content-Security-Policy");
    }

    @Test
    @Order(1)
    void pageAndItsFilesCarryAStrictContentSecurityPolicy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/studio/main.js", "/studio/studio.css")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(STACK.gateway() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && csp.contains("style-src 'self'")
                    && csp.contains("default-src 'none'") && !csp.contains("unsafe"), path + ": " + csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        }
        browser.driver.get(STACK.gateway() + "/");
        waitFor(Duration.ofSeconds(30), () -> new Select(browser.driver.findElement(By.id("pipeline"))).getOptions().size() > 3);
        String limits = browser.driver.findElement(By.id("limits-text")).getText();
        long max = gateway.get("/api/v1/limits").body().path("maxUploadBytes").asLong();
        assertTrue(limits.contains("WAV") && limits.contains(Math.round(max / 1048576.0) + " MB"), limits);
        assertEquals(0L, browser.js("return document.querySelectorAll('[style]').length"), "no inline styles");

        // a phone-width window: everything folds into one column, nothing scrolls sideways
        org.openqa.selenium.Dimension wide = browser.driver.manage().window().getSize();
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            waitFor(Duration.ofSeconds(5), () -> num(browser.js("return window.innerWidth")) <= 400);
            assertTrue(num(browser.js("return document.documentElement.scrollWidth - window.innerWidth")) <= 0,
                    "the page scrolls sideways in a narrow window");
            browser.screenshot(SHOTS.resolve("narrow.png"));
        } finally {
            browser.driver.manage().window().setSize(wide);
        }
    }

    @Test
    @Order(2)
    void karaokeSongPlaysInSyncWithMuteableVocalsAndWordsLitInTime() throws Exception {
        Path song = STACK.root.resolve("deploy/examples/example-song.wav");
        String id = uploadThroughPage(List.of(song), "karaoke", "Sing along with me tonight under the city lights");
        WebElement card = awaitFinalBars(id);
        assertEquals("COMPLETED", card.getAttribute("data-status"));
        for (WebElement stage : card.findElements(By.cssSelector(".stage"))) {
            assertEquals("done", stage.getAttribute("data-state"), stage.getAttribute("data-stage"));
        }
        browser.screenshot(SHOTS.resolve("progress.png"));

        card.findElement(By.xpath(".//button[normalize-space()='Open']")).click();
        waitFor(Duration.ofSeconds(90), () -> Boolean.TRUE.equals(browser.js(
                "const p = window.audiomeshStudio.player; return !!p && p.ready")));
        assertEquals(List.of("vocals", "drums", "bass", "other"), browser.js("return window.audiomeshStudio.player.tracks"));
        String tempo = browser.driver.findElement(By.cssSelector("dd[data-fact='tempo']")).getText();
        assertTrue(tempo.contains("BPM") && tempo.contains("4/4"), tempo);
        assertTrue(browser.driver.findElement(By.cssSelector("dd[data-fact='key']")).getText().length() > 0);
        assertTrue(browser.driver.findElement(By.cssSelector("dd[data-fact='loudness']")).getText().contains("LUFS"));
        for (String f : List.of("vocals.wav", "lyrics.lrc", "lyrics.ass", "transcript.srt", "transcript.vtt")) {
            assertFalse(browser.driver.findElements(By.xpath("//a[@download='" + f + "']")).isEmpty(), "download " + f);
        }

        // the audio clock advances once playing
        browser.driver.findElement(By.cssSelector("[data-role='play']")).click();
        waitFor(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(browser.js("return window.audiomeshStudio.player.playing")));
        double t0 = num(browser.js("return window.audiomeshStudio.player.time()"));
        Thread.sleep(1000);
        double t1 = num(browser.js("return window.audiomeshStudio.player.time()"));
        assertTrue(t1 - t0 > 0.5, "audio clock moved " + (t1 - t0) + " s in 1 s of wall time ("
                + browser.js("return window.audiomeshStudio.player.contextState()") + ")");

        // vocals off is karaoke: the vocals gain node reads 0, the rest stay up
        WebElement mute = browser.driver.findElement(By.cssSelector("[data-stem='vocals'] [data-role='mute']"));
        mute.click();
        assertEquals(0.0, num(browser.js("return window.audiomeshStudio.player.gain('vocals')")));
        mute.sendKeys(org.openqa.selenium.Keys.ENTER); // and by keyboard: back on, then off again
        assertEquals(1.0, num(browser.js("return window.audiomeshStudio.player.gain('vocals')")));
        mute.sendKeys(org.openqa.selenium.Keys.SPACE);
        assertEquals(0.0, num(browser.js("return window.audiomeshStudio.player.gain('vocals')")));
        assertEquals("true", browser.driver.findElement(By.cssSelector("[data-role='karaoke']")).getAttribute("aria-pressed"));
        assertEquals(1.0, num(browser.js("return window.audiomeshStudio.player.gain('drums')")));
        assertEquals("0", browser.driver.findElement(By.cssSelector("[data-stem='vocals']")).getAttribute("data-gain"));

        // the lit word follows the clock and the transcript's word timestamps
        List<double[]> words = transcriptWords(id);
        assertTrue(words.size() >= 5, "aligned lyric words: " + words.size());
        browser.driver.findElement(By.cssSelector("button.word[data-index='0']")).click();
        Set<Integer> seen = new HashSet<>();
        List<String> samples = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            @SuppressWarnings("unchecked")
            Map<String, Object> hl = (Map<String, Object>) browser.js("return window.audiomeshStudio.player.highlight()");
            int index = (int) num(hl.get("index"));
            double time = num(hl.get("time"));
            samples.add(index + "@" + time);
            if (index >= 0) {
                double[] w = words.get(index);
                assertTrue(w[0] <= time && time < w[1], "word " + index + " [" + w[0] + ", " + w[1] + ") lit at " + time);
                seen.add(index);
            } else {
                for (double[] w : words) {
                    assertFalse(w[0] <= time && time < w[1], "no word lit at " + time + " inside [" + w[0] + ", " + w[1] + ")");
                }
            }
            Thread.sleep(80);
        }
        assertTrue(seen.size() >= 2, "the lit word changes as time passes: " + samples);
        // paused on a word: that word is lit and stays lit
        browser.driver.findElement(By.cssSelector("[data-role='play']")).click();
        int lit = Math.min(4, words.size() - 1);
        browser.driver.findElement(By.cssSelector("button.word[data-index='" + lit + "']")).click();
        waitFor(Duration.ofSeconds(5), () -> Long.valueOf(lit).equals(browser.js(
                "return window.audiomeshStudio.player.highlight().index")));
        assertEquals(1L, browser.js("return document.querySelectorAll('button.word.current').length"));
        browser.screenshot(SHOTS.resolve("player.png"));
    }

    @Test
    @Order(3)
    void speechViewSwitchesBeforeAndAfterAndSeeksToAClickedWord() throws Exception {
        Path talk = Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav");
        assertTrue(Files.isRegularFile(talk), "install the Debian package pocketsphinx-testdata");
        String id = uploadThroughPage(List.of(talk), "speech", null);
        WebElement card = awaitFinalBars(id);
        assertEquals("COMPLETED", card.getAttribute("data-status"));
        card.findElement(By.xpath(".//button[normalize-space()='Open']")).click();
        waitFor(Duration.ofSeconds(60), () -> Boolean.TRUE.equals(browser.js(
                "const p = window.audiomeshStudio.player; return !!p && p.ready")));
        assertEquals(List.of("original", "enhanced"), browser.js("return window.audiomeshStudio.player.tracks"));
        assertEquals("enhanced", browser.js("return window.audiomeshStudio.player.ab"));
        assertEquals(0.0, num(browser.js("return window.audiomeshStudio.player.gain('original')")));
        browser.driver.findElement(By.cssSelector("[data-role='ab-original']")).click();
        assertEquals(1.0, num(browser.js("return window.audiomeshStudio.player.gain('original')")));
        assertEquals(0.0, num(browser.js("return window.audiomeshStudio.player.gain('enhanced')")));
        browser.driver.findElement(By.cssSelector("[data-role='ab-enhanced']")).click();
        assertEquals(0.0, num(browser.js("return window.audiomeshStudio.player.gain('original')")));
        assertEquals(1.0, num(browser.js("return window.audiomeshStudio.player.gain('enhanced')")));
        assertTrue(browser.driver.findElement(By.cssSelector("dd[data-fact='noise']")).getText().length() > 0);
        assertFalse(browser.driver.findElements(By.cssSelector(".speaker")).isEmpty(), "speakers shown");

        List<double[]> words = transcriptWords(id);
        assertTrue(words.size() >= 3, "transcribed words: " + words.size());
        int pick = words.size() / 2;
        browser.driver.findElement(By.cssSelector("button.word[data-index='" + pick + "']")).click();
        double at = num(browser.js("return window.audiomeshStudio.player.time()"));
        assertEquals(words.get(pick)[0], at, 0.05, "a clicked word seeks to its start");
        browser.screenshot(SHOTS.resolve("speech.png"));
    }

    @Test
    @Order(4)
    void aFileNamedLikeMarkupIsShownAsTextAndRunsNothing() throws Exception {
        Path dir = Files.createTempDirectory("studio-xss");
        Path hostile = dir.resolve(XSS_NAME);
        Files.copy(STACK.root.resolve("deploy/examples/example-song.wav"), hostile);
        String id = uploadThroughPage(List.of(hostile), "analysis", null);
        WebElement card = awaitFinalBars(id);
        assertEquals(XSS_NAME, card.findElement(By.cssSelector(".file-name")).getText());
        assertNothingRan();

        browser.driver.get(STACK.gateway() + "/#/jobs");
        WebElement row = new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.cssSelector("tr[data-job-id='" + id + "']")));
        assertEquals(XSS_NAME, row.findElement(By.cssSelector(".file-name")).getText());
        assertNothingRan();
        Files.delete(hostile);
        Files.delete(dir);
    }

    @Test
    @Order(5)
    void aPngRenamedWavShowsTheServersProblemCode() throws Exception {
        Path dir = Files.createTempDirectory("studio-png");
        Path png = dir.resolve("picture.wav");
        Files.write(png, pngBytes());
        openFreshUploadPage();
        browser.driver.findElement(By.id("file-input")).sendKeys(png.toString());
        browser.driver.findElement(By.id("upload-button")).click();
        WebElement problem = new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(d -> d.findElement(By.cssSelector("#upload-errors .problem")));
        assertEquals("UNSUPPORTED_FORMAT", problem.getAttribute("data-code"));
        assertTrue(problem.getText().startsWith("UNSUPPORTED_FORMAT (415)"), problem.getText());
        assertFalse(problem.getText().contains("{"), "a problem is shown, not dumped: " + problem.getText());
        Files.delete(png);
        Files.delete(dir);
    }

    @Test
    @Order(6)
    void severalFilesBecomeABatchAndTheJobListAndDashboardShowThem() throws Exception {
        Path dir = Files.createTempDirectory("studio-batch");
        Path a = Files.copy(STACK.root.resolve("deploy/examples/example-song.wav"), dir.resolve("first.wav"));
        Path b = Files.copy(a, dir.resolve("second.wav"));
        openFreshUploadPage();
        int before = browser.driver.findElements(By.cssSelector("#progress-list .job-card")).size();
        new Select(browser.driver.findElement(By.id("pipeline"))).selectByValue("noise");
        browser.driver.findElement(By.id("file-input")).sendKeys(a + "\n" + b);
        browser.driver.findElement(By.id("upload-button")).click();
        waitFor(Duration.ofSeconds(30), () -> browser.driver.findElements(By.cssSelector("#progress-list .job-card")).size() == before + 2);
        List<String> ids = browser.driver.findElements(By.cssSelector("#progress-list .job-card")).subList(0, 2).stream()
                .map(e -> e.getAttribute("data-job-id")).toList();
        for (String id : ids) {
            assertEquals("COMPLETED", awaitFinalBars(id).getAttribute("data-status"));
        }

        browser.driver.get(STACK.gateway() + "/#/jobs");
        WebElement row = new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.cssSelector("tr[data-job-id='" + ids.get(0) + "']")));
        row.findElement(By.xpath(".//button[normalize-space()='Delete']")).click();
        browser.driver.switchTo().alert().accept();
        waitFor(Duration.ofSeconds(20), () -> browser.driver.findElements(By.cssSelector("tr[data-job-id='" + ids.get(0) + "']")).isEmpty());
        assertEquals(404, gateway.get("/api/v1/jobs/" + ids.get(0)).status());

        browser.driver.get(STACK.gateway() + "/#/dashboard");
        WebElement totals = new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(d -> d.findElement(By.cssSelector("[data-role='totals']")));
        long ended = gateway.get("/api/v1/reports/summary?from=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                + "&to=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)).body().path("jobs").path("total").asLong();
        assertTrue(ended >= 4 && totals.getText().startsWith(ended + " jobs ended"), totals.getText() + " vs " + ended);
        assertEquals(3, browser.driver.findElements(By.cssSelector("figure.chart-figure canvas")).size());
        for (String fmt : List.of("csv", "json")) {
            String href = browser.driver.findElement(By.cssSelector("a[data-format='" + fmt + "']")).getAttribute("href");
            assertTrue(href.contains("/api/v1/exports/jobs?from=") && href.endsWith("format=" + fmt), href);
        }
        browser.screenshot(SHOTS.resolve("dashboard.png"));
        Files.delete(a);
        Files.delete(b);
        Files.delete(dir);
    }

    @Test
    @Order(7)
    void progressSurvivesADroppedEventStreamByPollingAndReconnecting() throws Exception {
        openFreshUploadPage();
        // the first two event streams open and drop at once; the third is the gateway's own
        browser.js("""
                const real = window.fetch.bind(window);
                window.eventStreamsOpened = 0;
                window.fetch = (input, init) => {
                  const url = typeof input === 'string' ? input : input.url;
                  if (url.endsWith('/events') && ++window.eventStreamsOpened <= 2) {
                    return Promise.resolve(new Response(new ReadableStream({ start(c) { c.close(); } }),
                      { status: 200, headers: { 'Content-Type': 'text/event-stream' } }));
                  }
                  return real(input, init);
                };""");
        String id = uploadOnOpenPage(List.of(STACK.root.resolve("deploy/examples/example-song.wav")), "karaoke");
        WebElement card = awaitFinalBars(id);
        assertEquals("COMPLETED", card.getAttribute("data-status"));
        assertTrue(Integer.parseInt(card.getAttribute("data-drops")) >= 1, "the page noticed the drops");
        long opened = (Long) browser.js("return window.eventStreamsOpened");
        assertTrue(opened >= 2, "the page reconnected to the event stream: " + opened + " opened");
    }

    @Test
    @Order(8)
    void aGatewayAskingForAnApiKeyGetsItFromTheUserAndItStaysInTheTab() throws Exception {
        openFreshUploadPage();
        // stand-in for a gateway with API keys: 401 problem+json without the right X-Api-Key
        browser.js("""
                const real = window.fetch.bind(window);
                window.keysSent = [];
                window.fetch = (input, init = {}) => {
                  const key = new Headers(init.headers || {}).get('X-Api-Key');
                  window.keysSent.push(key);
                  if (key !== 'let-me-in') {
                    return Promise.resolve(new Response(JSON.stringify({ type: 'urn:audiomesh:problem:unauthorized',
                      title: 'Unauthorized', status: 401, code: key ? 'API_KEY_INVALID' : 'API_KEY_REQUIRED',
                      detail: 'send X-Api-Key' }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } }));
                  }
                  return real(input, init);
                };""");
        browser.driver.findElement(By.cssSelector("a[data-route='jobs']")).click();
        WebElement dialog = new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.cssSelector("dialog#key-dialog[open]")));
        browser.screenshot(SHOTS.resolve("api-key.png"));
        dialog.findElement(By.id("key-input")).sendKeys("let-me-in", org.openqa.selenium.Keys.ENTER);
        new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector("#jobs-table tbody tr[data-job-id]")).isEmpty());
        assertEquals("let-me-in", browser.js("return sessionStorage.getItem('audiomesh.apiKey')"));
        assertEquals(0L, browser.js("return localStorage.length"), "the key is kept in the tab only");
        assertEquals("let-me-in", browser.js("return window.keysSent[window.keysSent.length - 1]"));
        assertTrue(browser.driver.findElements(By.cssSelector("#jobs-errors .problem")).isEmpty());
        browser.js("sessionStorage.clear()");
    }

    // --- helpers ---

    /** A reloaded page: no files chosen and no options left from an earlier test. */
    private static void openFreshUploadPage() {
        browser.driver.get(STACK.gateway() + "/#/upload");
        browser.driver.navigate().refresh();
        waitForLimits();
    }

    private static void waitForLimits() {
        waitFor(Duration.ofSeconds(30), () -> new Select(browser.driver.findElement(By.id("pipeline"))).getOptions().size() > 3);
    }

    /** Uploads through the page and returns the new job's id (from its progress card). */
    private static String uploadThroughPage(List<Path> files, String pipeline, String lyrics) {
        openFreshUploadPage();
        if (lyrics != null) {
            browser.driver.findElement(By.id("opt-lyrics")).sendKeys(lyrics);
        }
        return uploadOnOpenPage(files, pipeline);
    }

    /** Uploads through the page as it is and returns the new job's id (from its progress card). */
    private static String uploadOnOpenPage(List<Path> files, String pipeline) {
        int before = browser.driver.findElements(By.cssSelector("#progress-list .job-card")).size();
        new Select(browser.driver.findElement(By.id("pipeline"))).selectByValue(pipeline);
        browser.driver.findElement(By.id("file-input")).sendKeys(String.join("\n", files.stream().map(Path::toString).toList()));
        browser.driver.findElement(By.id("upload-button")).click();
        waitFor(Duration.ofSeconds(30), () -> browser.driver.findElements(By.cssSelector("#progress-list .job-card")).size() > before
                || !browser.driver.findElements(By.cssSelector("#upload-errors .problem")).isEmpty());
        List<WebElement> problems = browser.driver.findElements(By.cssSelector("#upload-errors .problem"));
        assertTrue(problems.isEmpty(), () -> "upload refused: " + problems.get(0).getText());
        return browser.driver.findElement(By.cssSelector("#progress-list .job-card")).getAttribute("data-job-id");
    }

    /** Waits until the job has ended and every stage bar shows its final state. */
    private static WebElement awaitFinalBars(String id) {
        By card = By.cssSelector(".job-card[data-job-id='" + id + "']");
        waitFor(JOB_TIMEOUT, () -> {
            WebElement c = browser.driver.findElement(card);
            if (!List.of("COMPLETED", "PARTIAL", "FAILED").contains(c.getAttribute("data-status"))) {
                return false;
            }
            List<WebElement> stages = c.findElements(By.cssSelector(".stage"));
            return !stages.isEmpty() && stages.stream().allMatch(s -> FINAL_STAGE_STATES.contains(s.getAttribute("data-state")));
        });
        return browser.driver.findElement(card);
    }

    private static void assertNothingRan() {
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert(), "an alert opened");
        assertEquals(0L, browser.js("return document.querySelectorAll('img').length"), "no element was made from the name");
    }

    /** [start, end] of every word of the job's transcript.json, in time order (as the page numbers them). */
    private static List<double[]> transcriptWords(String id) throws Exception {
        JsonNode results = gateway.get("/api/v1/jobs/" + id + "/results").body();
        String href = results.path("stages").path("transcription").path("files").path("transcript.json").asText();
        JsonNode transcript = GatewayClient.JSON.readTree(gateway.bytes(href));
        List<double[]> words = new ArrayList<>();
        for (JsonNode seg : transcript.path("segments")) {
            for (JsonNode w : seg.path("words")) {
                words.add(new double[]{w.path("start").asDouble(), w.path("end").asDouble()});
            }
        }
        words.sort((x, y) -> Double.compare(x[0], y[0]));
        return words;
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser.driver, timeout, Duration.ofMillis(200)).until(d -> condition.getAsBoolean());
    }

    /** A real (1x1) PNG: signature, IHDR, IDAT, IEND. */
    private static byte[] pngBytes() {
        return java.util.HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                + "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082");
    }
}
