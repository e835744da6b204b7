package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.gemini.GenerateContentResponse.Candidate;
import com.geminigateway.gemini.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one candidate (or one streamed piece of it) says, sorted for OpenAI: visible text (with code-execution
 * parts as fenced blocks), thought summaries, and function calls. Thoughts never become visible text.
 */
record CandidateContent(String text, String reasoning, List<Part> functionCalls) {

    static CandidateContent of(Candidate candidate) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<Part> calls = new ArrayList<>(0);
        for (Part part : candidate.partsOrEmpty()) {
            if (part.functionCall() != null) {
                calls.add(part);
            } else if (part.text() != null) {
                (part.isThought() ? reasoning : text).append(part.text());
            } else if (part.executableCode() != null) {
                JsonNode code = part.executableCode();
                text.append("\n```").append(code.path("language").asText("").toLowerCase(Locale.ROOT)
                        .replace("language_unspecified", "")).append('\n')
                        .append(withoutFinalNewline(code.path("code").asText(""))).append("\n```\n");
            } else if (part.codeExecutionResult() != null) {
                text.append("\n```output\n").append(withoutFinalNewline(part.codeExecutionResult().path("output").asText("")))
                        .append("\n```\n");
            }
        }
        return new CandidateContent(text.toString(), reasoning.toString(), calls);
    }

    /** Whether {@link #of} would find visible output, without building its text. */
    static boolean hasOutput(Candidate candidate) {
        for (Part part : candidate.partsOrEmpty()) {
            if (part.functionCall() != null || part.executableCode() != null || part.codeExecutionResult() != null
                    || (part.text() != null && !part.isThought() && !part.text().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    private static String withoutFinalNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
