package org.rampart.ui;

import com.microsoft.playwright.BrowserContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A browser test: one Rampart per test class (starting one is slow), a fresh browser context per test. */
abstract class BrowserTest {
    @TempDir
    static Path dir;
    static UiFixture fixture;
    BrowserContext context;

    @BeforeAll
    static void startServers() throws Exception {
        fixture = new UiFixture(dir);
    }

    @AfterAll
    static void stopServers() {
        fixture.close();
    }

    @BeforeEach
    void openBrowser() {
        context = Browsers.context();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }
}
