package org.audiomesh.it;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Both paths are given
 * explicitly, so Selenium Manager never runs and nothing is downloaded at test time; each
 * browser gets a fresh profile folder, removed when it quits.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BROWSER = Path.of(System.getProperty("audiomesh.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("audiomesh.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Fails (never skips) with how to install the browser where it is missing. */
    static void requireInstalled() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError("the studio's browser tests need " + BROWSER + " and " + DRIVER
                    + ": install Debian's packages with `apt-get install chromium chromium-driver` "
                    + "(.ci/run does this when run as root), or point -Daudiomesh.chromium and "
                    + "-Daudiomesh.chromedriver at another Chromium and its matching driver");
        }
    }

    static HeadlessChromium start(Path logDir) throws IOException {
        requireInstalled();
        Path profile = Files.createTempDirectory("audiomesh-chromium-");
        Files.createDirectories(logDir);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(logDir.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(driver, profile);
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
