package com.geminigateway.translate;

import java.util.Optional;

/** {@code data:<mime>[;param...];base64,<data>}: only base64 data URIs carry binary media. */
record DataUri(String mimeType, String base64) {

    static Optional<DataUri> parse(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, "data:", 0, 5)) {
            return Optional.empty();
        }
        int comma = uri.indexOf(',');
        if (comma < 0) {
            return Optional.empty();
        }
        String[] header = uri.substring(5, comma).split(";");
        boolean base64 = false;
        for (int i = 1; i < header.length; i++) {
            base64 |= header[i].strip().equalsIgnoreCase("base64");
        }
        String data = uri.substring(comma + 1).strip();
        if (!base64 || header[0].isBlank() || data.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DataUri(MediaTypes.normalize(header[0]), data));
    }
}
