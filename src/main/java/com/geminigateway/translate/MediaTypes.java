package com.geminigateway.translate;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which MIME types the gateway passes to Gemini as inline data, and names for the common aliases. */
public final class MediaTypes {

    /** The image types Gemini documents. */
    public static final Set<String> IMAGES = Set.of("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif",
            "image/gif");

    private static final Map<String, String> ALIASES = Map.of("image/jpg", "image/jpeg", "audio/mpeg", "audio/mp3",
            "audio/x-wav", "audio/wav", "audio/wave", "audio/wav");

    /** input_audio formats: OpenAI names wav and mp3; Gemini also reads these others. */
    private static final Map<String, String> AUDIO_FORMATS = Map.of("wav", "audio/wav", "mp3", "audio/mp3",
            "aiff", "audio/aiff", "aac", "audio/aac", "ogg", "audio/ogg", "flac", "audio/flac");

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"), Map.entry("md", "text/md"),
            Map.entry("html", "text/html"), Map.entry("csv", "text/csv"), Map.entry("xml", "text/xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"), Map.entry("gif", "image/gif"), Map.entry("heic", "image/heic"),
            Map.entry("heif", "image/heif"), Map.entry("wav", "audio/wav"), Map.entry("mp3", "audio/mp3"),
            Map.entry("mp4", "video/mp4"));

    private MediaTypes() {
    }

    public static String normalize(String mimeType) {
        String lower = mimeType.toLowerCase(Locale.ROOT).strip();
        return ALIASES.getOrDefault(lower, lower);
    }

    public static boolean isImage(String mimeType) {
        return IMAGES.contains(normalize(mimeType));
    }

    /** Documents and media Gemini reads inline (file parts): PDF, text, images, audio and video. */
    public static boolean isFile(String mimeType) {
        String type = normalize(mimeType);
        return type.equals("application/pdf") || type.startsWith("text/") || isImage(type)
                || type.startsWith("audio/") || type.startsWith("video/");
    }

    static Optional<String> audioFormat(String format) {
        return Optional.ofNullable(AUDIO_FORMATS.get(format.toLowerCase(Locale.ROOT)));
    }

    static Optional<String> fromFileName(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        return dot < 0 ? Optional.empty()
                : Optional.ofNullable(EXTENSIONS.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }
}
