package com.geminigateway.gemini;

import java.util.List;

/** A turn: role "user" or "model" (absent for systemInstruction) and its parts. */
public record Content(String role, List<Part> parts) {

    public static Content of(String role, List<Part> parts) {
        return new Content(role, List.copyOf(parts));
    }
}
