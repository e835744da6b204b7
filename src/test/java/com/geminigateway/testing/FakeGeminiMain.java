package com.geminigateway.testing;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake Gemini on its own, for trying real clients against a gateway by hand:
 * {@code java -cp <test class path> com.geminigateway.testing.FakeGeminiMain}. It prints its base URL
 * (use it as GEMINI_BASE_URL) and serves until stopped.
 *
 * <p>Besides echoing, it knows a small tool conversation: a prompt mentioning "weather" is answered with a
 * {@code get_weather} function call (with a thought signature), in two streamed chunks; the function's
 * result is answered with text. {@code gemini-3-flash-preview} is served too, to try signature round trips.
 */
public final class FakeGeminiMain {

    static final String WEATHER_CALL = """
            {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},
             "thoughtSignature":"ZmFrZS1zaWduYXR1cmU="}]},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":6,"thoughtsTokenCount":4,"totalTokenCount":22}}""";

    private FakeGeminiMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        FakeGemini fake = FakeGemini.start();
        fake.models("gemini-2.5-flash", "gemini-2.5-pro", "gemini-3-flash-preview", "gemini-embedding-001")
                .onPrompt("[functionResponse get_weather]", Reply.text("It is sunny ", "in Paris.").usage(20, 5, 0))
                .onPrompt("weather", Reply.json("""
                        {"candidates":[{"content":{"role":"model","parts":[{"text":"Checking the weather."}]},"index":0}]}""",
                        WEATHER_CALL));
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        System.out.println(fake.baseUrl());
        new CountDownLatch(1).await();
    }
}
