package com.geminigateway.bench.jmh;

import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.json.Json;
import com.geminigateway.openai.ChatCompletionRequest;
import com.geminigateway.translate.ChatRequestTranslator;
import com.geminigateway.translate.ChatResponseTranslator;
import com.geminigateway.translate.ChatStreamTranslator;
import com.geminigateway.translate.ConversionSettings;
import com.geminigateway.translate.ResponseOptions;
import com.geminigateway.translate.ThoughtSignatures;
import com.geminigateway.upstream.SseParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pure code every request goes through, bytes in and bytes out as on the wire: the OpenAI request to
 * the Gemini request, Gemini's answer to OpenAI's, one streamed Gemini event to OpenAI SSE frames, and
 * the SSE parser over a whole streamed body. Run with {@code bench/jmh.sh} ({@code -prof gc} adds the
 * bytes allocated per operation).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Thread)
public class HotPathBenchmark {

    /** A typical coding-assistant turn: a system prompt, a short history, a question with code. */
    static final byte[] OPENAI_REQUEST = ("{\"model\":\"gemini-2.5-flash\",\"temperature\":0.2,\"max_tokens\":1024,"
            + "\"stream_options\":{\"include_usage\":true},\"user\":\"alice\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a careful senior engineer. Answer briefly, with code when useful.\"},"
            + "{\"role\":\"user\",\"content\":\"How do I read a file line by line in Java?\"},"
            + "{\"role\":\"assistant\",\"content\":\"Use Files.lines(path) in a try-with-resources block.\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"And this one?\\n```java\\n"
            + "try (BufferedReader r = Files.newBufferedReader(p)) {\\n  String line;\\n  while ((line = r.readLine()) != null) {\\n"
            + "    System.out.println(line);\\n  }\\n}\\n```\"}]}]}").getBytes(StandardCharsets.UTF_8);

    /** A short non-streamed answer (~900 bytes), as the benchmark's fake Gemini sends it. */
    static final byte[] GEMINI_RESPONSE = ("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\""
            + "The quick brown fox jumps over the lazy dog. ".repeat(12)
            + "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
            + "\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":120,\"totalTokenCount\":132,"
            + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":12}]},"
            + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"b3VyIGZha2UgcmVzcG9uc2U\"}").getBytes(StandardCharsets.UTF_8);

    /** One streamed event's payload (the JSON after "data: "). */
    static final byte[] GEMINI_CHUNK = ("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a few words of the answer, "
            + "as Gemini streams them \"}],\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":12,"
            + "\"candidatesTokenCount\":24,\"totalTokenCount\":36},\"modelVersion\":\"gemini-2.5-flash\","
            + "\"responseId\":\"c3RyZWFtZWQgcmVzcG9uc2U\"}").getBytes(StandardCharsets.UTF_8);

    /** A whole streamed body: 20 events with CRLF line ends, as Gemini sends them. */
    static final byte[] SSE_BODY = ("data: " + new String(GEMINI_CHUNK, StandardCharsets.UTF_8) + "\r\n\r\n")
            .repeat(20).getBytes(StandardCharsets.UTF_8);

    private final ChatRequestTranslator requestTranslator = new ChatRequestTranslator(ConversionSettings.DEFAULT);
    private final ChatResponseTranslator responseTranslator =
            new ChatResponseTranslator(ResponseOptions.DEFAULT, ThoughtSignatures.NONE);
    private ChatStreamTranslator streamTranslator;

    @Setup
    public void setUp() throws IOException {
        streamTranslator = new ChatStreamTranslator("gemini-2.5-flash", 1_700_000_000L, true, ResponseOptions.DEFAULT,
                ThoughtSignatures.NONE);
        streamTranslator.onChunk(Json.read(GEMINI_CHUNK, GenerateContentResponse.class)); // past the role frame
    }

    /** Client body → Gemini body, as the chat resource does it. */
    @Benchmark
    public byte[] requestTranslation() throws IOException {
        ChatCompletionRequest request = Json.read(OPENAI_REQUEST, ChatCompletionRequest.class);
        return Json.toBytes(requestTranslator.translate(request, "gemini-2.5-flash", ThoughtSignatures.NONE, Map.of()).request());
    }

    /** Gemini's answer → the OpenAI chat.completion JSON, as the relay does it. */
    @Benchmark
    public String responseTranslation() throws IOException {
        GenerateContentResponse response = Json.read(GEMINI_RESPONSE, GenerateContentResponse.class);
        return Json.toString(responseTranslator.toOpenAi(response, "gemini-2.5-flash", 1_700_000_000L));
    }

    /** One streamed Gemini event → its OpenAI SSE frame(s), as the stream does it for every event. */
    @Benchmark
    public List<String> streamChunkTranslation() throws IOException {
        return streamTranslator.onChunk(Json.read(GEMINI_CHUNK, GenerateContentResponse.class));
    }

    /** Splitting a 20-event body (~5 KB) into event payloads, fed as it arrives: in 1 KB reads. */
    @Benchmark
    public void sseParsing(Blackhole blackhole) throws IOException {
        SseParser parser = new SseParser(blackhole::consume, 1 << 20);
        ByteBuffer body = ByteBuffer.wrap(SSE_BODY);
        for (int at = 0; at < SSE_BODY.length; at += 1024) {
            parser.feed(body.duplicate().position(at).limit(Math.min(SSE_BODY.length, at + 1024)));
        }
        parser.end();
    }
}
