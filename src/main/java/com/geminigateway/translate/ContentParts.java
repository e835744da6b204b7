package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.gemini.Part;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A message's {@code content} → Gemini parts: text, {@code image_url} (data URIs; http(s) URLs only when the
 * gateway fetched them beforehand), {@code input_audio} and {@code file} (inline base64). Empty texts are
 * skipped: Gemini rejects empty parts.
 */
final class ContentParts {

    private ContentParts() {
    }

    /**
     * @param fetched http(s) image URLs already downloaded by the gateway, by URL; any other http(s) URL is refused
     * @param media   whether non-text parts are allowed (user messages) or only text (system, assistant, tool)
     */
    static List<Part> of(JsonNode content, String param, Map<String, Part.Blob> fetched, boolean media) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return content.asText().isEmpty() ? List.of() : List.of(Part.text(content.asText()));
        }
        if (!content.isArray()) {
            throw GatewayException.invalidRequest("'content' must be a string or an array of content parts.", param + ".content");
        }
        List<Part> parts = new ArrayList<>(content.size());
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + ".content[" + j + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> {
                    JsonNode text = part.get("text");
                    if (text == null || !text.isTextual()) {
                        throw GatewayException.invalidRequest("A text part needs a string 'text'.", partParam + ".text");
                    }
                    if (!text.asText().isEmpty()) {
                        parts.add(Part.text(text.asText()));
                    }
                }
                case "refusal" -> {
                    String refusal = part.path("refusal").asText("");
                    if (!refusal.isEmpty()) {
                        parts.add(Part.text(refusal));
                    }
                }
                case "image_url", "input_audio", "file" -> {
                    if (!media) {
                        throw GatewayException.invalidValue("Content part type '" + type + "' is only allowed in user messages.",
                                partParam + ".type");
                    }
                    parts.add(switch (type) {
                        case "image_url" -> image(part.path("image_url"), partParam + ".image_url", fetched);
                        case "input_audio" -> audio(part.path("input_audio"), partParam + ".input_audio");
                        default -> file(part.path("file"), partParam + ".file");
                    });
                }
                case "" -> throw GatewayException.invalidRequest("Content part " + j + " has no 'type'.", partParam);
                default -> throw GatewayException.invalidValue("Content part type '" + type
                        + "' is not supported: use text, image_url, input_audio or file.", partParam + ".type");
            }
        }
        return parts;
    }

    /** The text of a content that may only hold text (system messages, tool results). */
    static String text(JsonNode content, String param) {
        StringBuilder sb = new StringBuilder();
        for (Part part : of(content, param, Map.of(), false)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(part.text());
        }
        return sb.toString();
    }

    /** Every http(s) image URL of the user messages, for the gateway to fetch before translating. */
    static Set<String> remoteImageUrls(List<com.geminigateway.openai.ChatMessage> messages) {
        Set<String> urls = new LinkedHashSet<>();
        if (messages == null) {
            return urls;
        }
        for (var message : messages) {
            if (message == null || !"user".equals(message.role()) || message.content() == null || !message.content().isArray()) {
                continue;
            }
            for (JsonNode part : message.content()) {
                String url = imageUrl(part.path("image_url"));
                if ("image_url".equals(part.path("type").asText()) && url != null && isRemote(url)) {
                    urls.add(url);
                }
            }
        }
        return urls;
    }

    static boolean isRemote(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** {@code image_url} is {url, detail} in the spec; some clients send the URL string directly. */
    private static String imageUrl(JsonNode imageUrl) {
        JsonNode url = imageUrl.isTextual() ? imageUrl : imageUrl.path("url");
        return url.isTextual() ? url.asText() : null;
    }

    private static Part image(JsonNode imageUrl, String param, Map<String, Part.Blob> fetched) {
        String url = imageUrl(imageUrl);
        if (url == null || url.isBlank()) {
            throw GatewayException.invalidRequest("An image_url part needs 'image_url.url'.", param + ".url");
        }
        if (isRemote(url)) {
            Part.Blob blob = fetched.get(url);
            if (blob == null) {
                throw GatewayException.invalidValue("This gateway does not download images from URLs (IMAGE_URLS=reject);"
                        + " send the image as a data URI (data:image/png;base64,...).", param + ".url");
            }
            return new Part(null, null, null, blob, null, null, null, null, null);
        }
        DataUri data = DataUri.parse(url).orElseThrow(() -> GatewayException.invalidValue(
                "image_url.url must be a base64 data URI (data:image/png;base64,...) or an http(s) URL.", param + ".url"));
        if (!MediaTypes.isImage(data.mimeType())) {
            throw GatewayException.invalidValue("Unsupported image type '" + data.mimeType()
                    + "': Gemini takes image/jpeg, image/png, image/webp, image/heic, image/heif and image/gif.", param + ".url");
        }
        return Part.inline(data.mimeType(), data.base64());
    }

    private static Part audio(JsonNode audio, String param) {
        String data = audio.path("data").asText("");
        if (data.isEmpty()) {
            throw GatewayException.invalidRequest("An input_audio part needs base64 'data'.", param + ".data");
        }
        String format = audio.path("format").asText("");
        String mimeType = MediaTypes.audioFormat(format).orElseThrow(() -> GatewayException.invalidValue(
                "Unsupported audio format '" + format + "': use wav, mp3, aiff, aac, ogg or flac.", param + ".format"));
        return Part.inline(mimeType, data);
    }

    private static Part file(JsonNode file, String param) {
        if (file.hasNonNull("file_id") && !file.hasNonNull("file_data")) {
            throw GatewayException.invalidValue("'file_id' is not supported (this gateway keeps no files); send the file"
                    + " inline as 'file_data'.", param + ".file_id");
        }
        String data = file.path("file_data").asText("");
        if (data.isEmpty()) {
            throw GatewayException.invalidRequest("A file part needs 'file_data' (base64 or a data URI).", param + ".file_data");
        }
        String fileName = file.path("filename").asText(null);
        DataUri uri = DataUri.parse(data).orElse(null);
        String mimeType = uri != null ? uri.mimeType() : MediaTypes.fromFileName(fileName).orElseThrow(() ->
                GatewayException.invalidValue("Cannot tell the file's type: send file_data as a data URI"
                        + " (data:application/pdf;base64,...) or give a filename with a known extension.", param + ".file_data"));
        if (!MediaTypes.isFile(mimeType)) {
            throw GatewayException.invalidValue("Unsupported file type '" + mimeType
                    + "': Gemini reads PDF, text, image, audio and video files.", param + ".file_data");
        }
        return Part.inline(mimeType, uri != null ? uri.base64() : data);
    }
}
