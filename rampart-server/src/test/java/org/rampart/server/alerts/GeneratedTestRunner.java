package org.rampart.server.alerts;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code @Test} methods of one class in a fresh JVM, for {@link AlertScaffoldTest}: the scaffolded alert
 * reads its config as a class-path resource, so it must run on a class path that holds the generated files.
 * Exit code: the number of failed tests (0: all passed), 100 when there were none.
 */
public final class GeneratedTestRunner {
    private GeneratedTestRunner() {}

    public static void main(String[] args) throws Exception {
        Class<?> tests = Class.forName(args[0]);
        Constructor<?> constructor = tests.getDeclaredConstructor();
        constructor.setAccessible(true);
        int run = 0;
        int failed = 0;
        for (Method method : tests.getDeclaredMethods()) {
            if (!method.isAnnotationPresent(Test.class)) {
                continue;
            }
            run++;
            method.setAccessible(true);
            try {
                method.invoke(constructor.newInstance());
                System.out.println("PASS " + method.getName());
            } catch (InvocationTargetException e) {
                failed++;
                System.out.println("FAIL " + method.getName() + ": " + e.getCause());
            }
        }
        System.exit(run == 0 ? 100 : failed);
    }
}
