package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.openai.Logprobs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Gemini's logprobsResult → OpenAI's {@code logprobs.content}: chosen tokens with their top alternatives. */
final class LogprobsMapper {

    private LogprobsMapper() {
    }

    static Logprobs toOpenAi(JsonNode result) {
        if (result == null || !result.path("chosenCandidates").isArray()) {
            return null;
        }
        JsonNode chosen = result.get("chosenCandidates");
        JsonNode top = result.path("topCandidates");
        List<Logprobs.Token> tokens = new ArrayList<>(chosen.size());
        for (int t = 0; t < chosen.size(); t++) {
            JsonNode c = chosen.get(t);
            List<Logprobs.TopToken> alternatives = new ArrayList<>();
            for (JsonNode alt : top.path(t).path("candidates")) {
                String token = alt.path("token").asText("");
                alternatives.add(new Logprobs.TopToken(token, alt.path("logProbability").asDouble(), bytes(token)));
            }
            String token = c.path("token").asText("");
            tokens.add(new Logprobs.Token(token, c.path("logProbability").asDouble(), bytes(token), alternatives));
        }
        return new Logprobs(tokens);
    }

    private static List<Integer> bytes(String token) {
        byte[] utf8 = token.getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>(utf8.length);
        for (byte b : utf8) {
            out.add(b & 0xff);
        }
        return out;
    }
}
