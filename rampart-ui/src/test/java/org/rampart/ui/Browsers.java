package org.rampart.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven by Playwright, started once per test JVM and shared by the test classes; each test
 * opens its own contexts (separate cookies, like separate people).
 */
public final class Browsers {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static Playwright playwright;
    private static Browser browser;

    private Browsers() {}

    public static synchronized Browser shared() {
        if (browser == null) {
            // Playwright would download its own browsers; the system's chromium is the one tested (.ci/run installs it).
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                    .setHeadless(true).setArgs(List.of("--no-sandbox")));
            PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                browser.close();
                playwright.close();
            }));
        }
        return browser;
    }

    /** A fresh context (no cookies) with generous timeouts: the machine running the tests may be busy. */
    public static BrowserContext context() {
        BrowserContext context = shared().newContext();
        context.setDefaultTimeout(20_000);
        return context;
    }

    /** Logs {@code name} in through the login page of {@code fixture}; returns the page, on the alerts page. */
    static Page loggedIn(BrowserContext context, UiFixture fixture, String name) {
        return loggedIn(context, fixture.url(""), name, UiFixture.passwordOf(name));
    }

    /** Logs in through the login page of the UI at {@code baseUrl}; returns the page, on the alerts page. */
    public static Page loggedIn(BrowserContext context, String baseUrl, String name, String password) {
        Page page = context.newPage();
        page.navigate(baseUrl + "/login");
        page.fill("#name", name);
        page.fill("#password", password);
        page.click("button[type=submit]");
        page.waitForURL("**/alerts");
        return page;
    }
}
