package com.geminigateway.testing;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake Gemini on its own, for trying real clients against a gateway by hand:
 * {@code java -cp <test class path> com.geminigateway.testing.FakeGeminiMain}. It prints its base URL
 * (use it as GEMINI_BASE_URL) and serves until stopped.
 */
public final class FakeGeminiMain {

    private FakeGeminiMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        FakeGemini fake = FakeGemini.start();
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        System.out.println(fake.baseUrl());
        new CountDownLatch(1).await();
    }
}
